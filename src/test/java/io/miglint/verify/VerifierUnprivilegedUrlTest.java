package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Finding;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verifier on a server where the URL's role may create databases but is no superuser (a managed PostgreSQL, say):
 * no event triggers can be installed, so snapshots find changes from the catalogs' row versions, and nothing can fall
 * back to a superuser.
 */
class VerifierUnprivilegedUrlTest extends VerifierContract {
    private static final String ROLE = "miglint_test_creator_" + ScratchServer.randomSuffix();
    private static ThrowawayDatabase db;

    private static void asAdmin(String sql) throws Exception {
        DatabaseUrl admin = DatabaseUrl.parse(TestDatabases.LOCAL_URL);
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.properties());
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @BeforeAll
    static void open() throws Exception {
        asAdmin("create role " + ROLE + " login createdb");
        DatabaseUrl admin = DatabaseUrl.parse(TestDatabases.LOCAL_URL);
        db = ThrowawayDatabase.open(VerifyOptions.forUrl("postgres://" + ROLE + "@" + admin.host() + ":"
                + admin.port() + "/" + admin.database()));
    }

    @AfterAll
    static void close() throws Exception {
        if (db != null) {
            db.close();
        }
        asAdmin("drop role if exists " + ROLE);
    }

    @Override
    ThrowawayDatabase database() {
        return db;
    }

    @Test
    void scratchDatabasesHaveNoChangeCapture() throws Exception {
        ScratchDatabase scratch = db.createScratch();
        try {
            assertFalse(scratch.changeCapture());
            assertFalse(db.superuserAvailable());
        } finally {
            db.drop(scratch);
        }
    }

    /** Without a superuser there is nothing to fall back to: the extension's up fails, as it would in production. */
    @Override
    @Test
    void trustedExtensionsRunAsTheOwnerAndOthersFallBackToSuperuserWithANote() throws IOException {
        MigrationSet trusted = folder(LayoutKind.GOLANG_MIGRATE,
                "1_citext.up.sql", "create extension if not exists citext;\ncreate table u (email citext);\n",
                "1_citext.down.sql", "drop table u;\ndrop extension citext;\n");
        assertTrue(verify(trusted).findings().isEmpty(), () -> describe(verify(trusted).findings()));

        MigrationSet privileged = folder(LayoutKind.SQLX,
                "1_stats.up.sql", "-- needs a superuser\ncreate extension pgstattuple;\n",
                "1_stats.down.sql", "drop extension pgstattuple;\n");
        Finding f = only(verify(privileged), "verify-up-failed");
        assertTrue(f.message().contains("42501"), f.message());
        assertAt(f, "1_stats.up.sql", 2, 1);
    }
}
