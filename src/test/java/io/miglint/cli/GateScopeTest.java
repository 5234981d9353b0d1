package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.miglint.verify.DatabaseUrl;
import io.miglint.verify.ScratchDatabase;
import io.miglint.verify.ThrowawayDatabase;
import io.miglint.verify.VerifyOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the gate reports on and with which settings, against the machine's server: {@code --changed-since} narrows the
 * lint and verify findings to the changed pending migrations while status problems and drift still cover the folder;
 * the lint rules assume the target's major unless told otherwise; each tool error is reported once.
 */
@Tag("slow")
class GateScopeTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String ENGINE_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REWRITE = "add-column-volatile-default@3_c.up.sql";

    @TempDir
    Path repo;

    String db;

    @BeforeEach
    void create() throws Exception {
        db = "miglint_gate_" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
        admin("create database " + db);
    }

    @AfterEach
    void drop() throws Exception {
        admin("drop database if exists " + db + " with (force)");
    }

    private static void admin(String sql) throws Exception {
        exec("postgres", sql);
    }

    private static void exec(String database, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", "");
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private String url() {
        return "postgres://postgres@127.0.0.1:5432/" + db;
    }

    private Cli gate(Path folder, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "gate", folder.toString(), "--database-url", url(), "--engine", "url", "--engine-url", ENGINE_SERVER));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    /** rule id @ file name of every finding in a JSON report. */
    private static Set<String> findings(Cli r) throws Exception {
        Set<String> out = new TreeSet<>();
        for (JsonNode f : JSON.readTree(r.out()).get("findings")) {
            out.add(f.get("ruleId").asText() + "@"
                    + Path.of(f.get("file").asText()).getFileName());
        }
        return out;
    }

    private static long count(String text, String part) {
        long n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** An index built without CONCURRENTLY (a lint warning) and a down that leaves a sequence (a verify error). */
    private static void pendingWithFindings(Path folder, String version, String table) throws Exception {
        Cli.pair(
                folder,
                version + "_" + table,
                "create table " + table + " (id int);\n" + "create sequence " + table + "_seq;\ncreate index " + table
                        + "_t_id on t (id);\n",
                "drop index " + table + "_t_id;\ndrop table " + table + ";\n");
    }

    @Test
    void changedSinceNarrowsLintAndVerifyButNotStatusOrDrift() throws Exception {
        TestGit git = TestGit.init(repo);
        Path folder = repo.resolve("db/migrations");
        Cli.pair(folder, "1_t", "create table t (id int);\n", "drop table t;\n");
        pendingWithFindings(folder, "2", "a");
        git.commitAll("first two migrations");
        git.run("checkout", "-q", "-b", "feature");
        pendingWithFindings(folder, "3", "b");
        git.commitAll("a third migration on the branch");

        Cli applied = Cli.run("apply", folder.toString(), "--database-url", url(), "--to", "1", "--yes", "--skip-gate");
        assertEquals(0, applied.exit(), applied.toString());
        exec(db, "alter table t add column by_hand int"); // drift: in no migration

        Cli all = gate(folder, "--format", "json");
        assertEquals(1, all.exit(), all.toString());
        Set<String> everything = findings(all);
        assertTrue(
                everything.containsAll(Set.of(
                        "require-concurrent-index@2_a.up.sql",
                        "require-concurrent-index@3_b.up.sql",
                        "verify-down-incomplete@2_a.down.sql",
                        "verify-down-incomplete@3_b.down.sql",
                        "schema-drift@migrations")),
                everything.toString());

        Cli changed = gate(folder, "--format", "json", "--changed-since", "main");
        assertEquals(1, changed.exit(), changed.toString());
        Set<String> narrowed = findings(changed);
        assertTrue(
                narrowed.containsAll(Set.of(
                        "require-concurrent-index@3_b.up.sql",
                        "verify-down-incomplete@3_b.down.sql",
                        "schema-drift@migrations")),
                narrowed.toString());
        assertFalse(
                narrowed.stream().anyMatch(f -> f.endsWith("@2_a.up.sql") || f.endsWith("@2_a.down.sql")),
                narrowed.toString());

        Cli unknownRef = gate(folder, "--changed-since", "no-such-ref");
        assertEquals(ExitCode.USAGE, unknownRef.exit(), unknownRef.toString());
        assertTrue(unknownRef.err().contains("ref no-such-ref not found"), unknownRef.toString());
    }

    @Test
    void lintRulesAssumeTheTargetsMajorUnlessSetExplicitly() throws Exception {
        Path folder = repo.resolve("migrations");
        // a constant default rewrites the table before PostgreSQL 11 only (add-column-volatile-default)
        Cli.pair(folder, "1_t", "create table t (id int);\n", "drop table t;\n");
        Cli.pair(folder, "2_fill", "insert into t select generate_series(1, 10);\n", "delete from t;\n");
        Cli.pair(folder, "3_c", "alter table t add column c int default 0;\n", "alter table t drop column c;\n");
        try (ThrowawayDatabase server = ThrowawayDatabase.open(VerifyOptions.defaults())) {
            int major = server.serverVersionNum() / 10000;
            ScratchDatabase target = server.createScratchWithoutCapture();
            DatabaseUrl a = target.admin();
            String targetUrl = "postgres://" + a.user() + ":" + URLEncoder.encode(a.password(), StandardCharsets.UTF_8)
                    + "@" + a.host() + ":" + a.port() + "/" + a.database();
            List<String> base = List.of(
                    "gate",
                    folder.toString(),
                    "--database-url",
                    targetUrl,
                    "--engine",
                    "url",
                    "--engine-url",
                    ENGINE_SERVER,
                    "--format",
                    "json",
                    "--fail-on",
                    "never");

            Cli byTarget = Cli.run(base.toArray(String[]::new));
            assertEquals(0, byTarget.exit(), byTarget.toString());
            assertFalse(findings(byTarget).contains(REWRITE), byTarget.toString());
            assertTrue(
                    lastLine(byTarget.err()).endsWith("lint rules for PostgreSQL " + major + " (the target's)"),
                    byTarget.err());

            List<String> explicit = new ArrayList<>(base);
            explicit.addAll(List.of("--pg-version", "10"));
            Cli byFlag = Cli.run(explicit.toArray(String[]::new));
            assertEquals(0, byFlag.exit(), byFlag.toString());
            assertTrue(findings(byFlag).contains(REWRITE), byFlag.toString());
            assertTrue(lastLine(byFlag.err()).endsWith("lint rules for PostgreSQL 10 (--pg-version)"), byFlag.err());

            Files.writeString(repo.resolve(".miglint.yaml"), "pg-version: 10\n");
            Cli byConfig = Cli.run(base.toArray(String[]::new));
            assertEquals(0, byConfig.exit(), byConfig.toString());
            assertTrue(findings(byConfig).contains(REWRITE), byConfig.toString());
            assertTrue(
                    lastLine(byConfig.err())
                            .endsWith("lint rules for PostgreSQL 10 (pg-version in " + ".miglint.yaml)"),
                    byConfig.err());
        }
    }

    private static String lastLine(String text) {
        return text.strip().lines().reduce((x, y) -> y).orElse("");
    }

    @Test
    void anUnreadableMigrationIsOneErrorOnEachChannel() throws Exception {
        Path folder = repo.resolve("migrations");
        Cli.pair(folder, "1_t", "create table t (id int);\n", "drop table t;\n");
        Files.write(
                folder.resolve("2_u.up.sql"),
                "create table u (x text default '\u00ff');\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(folder.resolve("2_u.down.sql"), "drop table u;\n");

        Cli json = gate(folder, "--format", "json");
        assertEquals(ExitCode.INPUT, json.exit(), json.toString());
        JsonNode errors = JSON.readTree(json.out()).get("errors");
        assertEquals(1, errors.size(), json.toString());
        assertEquals("unreadable-file", errors.get(0).get("kind").asText(), json.toString());
        assertEquals(1, count(json.err(), "2_u.up.sql"), json.toString());
        assertTrue(json.err().contains("miglint: " + errors.get(0).get("file").asText() + ":1:"), json.toString());

        // the text report on stdout (not a terminal here) lists it once, stderr once
        Cli text = gate(folder);
        assertEquals(ExitCode.INPUT, text.exit(), text.toString());
        assertEquals(1, count(text.out(), "2_u.up.sql"), text.toString());
        assertEquals(1, count(text.err(), "2_u.up.sql"), text.toString());

        // verify alone (no lint) says what is wrong in words, not the JDK's "Input length = 1"
        Cli verify = Cli.run("verify", folder.toString(), "--engine", "url", "--database-url", ENGINE_SERVER);
        assertEquals(ExitCode.INPUT, verify.exit(), verify.toString());
        assertTrue(
                verify.err()
                        .contains("2_u.up.sql: io: cannot read the migration: not valid UTF-8 text; the "
                                + "folder was not verified"),
                verify.toString());

        // apply prints the failed gate's text report on stderr: there, once
        Cli apply = Cli.run("apply", folder.toString(), "--database-url", url(), "--yes");
        assertEquals(ExitCode.INPUT, apply.exit(), apply.toString());
        assertEquals(1, count(apply.err(), "2_u.up.sql"), apply.toString());
    }

    @Test
    void aReplayThatStopsIsOneError() throws Exception {
        Path folder = repo.resolve("migrations");
        Cli.pair(folder, "1_t", "create table t (id int);\n", "drop table t;\n");
        Cli.pair(folder, "2_u", "create table u (id int);\n", "drop table u;\n");
        Cli applied = Cli.run("apply", folder.toString(), "--database-url", url(), "--to", "1", "--yes", "--skip-gate");
        assertEquals(0, applied.exit(), applied.toString());
        // applied, then edited (golang-migrate keeps no checksum): its replay ends its own session
        Files.writeString(
                folder.resolve("1_t.up.sql"),
                "create table t (id int);\n" + "select pg_terminate_backend(pg_backend_pid());\n");

        Cli r = gate(folder, "--format", "json");
        assertEquals(ExitCode.DATABASE_UNAVAILABLE, r.exit(), r.toString());
        JsonNode errors = JSON.readTree(r.out()).get("errors");
        assertEquals(1, errors.size(), r.toString());
        assertTrue(
                errors.get(0).get("message").asText().startsWith("the replay of the applied migrations stopped"),
                r.toString());
        assertEquals(1, count(r.err(), "replay of the applied migrations stopped"), r.toString());
    }
}
