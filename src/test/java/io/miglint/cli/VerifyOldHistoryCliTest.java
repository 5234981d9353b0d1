package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team adopting verify on an old history (embedded PostgreSQL): an old up this server refuses, an old down that
 * fails, an old down that leaves something behind. `miglint verify` reports each, and what a baseline taken with
 * `--verify` records stays hidden when an unrelated migration is added; `--changed-since` reports on the new one
 * only; `--downs-since` leaves the old downs alone.
 */
@Tag("slow")
class VerifyOldHistoryCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path repo;
    Path db;

    @BeforeEach
    void oldHistory() throws Exception {
        repo = Files.createDirectories(tmp.resolve("repo"));
        db = repo.resolve("db");
        Cli.pair(
                db,
                "20210101000000_create_users",
                "CREATE TABLE users (id bigint PRIMARY KEY);\n"
                        + "CREATE ROLE reporting;\nGRANT SELECT ON users TO reporting;\n",
                "DROP TABLE users;\n");
        Cli.pair(
                db,
                "20210201000000_add_users_email",
                "ALTER TABLE users ADD COLUMN email text;\n",
                "ALTER TABLE users DROP COLUMN emial;\n");
        Cli.pair(
                db,
                "20210301000000_create_orders",
                "CREATE TABLE orders (id bigint PRIMARY KEY, "
                        + "user_id bigint REFERENCES users (id));\nCREATE SEQUENCE order_no;\n",
                "DROP TABLE orders;\n");
    }

    /** "ruleId file" of the active findings (suppressed ones end in " suppressed"). */
    private List<String> run(String command, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(command, db.toString(), "--format", "json", "--fail-on", "never"));
        if (command.equals("check")) {
            args.add("--verify");
        }
        args.addAll(List.of(extra));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(ExitCode.CLEAN, r.exit(), r.toString());
        List<String> out = new ArrayList<>();
        for (JsonNode f : JSON.readTree(r.out()).get("findings")) {
            String id = f.get("ruleId").asText();
            if (id.startsWith("verify-") || id.equals("baseline-stale")) {
                JsonNode s = f.get("suppressed");
                out.add(id + " " + Path.of(f.get("file").asText()).getFileName()
                        + (s == null || s.isNull() ? "" : " suppressed"));
            }
        }
        return out;
    }

    @Test
    void everyOldMigrationIsReportedOnItsOwnAndTheNewOneStillRuns() throws Exception {
        Cli r = Cli.run("verify", db.toString(), "--format", "json", "--fail-on", "never");
        List<String> got = run("verify");
        assertEquals(
                List.of(
                        "verify-needs-superuser 20210101000000_create_users.up.sql",
                        "verify-down-failed 20210201000000_add_users_email.down.sql",
                        "verify-down-incomplete 20210301000000_create_orders.down.sql"),
                got,
                r.toString());
        JsonNode first = JSON.readTree(r.out()).get("findings").get(0);
        assertTrue(first.get("message").asText().contains("CREATE ROLE was not run"), first.toString());
        assertTrue(first.get("message").asText().contains("so their results assume that schema"), first.toString());
    }

    @Test
    void aBaselineTakenWithVerifyHidesTheOldFindingsWhenAnUnrelatedMigrationIsAdded() throws Exception {
        Path baseline = repo.resolve(".miglint-baseline.json");
        Cli written = Cli.run("baseline", db.toString(), "--verify", "-o", baseline.toString());
        assertEquals(0, written.exit(), written.toString());
        TestGit git = TestGit.init(repo);
        git.commitAll("history");

        Cli.pair(
                db,
                "20240101000000_create_items",
                "CREATE TABLE items (id bigint PRIMARY KEY);\n",
                "DROP TABLE items;\n");
        List<String> old = List.of(
                "verify-needs-superuser 20210101000000_create_users.up.sql suppressed",
                "verify-down-failed 20210201000000_add_users_email.down.sql suppressed",
                "verify-down-incomplete 20210301000000_create_orders.down.sql suppressed");
        assertEquals(old, run("verify", "--baseline", baseline.toString()), "nothing old, nothing stale");
        assertEquals(old, run("check", "--baseline", baseline.toString()));
        assertEquals(List.of(), run("verify", "--changed-since", "HEAD"), "the new migration is clean");
        Cli gate = Cli.run("verify", db.toString(), "--baseline", baseline.toString());
        assertEquals(ExitCode.CLEAN, gate.exit(), gate.toString());

        // the new migration's own defect is reported, with or without the baseline
        Files.writeString(db.resolve("20240101000000_create_items.down.sql"), "SELECT 1;\n");
        assertEquals(
                List.of("verify-down-incomplete 20240101000000_create_items.down.sql"),
                run("verify", "--changed-since", "HEAD"));
        List<String> both = run("verify", "--baseline", baseline.toString(), "--changed-since", "HEAD");
        assertEquals(List.of("verify-down-incomplete 20240101000000_create_items.down.sql"), both);
    }

    @Test
    void downsSinceLeavesTheOldDownsAlone() throws Exception {
        List<String> expected = List.of(
                "verify-needs-superuser 20210101000000_create_users.up.sql",
                "verify-down-incomplete 20210301000000_create_orders.down.sql");
        assertEquals(expected, run("verify", "--downs-since", "20210301000000"));
        Files.writeString(repo.resolve(".miglint.yaml"), "verify:\n  downs-since: 20210301000000\n");
        assertEquals(expected, run("verify"));
        assertEquals(expected, run("check"));
        Files.writeString(repo.resolve(".miglint.yaml"), "verify:\n  downs-since: 20220101000000\n");
        assertEquals(List.of("verify-needs-superuser 20210101000000_create_users.up.sql"), run("verify"));

        Files.writeString(repo.resolve(".miglint.yaml"), "verify:\n  downs-since: 1.10\n");
        Cli bad = Cli.run("verify", db.toString());
        assertEquals(ExitCode.USAGE, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("verify.downs-since: write the version in quotes"), bad.err());
        Files.delete(repo.resolve(".miglint.yaml"));
        Cli flag = Cli.run("verify", db.toString(), "--downs-since", "latest");
        assertEquals(ExitCode.USAGE, flag.exit(), flag.toString());
        assertTrue(flag.err().contains("--downs-since 'latest': expected a migration version"), flag.err());
    }
}
