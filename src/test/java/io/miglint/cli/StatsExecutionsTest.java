package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --stats} says, per folder, how its tool runs the scripts: each way with how many ups and downs go that way,
 * and how many scripts change it with their own BEGIN (where the tool opens no transaction) or COMMIT (where it does).
 */
class StatsExecutionsTest {
    @TempDir
    Path repo;

    private void put(String relative, String text) throws IOException {
        Path p = repo.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void gooseFilesAreCountedByWhetherTheyOptOutOfTheTransaction() throws IOException {
        put(
                "db/migrations/20240101000000_create_users_table.sql",
                "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- +goose Down\nDROP TABLE users;\n");
        put(
                "db/migrations/20240102000000_create_users_id_index.sql",
                "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY users_id_idx ON users (id);\n");
        put(
                "db/migrations/20240103000000_add_users_name_column.sql",
                "-- +goose Up\nALTER TABLE users ADD COLUMN name text;\n"
                        + "-- +goose Down\nALTER TABLE users DROP COLUMN name;\n");

        Cli text = Cli.run("check", repo.resolve("db/migrations").toString(), "--fail-on", "never", "--stats");
        assertTrue(text.err().contains("how each folder's tool runs its scripts:"), text::toString);
        assertTrue(
                text.err()
                        .matches("(?s).*\\n\\s+2 up\\s+2 down\\s+goose runs the file's statements one by one in a "
                                + "transaction.*"),
                text::toString);
        assertTrue(
                text.err().matches("(?s).*\\n\\s+1 up\\s+0 down\\s+the file says '-- \\+goose NO TRANSACTION'.*"),
                text::toString);

        Cli json = Cli.run(
                "check", repo.resolve("db/migrations").toString(), "--format", "json", "--fail-on", "never", "--stats");
        JsonNode runs =
                new ObjectMapper().readTree(json.out()).get("stats").get(0).get("executions");
        assertEquals(2, runs.size(), json::toString);
        assertTrue(runs.get(0).get("wrapped").asBoolean());
        assertEquals(2, runs.get(0).get("up").asInt());
        assertEquals(false, runs.get(1).get("wrapped").asBoolean());
        assertEquals(1, runs.get(1).get("up").asInt());
    }

    @Test
    void scriptsThatOpenOrEndATransactionOfTheirOwnAreCounted() throws IOException {
        put(
                "sqitch/sqitch.plan",
                "%syntax-version=1.0.0\n%project=shop\n\n"
                        + "users 2024-01-01T00:00:00Z Ann <ann@example.com> # users\n"
                        + "orders 2024-01-02T00:00:00Z Ann <ann@example.com> # orders\n");
        put("sqitch/deploy/users.sql", "BEGIN;\nCREATE TABLE users (id bigint PRIMARY KEY);\nCOMMIT;\n");
        put("sqitch/revert/users.sql", "BEGIN;\nDROP TABLE users;\nCOMMIT;\n");
        put("sqitch/deploy/orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\n");
        put("sqitch/revert/orders.sql", "DROP TABLE orders;\n");

        put(
                "drizzle/meta/_journal.json",
                "{\"version\":\"7\",\"dialect\":\"postgresql\",\"entries\":["
                        + "{\"idx\":0,\"version\":\"7\",\"when\":1704067200000,\"tag\":\"0000_create_users\","
                        + "\"breakpoints\":true},"
                        + "{\"idx\":1,\"version\":\"7\",\"when\":1704153600000,\"tag\":\"0001_index_users\","
                        + "\"breakpoints\":true}]}\n");
        put("drizzle/0000_create_users.sql", "CREATE TABLE \"users\" (\"id\" bigint PRIMARY KEY);\n");
        put(
                "drizzle/0001_index_users.sql",
                "COMMIT;--> statement-breakpoint\nCREATE INDEX CONCURRENTLY \"users_id_idx\" ON \"users\" (\"id\");\n");

        Cli json = Cli.run("check", repo.toString(), "--format", "json", "--fail-on", "never", "--stats");
        JsonNode stats = new ObjectMapper().readTree(json.out()).get("stats");
        JsonNode sqitch = null;
        JsonNode drizzle = null;
        for (JsonNode folder : stats) {
            switch (folder.get("layout").asText()) {
                case "sqitch" -> sqitch = folder.get("executions");
                case "drizzle" -> drizzle = folder.get("executions");
                default -> {}
            }
        }
        assertEquals(1, sqitch.size(), json::toString);
        assertEquals(2, sqitch.get(0).get("up").asInt());
        assertEquals(2, sqitch.get(0).get("down").asInt());
        assertEquals(2, sqitch.get(0).get("ownTransaction").asInt(), "users' deploy and revert say BEGIN");
        assertEquals(1, drizzle.size(), json::toString);
        assertEquals(2, drizzle.get(0).get("up").asInt());
        assertEquals(1, drizzle.get(0).get("ownTransaction").asInt(), "0001 ends drizzle's transaction");

        Cli text = Cli.run("check", repo.toString(), "--fail-on", "never", "--stats");
        assertTrue(text.err().contains("[2 of them open their own transaction with BEGIN]"), text::toString);
        assertTrue(text.err().contains("[1 of them end that transaction with a COMMIT of their own]"), text::toString);
    }
}
