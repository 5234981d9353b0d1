package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The verifier against the embedded PostgreSQL 17, started once for the class. */
@Tag("slow")
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

    private static boolean exists(Connection admin, String name) throws SQLException {
        try (Statement st = admin.createStatement();
                ResultSet rs = st.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
            return rs.next();
        }
    }

    /**
     * The embedded cluster drops scratch databases off the verifier's thread, but it does drop them; every copy of
     * its template has the change capture.
     */
    @Test
    void aDroppedScratchDatabaseGoesAwayInTheBackground() throws Exception {
        ScratchDatabase keep = db.createScratch();
        ScratchDatabase gone = db.createScratch();
        assertTrue(keep.changeCapture() && gone.changeCapture());
        try (Connection admin = keep.connect(true)) {
            assertTrue(exists(admin, gone.name()));
            db.drop(gone);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (exists(admin, gone.name()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(exists(admin, gone.name()), "still there after 30 s");
            assertTrue(exists(admin, keep.name()));
        } finally {
            db.drop(keep);
        }
    }
}
