package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --table-stats} and {@code table-stats:}: a table the stats show small gets no finding about the cost
 * of a scan, a build or a rewrite; lock queueing and correctness findings stay, and a table the stats do not list is
 * unknown, not small.
 */
class TableStatsCheckTest {
    @TempDir
    Path tmp;

    Path dir;

    /** Cost findings on orders: index builds, a SET NOT NULL scan, rewrites. */
    private static final Set<String> ORDERS_COST = Set.of(
            "require-concurrent-index@3_index_orders",
            "add-unique-constraint@4_unique_orders",
            "set-not-null@5_not_null",
            "change-column-type@6_type",
            "add-column-table-rewrite@8_add_serial",
            "add-column-volatile-default@9_add_token",
            "table-rewrite@10_vacuum_orders",
            "add-exclusion-constraint@11_exclude");

    @BeforeEach
    void folder() throws IOException {
        dir = tmp.resolve("db/migrations");
        Cli.pair(dir, "1_create_tables", """
                create table tags (id int primary key, name text);
                insert into tags (id, name) values (1, 'a'), (2, 'b');
                create table orders (id bigint primary key, total int, status text);
                create table events (id bigint primary key, kind text);
                """, "drop table events; drop table orders; drop table tags;");
        Cli.pair(dir, "2_index_tags", "create index tags_name on tags (name);", "drop index tags_name;");
        Cli.pair(dir, "3_index_orders", "create index orders_status on orders (status);", "drop index orders_status;");
        Cli.pair(
                dir,
                "4_unique_orders",
                "alter table orders add constraint orders_total_key unique (total);",
                "alter table orders drop constraint orders_total_key;");
        Cli.pair(
                dir,
                "5_not_null",
                "alter table orders alter column status set not null;",
                "alter table orders alter column status drop not null;");
        Cli.pair(
                dir,
                "6_type",
                "alter table orders alter column total type bigint;",
                "alter table orders alter column total type int;");
        Cli.pair(
                dir,
                "7_add_column",
                "alter table events add column note text not null;",
                "alter table events drop column note;");
        Cli.pair(
                dir,
                "8_add_serial",
                "alter table orders add column seq serial;",
                "alter table orders drop column seq;");
        Cli.pair(
                dir,
                "9_add_token",
                "alter table orders add column token uuid default gen_random_uuid();",
                "alter table orders drop column token;");
        Cli.pair(dir, "10_vacuum_orders", "vacuum full orders;", "select 1;");
        Cli.pair(
                dir,
                "11_exclude",
                "alter table orders add constraint orders_no_overlap exclude using gist " + "(id with =);",
                "alter table orders drop constraint orders_no_overlap;");
    }

    private Path stats(String name, String tables) throws IOException {
        Path file = tmp.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                "{\"tool\": \"miglint\", \"tableStatsVersion\": 1, \"taken\": \""
                        + java.time.Instant.now()
                        + "\", \"database\": \"app\", \"serverVersion\": \"16.4\", \"statsReset\": "
                        + "null, \"tables\": {" + tables + "}}\n");
        return file;
    }

    /** rule@migration of every finding, over the ups. */
    private Set<String> findings(String... extra) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("--layout", "golang-migrate"));
        args.addAll(List.of(extra));
        Set<String> out = new TreeSet<>();
        for (JsonNode f : Cli.findings(dir, args.toArray(String[]::new))) {
            if (f.get("migration").get("direction").asText().equals("up")) {
                out.add(f.get("ruleId").asText() + "@"
                        + f.get("migration").get("version").asText() + "_"
                        + f.get("migration").get("name").asText());
            }
        }
        return out;
    }

    @Test
    void withoutStatsTheFolderDecides() throws IOException {
        Set<String> f = findings();
        assertTrue(f.containsAll(ORDERS_COST), f.toString());
        assertFalse(f.contains("require-concurrent-index@2_index_tags"), "tags is a seeded lookup table: " + f);
    }

    @Test
    void aTableTheStatsShowSmallGetsNoCostFindingsButKeepsTheOthers() throws IOException {
        Path stats = stats(
                "prod.json",
                "\"public.orders\": {\"rows\": 40, \"bytes\": 16384, \"writes\": 3},"
                        + "\"public.tags\": {\"rows\": 2, \"bytes\": 8192, \"writes\": 2},"
                        + "\"public.events\": {\"rows\": 7, \"bytes\": 8192, \"writes\": 7}");
        Set<String> f = findings("--table-stats", stats.toString());
        for (String cost : ORDERS_COST) {
            assertFalse(f.contains(cost), cost + " on a 40-row table: " + f);
        }
        // Lock queueing does not depend on size, and neither does a NOT NULL column that fails on any row.
        assertTrue(f.contains("lock-timeout-missing@3_index_orders"), f.toString());
        assertTrue(f.contains("add-column-not-null-no-default@7_add_column"), f.toString());
    }

    /** The severity of lock-timeout-missing in the up of {@code migration} (version_name), or null. */
    private String lockTimeoutSeverity(String migration, String... extra) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("--layout", "golang-migrate"));
        args.addAll(List.of(extra));
        for (JsonNode f : Cli.findings(dir, args.toArray(String[]::new))) {
            JsonNode m = f.get("migration");
            if (f.get("ruleId").asText().equals("lock-timeout-missing")
                    && m.get("direction").asText().equals("up")
                    && (m.get("version").asText() + "_" + m.get("name").asText()).equals(migration)) {
                return f.get("severity").asText();
            }
        }
        return null;
    }

    @Test
    void aWaitThatQueuesOnlyWritesIsAWarningWhereTheStatsShowTheTableWritten() throws IOException {
        // A plain index build takes SHARE: its wait queues the writes of orders, not its reads. (With
        // require-concurrent-index on, that rule's finding covers the build and its lock.)
        String rci = "--disable=require-concurrent-index";
        assertEquals("info", lockTimeoutSeverity("3_index_orders", rci), "nothing shows how often orders is written");
        assertNull(lockTimeoutSeverity("3_index_orders"), "the build is require-concurrent-index's finding");
        Path written = stats(
                "prod.json", "\"public.orders\": {\"rows\": 5000000, \"bytes\": 900000000, " + "\"writes\": 120000}");
        assertEquals("warning", lockTimeoutSeverity("3_index_orders", rci, "--table-stats", written.toString()));
        Path idle =
                stats("idle.json", "\"public.orders\": {\"rows\": 5000000, \"bytes\": 900000000, " + "\"writes\": 0}");
        assertEquals("info", lockTimeoutSeverity("3_index_orders", rci, "--table-stats", idle.toString()));
        // ACCESS EXCLUSIVE queues every read: a warning with or without stats.
        assertEquals("warning", lockTimeoutSeverity("4_unique_orders"));
        assertEquals("warning", lockTimeoutSeverity("4_unique_orders", "--table-stats", idle.toString()));
    }

    @Test
    void aTableMissingFromTheStatsIsUnknownNotSmall() throws IOException {
        Path stats = stats(
                "prod.json",
                "\"public.tags\": {\"rows\": 2, \"bytes\": 8192, \"writes\": 2},"
                        + "\"audit.orders\": {\"rows\": 2, \"bytes\": 8192, \"writes\": 2}");
        Set<String> f = findings("--table-stats", stats.toString());
        assertTrue(f.containsAll(ORDERS_COST), "public.orders is not in the stats (audit.orders is): " + f);
    }

    @Test
    void statsWinOverTheFolderGuessOfALookupTable() throws IOException {
        Path stats = stats("prod.json", "\"public.tags\": {\"rows\": 5000000, \"bytes\": 900000000, \"writes\": 1}");
        assertTrue(findings("--table-stats", stats.toString()).contains("require-concurrent-index@2_index_tags"));
    }

    @Test
    void unknownRowsOrManyBytesAreNotSmall() throws IOException {
        Path stats = stats("prod.json", "\"public.orders\": {\"rows\": null, \"bytes\": 16384, \"writes\": null}");
        assertTrue(findings("--table-stats", stats.toString()).containsAll(ORDERS_COST));
        stats = stats("prod.json", "\"public.orders\": {\"rows\": 40, \"bytes\": 40000000000, \"writes\": 1}");
        assertTrue(findings("--table-stats", stats.toString()).containsAll(ORDERS_COST));
    }

    @Test
    void theConfigurationNamesTheFileRelativeToItselfAndSetsTheThreshold() throws IOException {
        stats("stats/prod.json", "\"public.orders\": {\"rows\": 40, \"bytes\": 16384, \"writes\": 3}");
        Files.writeString(tmp.resolve(".miglint.yaml"), "table-stats: stats/prod.json\n");
        Set<String> f = findings();
        assertTrue(f.stream().noneMatch(ORDERS_COST::contains), f.toString());

        Files.writeString(tmp.resolve(".miglint.yaml"), "table-stats: stats/prod.json\nsmall-table-rows: 40\n");
        assertTrue(findings().containsAll(ORDERS_COST), "40 rows is not below 40");
        Files.writeString(tmp.resolve(".miglint.yaml"), "table-stats: stats/prod.json\nsmall-table-bytes: 16kB\n");
        assertTrue(findings().containsAll(ORDERS_COST), "16384 bytes is not below 16kB");
        Files.writeString(
                tmp.resolve(".miglint.yaml"),
                "table-stats: stats/prod.json\nsmall-table-bytes: 1MB\n" + "small-table-rows: 41\n");
        assertTrue(findings().stream().noneMatch(ORDERS_COST::contains));

        // The flag replaces the configuration's file.
        Files.writeString(tmp.resolve(".miglint.yaml"), "table-stats: stats/gone.json\n");
        Path flag = stats("other.json", "\"public.orders\": {\"rows\": 40, \"bytes\": 16384, \"writes\": 3}");
        assertTrue(findings("--table-stats", flag.toString()).stream().noneMatch(ORDERS_COST::contains));
    }

    @Test
    void aBadFileOrSettingIsOneLineAndExitTwo() throws IOException {
        Files.writeString(tmp.resolve(".miglint.yaml"), "table-stats: stats/gone.json\n");
        assertError(Cli.run("check", dir.toString()), ".miglint.yaml:1:14: table-stats: ", "no such table-stats file");

        Files.writeString(tmp.resolve(".miglint.yaml"), "small-table-rows: -5\n");
        assertError(Cli.run("check", dir.toString()), ".miglint.yaml:1:19: small-table-rows -5 is below 0");
        Files.writeString(tmp.resolve(".miglint.yaml"), "small-table-bytes: lots\n");
        assertError(Cli.run("check", dir.toString()), ".miglint.yaml:1:20: small-table-bytes 'lots' is not a size");
        Files.writeString(tmp.resolve(".miglint.yaml"), "small-table-rows: many\n");
        assertError(Cli.run("check", dir.toString()), ".miglint.yaml:1:");
        Files.delete(tmp.resolve(".miglint.yaml"));

        Path secret = tmp.resolve("secret.json");
        Files.writeString(secret, "{\"tableStatsVersion\": 1, \"taken\": hunter2}");
        Cli r = Cli.run("check", dir.toString(), "--table-stats", secret.toString());
        assertError(r, "secret.json:1:", "not valid JSON");
        assertFalse(r.err().contains("hunter2"), "the file's text is not quoted: " + r.err());

        Files.writeString(secret, "{\"entries\": []}");
        assertError(Cli.run("check", dir.toString(), "--table-stats", secret.toString()), "not a table-stats file");
        Files.writeString(secret, "{\"tableStatsVersion\": 9, \"taken\": \"2025-01-01T00:00:00Z\", \"tables\": {}}");
        assertError(Cli.run("check", dir.toString(), "--table-stats", secret.toString()), "table-stats format 9");
        stats("secret.json", "\"public.orders\": {\"rows\": -1, \"bytes\": 1}");
        assertError(
                Cli.run("check", dir.toString(), "--table-stats", secret.toString()),
                "table public.orders: \"rows\" must be a whole number");
        stats("secret.json", "\"public.orders\": {\"rows\": 1}");
        assertError(Cli.run("check", dir.toString(), "--table-stats", secret.toString()), "\"bytes\" is missing");
        stats("secret.json", "\"a.b.c\": {\"rows\": 1, \"bytes\": 1}");
        assertError(
                Cli.run("check", dir.toString(), "--table-stats", secret.toString()), "'a.b.c' is not a table name");
        assertError(
                Cli.run(
                        "check",
                        dir.toString(),
                        "--table-stats",
                        tmp.resolve("none.json").toString()),
                "none.json: no such table-stats file");
    }

    @Test
    void aRunWithoutLockingRulesDoesNotNeedTheFile() throws IOException {
        Files.writeString(tmp.resolve(".miglint.yaml"), "layout: golang-migrate\ntable-stats: stats/gone.json\n");
        Cli r = Cli.run("new", "add_orders_note", "--dir", dir.toString());
        assertEquals(ExitCode.CLEAN, r.exit(), "miglint new checks names only: " + r);
        assertEquals(ExitCode.USAGE, Cli.run("check", dir.toString()).exit());
    }

    @Test
    void oldStatsGetANote() throws IOException {
        Path stats = tmp.resolve("old.json");
        Files.writeString(stats, "{\"tableStatsVersion\": 1, \"taken\": \"2020-01-01T00:00:00Z\", \"tables\": {}}");
        Cli r = Cli.run(
                "check",
                dir.toString(),
                "--layout",
                "golang-migrate",
                "--table-stats",
                stats.toString(),
                "--fail-on",
                "never");
        assertEquals(ExitCode.CLEAN, r.exit(), r.toString());
        assertTrue(
                r.err().contains("the table stats were taken") && r.err().contains("run `miglint table-stats`"),
                r.err());
        assertFalse(Cli.run(
                        "check",
                        dir.toString(),
                        "--layout",
                        "golang-migrate",
                        "--fail-on",
                        "never",
                        "--table-stats",
                        stats("new.json", "").toString())
                .err()
                .contains("table stats were taken"));
    }

    private static void assertError(Cli r, String... parts) {
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertEquals("", r.out(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.toString());
        for (String p : parts) {
            assertTrue(r.err().contains(p), p + " in " + r.err());
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }
}
