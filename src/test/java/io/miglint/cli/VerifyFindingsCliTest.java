package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * A real verifier finding (a down that leaves a column behind, on the embedded PostgreSQL) through the whole command
 * line: the same stage as lint findings, so `--disable`, `rules:`, a suppression comment, `exclude:`,
 * `--changed-since` and a baseline all reach it.
 */
@Tag("slow")
class VerifyFindingsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "verify-down-incomplete";

    @TempDir
    Path tmp;

    Path repo;
    Path db;

    @BeforeEach
    void folderWithAnIncompleteDown() throws Exception {
        repo = Files.createDirectories(tmp.resolve("repo"));
        db = Files.createDirectories(repo.resolve("db"));
        Files.writeString(db.resolve("1_create_users.up.sql"), "CREATE TABLE users (id bigint PRIMARY KEY);\n");
        Files.writeString(db.resolve("1_create_users.down.sql"), "DROP TABLE users;\n");
        Files.writeString(db.resolve("2_add_users_email.up.sql"), "ALTER TABLE users ADD COLUMN email text;\n");
        down("");
    }

    private void down(String comment) throws Exception {
        Files.writeString(db.resolve("2_add_users_email.down.sql"), comment + "SELECT 1;\n");
    }

    /** "ruleId file:line" of the findings, with " suppressed" or " suppressed external" for silenced ones. */
    private List<String> check(String... extra) throws Exception {
        List<String> args =
                new ArrayList<>(List.of("check", db.toString(), "--verify", "--format", "json", "--fail-on", "never"));
        args.addAll(List.of(extra));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(ExitCode.CLEAN, r.exit(), r.toString());
        List<String> out = new ArrayList<>();
        for (JsonNode f : JSON.readTree(r.out()).get("findings")) {
            String id = f.get("ruleId").asText();
            if (id.startsWith("verify-") || id.equals("unknown-suppression") || id.equals("baseline-stale")) {
                JsonNode s = f.get("suppressed");
                out.add(id + " " + Path.of(f.get("file").asText()).getFileName() + ":"
                        + f.get("line").asInt()
                        + (s == null || s.isNull()
                                ? ""
                                : " suppressed " + s.get("kind").asText()));
            }
        }
        return out;
    }

    @Test
    void isReportedAndSilencedByACommentAtItsStatement() throws Exception {
        assertEquals(List.of(ID + " 2_add_users_email.down.sql:1"), check());
        down("-- miglint:ignore " + ID + " the column is dropped by hand in production\n");
        assertEquals(
                List.of(ID + " 2_add_users_email.down.sql:2 suppressed inSource"),
                check(),
                "suppressed, and the comment's id is not an unknown suppression");
    }

    @Test
    void isTurnedOffByFlagOrConfigurationAndExcluded() throws Exception {
        assertEquals(List.of(), check("--disable", ID));
        Files.writeString(repo.resolve(".miglint.yaml"), "rules:\n  " + ID + ": off\n");
        Files.writeString(repo.resolve("other.yaml"), "exclude: [\"db/2_*\"]\n");
        assertEquals(List.of(), check());
        assertEquals(List.of(), check("--config", repo.resolve("other.yaml").toString()));
    }

    @Test
    void isHiddenByABaselineAndOutsideChangedFiles() throws Exception {
        Path baseline = repo.resolve("baseline.json");
        Cli written = Cli.run("baseline", db.toString(), "--verify", "-o", baseline.toString());
        assertEquals(0, written.exit(), written.toString());
        assertEquals(
                List.of(ID + " 2_add_users_email.down.sql:1 suppressed external"),
                check("--baseline", baseline.toString()));

        TestGit git = TestGit.init(repo);
        git.commitAll("history");
        Files.writeString(db.resolve("3_add_users_name.up.sql"), "ALTER TABLE users ADD COLUMN name text;\n");
        Files.writeString(db.resolve("3_add_users_name.down.sql"), "ALTER TABLE users DROP COLUMN name;\n");
        assertEquals(List.of(), check("--changed-since", "HEAD"), "only the new migration is reported on");
    }
}
