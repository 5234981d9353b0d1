package io.miglint.verify;

/** Where the integration tests find PostgreSQL. */
final class TestDatabases {
    static final String LOCAL_URL = System.getProperty("miglint.test.databaseUrl",
            "postgres://postgres@127.0.0.1:5432/postgres");

    private TestDatabases() {
    }
}
