package io.miglint.gate;

import static io.miglint.gate.GateDatabases.miglint;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A goose folder verified and applied on a real PostgreSQL: statements sent as goose sends them, in a transaction or
 * under NO TRANSACTION, and goose_db_version written as goose writes it (version 0 on creation, one row per up,
 * deleted by a down).
 */
@Tag("slow")
class GooseEndToEndTest {
    @TempDir
    Path folder;

    String db;

    @BeforeEach
    void setUp() throws Exception {
        db = GateDatabases.create();
        write(
                "00001_create_orders.sql",
                "-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, total int);\n"
                        + "-- +goose StatementBegin\nCREATE FUNCTION order_total(o bigint) RETURNS int LANGUAGE plpgsql "
                        + "AS $$\nBEGIN\n  RETURN (SELECT total FROM orders WHERE id = o);\nEND\n$$;\n"
                        + "-- +goose StatementEnd\n\n-- +goose Down\nDROP FUNCTION order_total(bigint);\n"
                        + "DROP TABLE orders;\n");
        write(
                "00002_index_orders_total.sql",
                "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY orders_total_idx ON orders (total);\n"
                        + "\n-- +goose Down\nDROP INDEX CONCURRENTLY orders_total_idx;\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        GateDatabases.drop(db);
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(folder.resolve(name), text);
    }

    private GateDatabases.Run run(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--database-url", url(db)));
        return miglint(all.toArray(String[]::new));
    }

    private static List<String> states(String json) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode m :
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("migrations")) {
            out.add(m.get("state").asText());
        }
        return out;
    }

    @Test
    void aNoTransactionConcurrentIndexVerifiesAndWithoutItFailsAsUnderGoose() throws Exception {
        GateDatabases.Run ok = miglint(
                "verify", folder.toString(), "--database-url", GateEndToEndTest.ENGINE_SERVER, "--format", "json");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        write(
                "00002_index_orders_total.sql",
                "-- +goose Up\nCREATE INDEX CONCURRENTLY orders_total_idx ON orders (total);\n"
                        + "\n-- +goose Down\nDROP INDEX CONCURRENTLY orders_total_idx;\n");
        GateDatabases.Run bad = miglint(
                "verify",
                folder.toString(),
                "--database-url",
                GateEndToEndTest.ENGINE_SERVER,
                "--format",
                "json",
                "--fail-on",
                "never");
        assertTrue(bad.out().contains("cannot run inside a transaction block"), bad.out() + bad.err());
        assertTrue(bad.out().contains("00002_index_orders_total.sql"), bad.out());
    }

    @Test
    void aDollarBodyThatGooseCutsFailsVerify() throws Exception {
        write("00003_cut.sql", "-- +goose Up\nDO $$\nBEGIN\n  PERFORM 1;\nEND\n$$;\n");
        GateDatabases.Run check = miglint("check", folder.toString(), "--format", "json");
        assertNotEquals(0, check.exit());
        assertTrue(check.out().contains("goose-statement-split"), check.out());
        GateDatabases.Run verify = miglint(
                "verify",
                folder.toString(),
                "--database-url",
                GateEndToEndTest.ENGINE_SERVER,
                "--format",
                "json",
                "--fail-on",
                "never");
        assertTrue(verify.out().contains("unterminated dollar-quoted string"), verify.out() + verify.err());
        assertTrue(verify.out().contains("00003_cut.sql"), verify.out());
    }

    @Test
    void aBlockIsOneQueryToGooseSoTwoConcurrentBuildsInItFailEvenWithoutATransaction() throws Exception {
        write(
                "00003_two_indexes.sql",
                "-- +goose NO TRANSACTION\n-- +goose Up\n-- +goose StatementBegin\n"
                        + "CREATE INDEX CONCURRENTLY orders_id_total_idx ON orders (id, total);\n"
                        + "CREATE INDEX CONCURRENTLY orders_total_id_idx ON orders (total, id);\n"
                        + "-- +goose StatementEnd\n");
        GateDatabases.Run verify = miglint(
                "verify",
                folder.toString(),
                "--database-url",
                GateEndToEndTest.ENGINE_SERVER,
                "--format",
                "json",
                "--fail-on",
                "never");
        assertTrue(verify.out().contains("cannot run inside a transaction block"), verify.out() + verify.err());
        write(
                "00003_two_indexes.sql",
                "-- +goose NO TRANSACTION\n-- +goose Up\n"
                        + "CREATE INDEX CONCURRENTLY orders_id_total_idx ON orders (id, total);\n"
                        + "CREATE INDEX CONCURRENTLY orders_total_id_idx ON orders (total, id);\n");
        GateDatabases.Run ok = miglint(
                "verify", folder.toString(), "--database-url", GateEndToEndTest.ENGINE_SERVER, "--format", "json");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
    }

    @Test
    void applyStatusAndDownWriteGooseDbVersionAsGooseDoes() throws Exception {
        GateDatabases.Run apply = run("apply", folder.toString(), "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertEquals(
                List.of(List.of("0", "true"), List.of("1", "true"), List.of("2", "true")),
                GateDatabases.rows(db, "select version_id::text, is_applied::text from goose_db_version order by id"));
        assertEquals(
                List.of(List.of("orders_total_idx")),
                GateDatabases.rows(db, "select indexname from pg_indexes where indexname = 'orders_total_idx'"));
        GateDatabases.Run status = run("status", folder.toString(), "--format", "json");
        assertEquals(0, status.exit(), status.out() + status.err());
        assertEquals(List.of("applied", "applied"), states(status.out()), status.out());
        GateDatabases.Run down = run("apply", folder.toString(), "--yes", "--skip-gate", "--down", "1");
        assertEquals(0, down.exit(), down.out() + down.err());
        assertEquals(
                List.of(List.of("0", "true"), List.of("1", "true")),
                GateDatabases.rows(db, "select version_id::text, is_applied::text from goose_db_version order by id"));
        assertEquals(
                List.of(),
                GateDatabases.rows(db, "select indexname from pg_indexes where indexname = 'orders_total_idx'"));
        // an older goose's rollback row (is_applied = false, newer) says version 1 is not applied
        GateDatabases.exec(db, "insert into goose_db_version (version_id, is_applied) values (1, false)");
        GateDatabases.Run after = run("status", folder.toString(), "--format", "json");
        assertEquals(List.of("pending", "pending"), states(after.out()), after.out());
    }
}
