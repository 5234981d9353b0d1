package io.miglint.verify;

import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Each test gets a scratch database of its own on the PostgreSQL at 127.0.0.1:5432 (url engine), and a connection. */
abstract class ScratchSchemaTest {
    private static ThrowawayDatabase server;
    private ScratchDatabase db;
    Connection conn;
    final CatalogReader reader = new CatalogReader(VerifyOptions.TRACKING_TABLES);

    @BeforeAll
    static void open() throws Exception {
        server = ThrowawayDatabase.open(VerifyOptions.forUrl(TestDatabases.LOCAL_URL));
    }

    @AfterAll
    static void close() {
        server.close();
    }

    @BeforeEach
    void scratch() throws Exception {
        db = server.createScratch();
        conn = db.connect(false);
    }

    @AfterEach
    void dropScratch() throws Exception {
        conn.close();
        server.drop(db);
    }

    ScratchDatabase db() {
        return db;
    }

    void exec(String sql) throws Exception {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }
}
