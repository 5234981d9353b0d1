package io.miglint.verify;

import org.junit.jupiter.api.Assumptions;

/** Where the integration tests find PostgreSQL. */
final class TestDatabases {
    static final String LOCAL_URL =
            System.getProperty("miglint.test.databaseUrl", "postgres://postgres@127.0.0.1:5432/postgres");

    private TestDatabases() {}

    /** The url engine on {@link #LOCAL_URL}; aborts the calling test class when that server is not reachable. */
    static ThrowawayDatabase openLocal() {
        try {
            return ThrowawayDatabase.open(VerifyOptions.forUrl(LOCAL_URL));
        } catch (DatabaseUnavailableException e) {
            Assumptions.abort("PostgreSQL is not reachable at " + LOCAL_URL + ": " + e.getMessage());
            throw new AssertionError(e);
        }
    }
}
