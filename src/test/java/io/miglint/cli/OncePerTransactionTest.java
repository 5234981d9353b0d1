package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules about a rewrite or a scan whose findings in one transaction block are told as one: the block holds every
 * lock to its end, so it is one finding at its first statement, naming the others by line and table and carrying
 * their helps; outside a transaction block, and for a statement with its own suppression, each stays its own.
 */
class OncePerTransactionTest {
    @TempDir
    Path tmp;

    Path dir;

    @BeforeEach
    void folder() throws Exception {
        dir = tmp.resolve("migrations");
        Cli.pair(
                dir,
                "20230101120000_create_tables",
                "CREATE TABLE a (id int PRIMARY KEY, x int);\n"
                        + "CREATE TABLE b (id int PRIMARY KEY, y int, a_id int);\n"
                        + "CREATE TABLE c (id int PRIMARY KEY, z int);\n",
                "DROP TABLE c;\nDROP TABLE b;\nDROP TABLE a;\n");
    }

    private List<JsonNode> typeChanges() throws Exception {
        return Cli.findings(dir, "--layout", "golang-migrate").stream()
                .filter(f -> f.get("ruleId").asText().equals("change-column-type"))
                .toList();
    }

    @Test
    void typeChangesOfSeveralTablesInOneTransactionAreOneFindingNamingEachTable() throws Exception {
        Cli.pair(
                dir,
                "20240101120000_widen_counters",
                "BEGIN;\nSET LOCAL lock_timeout = '5s';\n"
                        + "ALTER TABLE a ALTER COLUMN x TYPE bigint;\n"
                        + "ALTER TABLE b ALTER COLUMN y TYPE bigint;\n"
                        + "ALTER TABLE c ALTER COLUMN z TYPE bigint;\nCOMMIT;\n",
                "SELECT 1;\n");
        List<JsonNode> found = typeChanges();
        assertEquals(1, found.size(), found.toString());
        JsonNode f = found.get(0);
        assertEquals(3, f.get("line").asInt());
        String message = f.get("message").asText();
        assertTrue(message.startsWith("changing a.x from int to bigint rewrites a"), message);
        assertTrue(
                message.contains("the same transaction does so 2 more times, at line 4 (b), line 5 (c), and every "
                        + "table it locks stays locked until it commits"),
                message);
        String help = f.get("help").asText();
        assertTrue(help.contains("`ALTER TABLE a ADD COLUMN x_new bigint;`"), help);
        assertTrue(help.contains("At line 4: ") && help.contains("`ALTER TABLE b ADD COLUMN y_new bigint;`"), help);
        assertTrue(help.contains("At line 5: ") && help.contains("`ALTER TABLE c ADD COLUMN z_new bigint;`"), help);
        // The other statements are the finding's related places (SARIF relatedLocations), each with its own message.
        JsonNode related = f.get("related");
        assertEquals(
                List.of(4, 5),
                List.of(
                        related.get(0).get("line").asInt(),
                        related.get(1).get("line").asInt()));
        assertTrue(
                related.get(0).get("message").asText().startsWith("changing b.y from int to bigint rewrites b"),
                related.toString());
    }

    @Test
    void separateTransactionsKeepSeparateFindings() throws Exception {
        Cli.pair(
                dir,
                "20240101120000_widen_counters",
                "BEGIN;\nSET LOCAL lock_timeout = '5s';\n"
                        + "ALTER TABLE a ALTER COLUMN x TYPE bigint;\nCOMMIT;\n"
                        + "BEGIN;\nSET LOCAL lock_timeout = '5s';\n"
                        + "ALTER TABLE b ALTER COLUMN y TYPE bigint;\nCOMMIT;\n",
                "SELECT 1;\n");
        List<JsonNode> found = typeChanges();
        assertEquals(
                List.of(3, 7), found.stream().map(f -> f.get("line").asInt()).toList(), found.toString());
        assertTrue(found.stream().noneMatch(f -> f.get("message").asText().contains("the same transaction")));
    }

    @Test
    void aStatementWithItsOwnSuppressionIsNeitherMergedNorHidingTheOthers() throws Exception {
        Cli.pair(
                dir,
                "20240101120000_widen_counters",
                "BEGIN;\nSET LOCAL lock_timeout = '5s';\n"
                        + "-- miglint:ignore change-column-type a holds a few rows\n"
                        + "ALTER TABLE a ALTER COLUMN x TYPE bigint;\n"
                        + "ALTER TABLE b ALTER COLUMN y TYPE bigint;\n"
                        + "ALTER TABLE c ALTER COLUMN z TYPE bigint;\nCOMMIT;\n",
                "SELECT 1;\n");
        List<JsonNode> all = typeChanges();
        assertEquals(List.of(4, 5), all.stream().map(f -> f.get("line").asInt()).toList(), all.toString());
        assertTrue(all.get(0).has("suppressed"), all.toString());
        List<JsonNode> found = all.stream().filter(f -> !f.has("suppressed")).toList();
        assertEquals(List.of(5), found.stream().map(f -> f.get("line").asInt()).toList(), found.toString());
        assertTrue(
                found.get(0).get("message").asText().contains("once more, at line 6 (c)"),
                found.get(0).get("message").asText());
    }
}
