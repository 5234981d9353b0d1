package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy: offline} in {@code .miglint.yaml} and {@code --deploy offline}: the online-only rules (locks, old code
 * still running) are off unless enabled explicitly; everything else is reported as before.
 */
class DeployOfflineTest {
    @TempDir
    Path tmp;

    Path dir;

    /**
     * An index built and a column added on a table a year old (lock findings) and a statement that is not SQL (a
     * syntax error).
     */
    @BeforeEach
    void folder() throws Exception {
        dir = tmp.resolve("db/migrations");
        Cli.pair(
                dir,
                "20230101120000_create_users_table",
                "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n",
                "DROP TABLE users;\n");
        Cli.pair(
                dir,
                "20240102120000_index_users_email",
                "CREATE INDEX users_email_idx ON users (email);\nALTER TABLE users ADD COLUMN nickname text;\n",
                "ALTER TABLE users DROP COLUMN nickname;\nDROP INDEX users_email_idx;\n");
        Cli.pair(
                dir,
                "20240103120000_create_teams_table",
                "CREATE TABLE teams (id int);\nSELEC 1;\n",
                "DROP TABLE teams;\n");
    }

    private Set<String> ids(String... extra) throws Exception {
        Set<String> ids = new TreeSet<>();
        for (JsonNode f : Cli.findings(dir, extra)) {
            ids.add(f.get("ruleId").asText());
        }
        return ids;
    }

    private void config(String yaml) throws Exception {
        Files.writeString(tmp.resolve(".miglint.yaml"), yaml);
    }

    @Test
    void byDefaultTheLockFindingsAndTheSyntaxErrorAreReported() throws Exception {
        Set<String> ids = ids();
        assertTrue(
                ids.containsAll(Set.of("syntax-error", "lock-timeout-missing", "require-concurrent-index")),
                ids.toString());
    }

    @Test
    void deployOfflineInTheConfigurationLeavesOnlyTheSyntaxError() throws Exception {
        config("deploy: offline\n");
        assertEquals(Set.of("syntax-error"), ids());
    }

    @Test
    void theFlagDoesTheSameAndOverridesTheConfiguration() throws Exception {
        assertEquals(Set.of("syntax-error"), ids("--deploy", "offline"));
        config("deploy: offline\n");
        assertTrue(ids("--deploy", "online").contains("require-concurrent-index"));
    }

    @Test
    void aRuleEnabledExplicitlyStillRuns() throws Exception {
        config("deploy: offline\n");
        assertEquals(Set.of("syntax-error", "lock-timeout-missing"), ids("--enable", "lock-timeout-missing"));
        config("deploy: offline\nrules:\n  require-concurrent-index: error\n");
        assertEquals(Set.of("syntax-error", "require-concurrent-index"), ids());
    }

    /**
     * A down that puts back a NOT NULL or a narrower type fails at rollback whether or not the application runs: both
     * failures stay reported offline, while the scan and the rewrite (set-not-null, change-column-type) go.
     */
    @Test
    void aDownThatFailsOnRowsWrittenSinceTheUpIsStillReportedOffline() throws Exception {
        Files.writeString(
                dir.resolve("20240104120000_create_accounts_table.up.sql"),
                "CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, code varchar(20));\n");
        Files.writeString(dir.resolve("20240104120000_create_accounts_table.down.sql"), "DROP TABLE accounts;\n");
        Files.writeString(
                dir.resolve("20240201120000_change_accounts_columns.up.sql"),
                "ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL;\n"
                        + "ALTER TABLE accounts ALTER COLUMN code TYPE varchar(80);\n"
                        + "ALTER TABLE accounts ALTER COLUMN id TYPE text;\n");
        Files.writeString(
                dir.resolve("20240201120000_change_accounts_columns.down.sql"),
                "ALTER TABLE accounts ALTER COLUMN code TYPE varchar(20);\n"
                        + "ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;\n"
                        + "ALTER TABLE accounts ALTER COLUMN id TYPE bigint USING id::bigint;\n");
        Set<String> online = ids();
        assertTrue(
                online.containsAll(Set.of("down-narrows-type", "down-restores-not-null", "change-column-type")),
                online.toString());
        assertEquals(Set.of("syntax-error", "down-narrows-type", "down-restores-not-null"), ids("--deploy", "offline"));
    }

    @Test
    void anUnknownValueIsAUsageErrorThatPointsAtIt() throws Exception {
        config("pg-version: 15\ndeploy: sometimes\n");
        Cli r = Cli.run("check", dir.toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertTrue(r.err().contains(".miglint.yaml:2:9: deploy 'sometimes' is not one of online, offline"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());

        Files.delete(tmp.resolve(".miglint.yaml"));
        Cli flag = Cli.run("check", dir.toString(), "--deploy", "live");
        assertEquals(ExitCode.USAGE, flag.exit(), flag.toString());
        assertTrue(flag.err().contains("--deploy 'live' is not one of online, offline"), flag.err());
    }

    @Test
    void theRulesListSaysWhichRulesAreOnlineOnly() throws Exception {
        Cli r = Cli.run("rules", "--format", "json");
        assertEquals(ExitCode.CLEAN, r.exit(), r.toString());
        Set<String> onlineOnly = new TreeSet<>();
        for (JsonNode rule : new ObjectMapper().readTree(r.out()).get("rules")) {
            if (rule.get("onlineOnly").asBoolean()) {
                onlineOnly.add(rule.get("id").asText());
            }
        }
        assertTrue(onlineOnly.containsAll(Set.of("lock-timeout-missing", "rename-column")), onlineOnly.toString());
        assertFalse(onlineOnly.contains("syntax-error"), onlineOnly.toString());
        assertTrue(Cli.run("rules")
                .out()
                .lines()
                .anyMatch(l -> l.startsWith("rename-column ") && l.endsWith("(online only)")));
    }
}
