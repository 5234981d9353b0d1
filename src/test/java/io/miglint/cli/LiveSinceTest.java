package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.miglint.engine.LiveSince;
import io.miglint.layout.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code live-since:} / {@code --live-since}: the migrations before the database went live get no findings about
 * locks, old code or rows; the ones after it, and the failures of any migration, are reported as before.
 */
class LiveSinceTest {
    @TempDir
    Path tmp;

    Path dir;

    /**
     * Built before go-live: a table, an index on it a year later, a NOT NULL column without a default on another, a
     * down that restores a NOT NULL, a syntax error; a lookup table seeded by its migration gets a NOT NULL column
     * too. After go-live: another index on the first table.
     */
    @BeforeEach
    void folder() throws Exception {
        dir = tmp.resolve("db/migrations");
        write(
                "20210101120000_create_users_table",
                "CREATE TABLE users (id bigint PRIMARY KEY, email text, " + "name text);\n",
                "DROP TABLE users;\n");
        write(
                "20210102120000_create_teams_table",
                "CREATE TABLE teams (id bigint PRIMARY KEY);\n",
                "DROP TABLE teams;\n");
        write(
                "20210105120000_create_plans_table",
                "CREATE TABLE plans (id int PRIMARY KEY, name text);\n"
                        + "INSERT INTO plans (id, name) VALUES (1, 'free'), (2, 'pro');\n",
                "DROP TABLE plans;\n");
        write(
                "20220102120000_index_users_email",
                "CREATE INDEX users_email_idx ON users (email);\n",
                "DROP INDEX users_email_idx;\n");
        write(
                "20220103120000_add_teams_owner_id",
                "ALTER TABLE teams ADD COLUMN owner_id bigint NOT NULL;\n"
                        + "ALTER TABLE plans ADD COLUMN code text NOT NULL;\nSELEC 1;\n",
                "ALTER TABLE teams DROP COLUMN owner_id;\nALTER TABLE plans DROP COLUMN code;\n");
        write(
                "20220104120000_relax_users_name",
                "ALTER TABLE users ALTER COLUMN name SET NOT NULL;\n",
                "ALTER TABLE users ALTER COLUMN name DROP NOT NULL;\n");
        write(
                "20220105120000_require_users_email",
                "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n",
                "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n");
        write(
                "20230601120000_index_users_name",
                "CREATE INDEX users_name_idx ON users (name);\n",
                "DROP INDEX users_name_idx;\n");
    }

    private void write(String name, String up, String down) throws Exception {
        Cli.pair(dir, name, up, down);
    }

    /** rule id @ file name of every finding. */
    private Set<String> findings(String... extra) throws Exception {
        Set<String> out = new TreeSet<>();
        for (JsonNode f : Cli.findings(dir, extra)) {
            String file = Path.of(f.get("file").asText()).getFileName().toString();
            out.add(f.get("ruleId").asText() + "@" + file.substring(0, 14));
        }
        return out;
    }

    @Test
    void withoutItEveryMigrationIsJudgedAsIfTheDatabaseWereInUse() throws Exception {
        Set<String> all = findings();
        assertTrue(
                all.containsAll(Set.of(
                        "require-concurrent-index@20220102120000",
                        "add-column-not-null-no-default@20220103120000",
                        "set-not-null@20220104120000",
                        "down-restores-not-null@20220105120000",
                        "syntax-error@20220103120000",
                        "require-concurrent-index@20230601120000")),
                all.toString());
    }

    @Test
    void aDateSilencesWhatOnlyUseOrRowsMakeDangerousBeforeIt() throws Exception {
        Set<String> live = findings("--live-since", "2023-01-01");
        // Before go-live: no lock, scan or row findings on the application's tables ...
        for (String gone : List.of(
                "require-concurrent-index@20220102120000",
                "set-not-null@20220104120000",
                "lock-timeout-missing@20220102120000")) {
            assertFalse(live.contains(gone), gone + " in " + live);
        }
        // ... but a failure stays: the syntax error, the NOT NULL column on the table its migration seeded, and a down
        // that fails over rows written since its up (a down may run after go-live).
        assertTrue(
                live.containsAll(Set.of(
                        "syntax-error@20220103120000",
                        "down-restores-not-null@20220105120000",
                        "add-column-not-null-no-default@20220103120000",
                        "require-concurrent-index@20230601120000")),
                live.toString());
    }

    @Test
    void theSeededTableIsTheOnlyNotNullFailureLeftBeforeGoLive() throws Exception {
        List<String> messages = new ArrayList<>();
        for (JsonNode f : Cli.findings(dir, "--live-since", "2023-01-01")) {
            if (f.get("ruleId").asText().equals("add-column-not-null-no-default")) {
                messages.add(f.get("message").asText());
            }
        }
        assertEquals(1, messages.size(), messages.toString());
        assertTrue(messages.get(0).contains("plans.code"), messages.toString());
    }

    @Test
    void aVersionWorksLikeADateAndTheConfigurationKeyLikeTheFlag() throws Exception {
        Set<String> byDate = findings("--live-since", "2023-01-01");
        assertEquals(byDate, findings("--live-since", "20230101000000"));
        Files.writeString(tmp.resolve(".miglint.yaml"), "live-since: 2023-01-01\n");
        assertEquals(byDate, findings());
        // The flag wins over the configuration.
        assertTrue(findings("--live-since", "2021-01-01").contains("set-not-null@20220104120000"));
    }

    /** Drizzle Kit's files are numbered: the journal's {@code when} says on which day each was generated. */
    @Test
    void aDrizzleMigrationIsDatedByItsJournalEntry() throws Exception {
        Path drizzle = tmp.resolve("drizzle");
        Files.createDirectories(drizzle.resolve("meta"));
        Files.writeString(
                drizzle.resolve("meta/_journal.json"),
                "{\"version\": \"7\", \"dialect\": \"postgresql\", \"entries\": [\n"
                        + "  {\"idx\": 0, \"version\": \"7\", \"when\": 1609502400000, \"tag\": \"0000_users\", "
                        + "\"breakpoints\": true},\n"
                        + "  {\"idx\": 1, \"version\": \"7\", \"when\": 1641124800000, \"tag\": \"0001_users_email\", "
                        + "\"breakpoints\": true}\n]}\n");
        Files.writeString(
                drizzle.resolve("0000_users.sql"), "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n");
        Files.writeString(drizzle.resolve("0001_users_email.sql"), "CREATE INDEX users_email_idx ON users (email);\n");
        Set<String> rules = new TreeSet<>();
        Cli.findings(drizzle).forEach(f -> rules.add(f.get("ruleId").asText()));
        assertTrue(rules.contains("require-concurrent-index"), rules.toString());
        // 0001 was generated on 2022-01-02, before the database went live
        rules.clear();
        Cli.findings(drizzle, "--live-since", "2023-01-01")
                .forEach(f -> rules.add(f.get("ruleId").asText()));
        assertFalse(rules.contains("require-concurrent-index"), rules.toString());
    }

    @Test
    void aBadValueIsAUsageErrorThatPointsAtIt() throws Exception {
        Files.writeString(tmp.resolve(".miglint.yaml"), "pg-version: 15\nlive-since: soon\n");
        Cli r = Cli.run("check", dir.toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertTrue(r.err().contains(".miglint.yaml:2:13: live-since 'soon' is neither a date"), r.err());
        Files.delete(tmp.resolve(".miglint.yaml"));
        Cli flag = Cli.run("check", dir.toString(), "--live-since", "2022-13-40");
        assertEquals(ExitCode.USAGE, flag.exit(), flag.toString());
        assertTrue(flag.err().contains("--live-since '2022-13-40' is no date"), flag.err());
    }

    @Test
    void datesCompareWithDatedVersionsOnlyAndVersionsTheWayTheToolOrdersThem() {
        LiveSince day = LiveSince.parse("2022-04-12");
        assertTrue(day.before(Version.parse("20220411235959")));
        assertFalse(day.before(Version.parse("20220412000000")));
        assertTrue(day.before(Version.parse("2022-04-11-120000")));
        assertFalse(day.before(Version.parse("42")), "a counter names no day");
        LiveSince v = LiveSince.parse("10");
        assertTrue(v.before(Version.parse("9")));
        assertFalse(v.before(Version.parse("10")));
        assertFalse(v.before(Version.parse("100")));
    }
}
