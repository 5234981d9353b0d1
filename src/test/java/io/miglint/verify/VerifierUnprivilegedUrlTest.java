package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The verifier on a server where the URL's role may create databases but is no superuser and may not create roles (a
 * managed PostgreSQL, say): the migrations run as a runner role created beforehand ({@code --runner-role}); no event
 * triggers can be installed, so snapshots find changes from the catalogs' row versions; no extension that needs a
 * superuser can be installed.
 */
@Tag("slow")
class VerifierUnprivilegedUrlTest extends VerifierContract {
    private static final String ROLE = "miglint_test_creator_" + ScratchServer.randomSuffix();
    private static final String RUNNER = "miglint_test_runner_" + ScratchServer.randomSuffix();
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
        asAdmin("create role " + RUNNER + " login password 'runner-pw'");
        asAdmin("grant " + RUNNER + " to " + ROLE);
        db = ThrowawayDatabase.open(options(RUNNER));
    }

    static VerifyOptions options(String runner) {
        DatabaseUrl admin = DatabaseUrl.parse(TestDatabases.LOCAL_URL);
        VerifyOptions o = VerifyOptions.forUrl(
                "postgres://" + ROLE + "@" + admin.host() + ":" + admin.port() + "/" + admin.database());
        return runner == null ? o : o.withSandbox(VerifyOptions.Sandbox.DEFAULT.withRunnerRole(runner, "runner-pw"));
    }

    @AfterAll
    static void close() throws Exception {
        if (db != null) {
            db.close();
        }
        asAdmin("drop role if exists " + ROLE);
        asAdmin("drop role if exists " + RUNNER);
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
            assertEquals(RUNNER, scratch.runner().user());
        } finally {
            db.drop(scratch);
        }
    }

    /** Without a superuser nothing can be installed for the folder: the allowed extension is refused too. */
    @Override
    @Test
    void trustedExtensionsRunAsTheOwnerAllowedOnesArePreinstalledAndOthersAreRefused() throws IOException {
        MigrationSet trusted = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_citext.up.sql",
                "create extension if not exists citext;\ncreate table u (email citext);\n",
                "1_citext.down.sql",
                "drop table u;\ndrop extension citext;\n");
        assertTrue(
                verify(trusted).findings().isEmpty(),
                () -> describe(verify(trusted).findings()));

        MigrationSet privileged = folder(
                LayoutKind.SQLX,
                "1_stats.up.sql",
                "-- needs a superuser\ncreate extension pg_stat_statements;\n",
                "1_stats.down.sql",
                "drop extension pg_stat_statements;\n");
        Finding f = only(verify(privileged), "verify-needs-superuser");
        assertTrue(f.message().contains("could not install pg_stat_statements"), f.message());
        assertAt(f, "1_stats.up.sql", 2, 1);
    }

    /** A role that may not create roles never runs the migrations itself: one line, a usage error, the way out. */
    @Test
    void withoutARunnerRoleTheUrlsOwnRoleIsRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ThrowawayDatabase.open(options(null)));
        assertTrue(
                e.getMessage().contains("may not create roles")
                        && e.getMessage().contains("--runner-role"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    /** A pre-created runner with more than its scratch database's rights is refused, never used. */
    @Test
    void aPrivilegedRunnerRoleIsRefused() throws Exception {
        String strong = "miglint_test_strong_" + ScratchServer.randomSuffix();
        asAdmin("create role " + strong + " login createrole");
        asAdmin("grant " + strong + " to " + ROLE);
        try {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> ThrowawayDatabase.open(options(strong)));
            assertTrue(e.getMessage().contains("CREATEROLE"), e.getMessage());
            IllegalArgumentException self =
                    assertThrows(IllegalArgumentException.class, () -> ThrowawayDatabase.open(options(ROLE)));
            assertTrue(self.getMessage().contains("CREATEDB"), self.getMessage());
        } finally {
            asAdmin("drop role if exists " + strong);
        }
    }
}
