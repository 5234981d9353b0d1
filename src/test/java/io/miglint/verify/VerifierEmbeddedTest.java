package io.miglint.verify;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The verifier against the embedded PostgreSQL 17, started once for the class. */
class VerifierEmbeddedTest extends VerifierContract {
    private static ThrowawayDatabase db;

    @BeforeAll
    static void open() throws DatabaseUnavailableException {
        db = ThrowawayDatabase.open(VerifyOptions.defaults());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Override
    ThrowawayDatabase database() {
        return db;
    }
}
