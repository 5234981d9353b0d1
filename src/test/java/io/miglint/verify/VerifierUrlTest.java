package io.miglint.verify;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The verifier against the PostgreSQL server on 127.0.0.1:5432 (url engine). */
@Tag("slow")
class VerifierUrlTest extends VerifierContract {
    private static ThrowawayDatabase db;

    @BeforeAll
    static void open() throws DatabaseUnavailableException {
        db = ThrowawayDatabase.open(VerifyOptions.forUrl(TestDatabases.LOCAL_URL));
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
