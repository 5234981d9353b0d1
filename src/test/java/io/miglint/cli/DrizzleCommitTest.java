package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drizzle-orm runs every pending migration in one transaction and has no way to leave it out: a COMMIT of the
 * script's own is its only way to run what cannot run inside one (sim's CONCURRENTLY builds, its committing
 * procedures, its VALIDATE scans after NOT VALID). Such a COMMIT is said at info; one that nothing after it needs is
 * the mistake it always was.
 */
class DrizzleCommitTest {
    @TempDir
    Path tmp;

    private List<String> nesting(String script) throws Exception {
        Files.createDirectories(tmp.resolve("meta"));
        Files.writeString(tmp.resolve("0000_orders.sql"), "CREATE TABLE orders (id bigint PRIMARY KEY, total int);\n");
        Files.writeString(tmp.resolve("0001_orders_total.sql"), script);
        Files.writeString(
                tmp.resolve("meta/_journal.json"),
                "{\"version\": \"7\", \"dialect\": \"postgresql\", \"entries\": ["
                        + "{\"idx\": 0, \"version\": \"7\", \"when\": 1700000000000, \"tag\": \"0000_orders\", "
                        + "\"breakpoints\": true},"
                        + "{\"idx\": 1, \"version\": \"7\", \"when\": 1700000100000, \"tag\": \"0001_orders_total\", "
                        + "\"breakpoints\": true}]}");
        Cli r = Cli.run("check", tmp.toString(), "--fail-on", "never", "--format", "json");
        List<String> found = new ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(r.out()).get("findings")) {
            if (f.get("ruleId").asText().equals("transaction-nesting")) {
                found.add(f.get("severity").asText());
            }
        }
        return found;
    }

    @Test
    void aCommitBeforeWhatMustRunOutsideIsDrizzlesWayOut() throws Exception {
        assertEquals(
                List.of("info"),
                nesting("ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;\n--> statement-breakpoint\n"
                        + "COMMIT;\n--> statement-breakpoint\n"
                        + "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx ON orders (total);\n"));
    }

    @Test
    void aCommitNothingAfterItNeedsStillEndsTheMigrationsTransaction() throws Exception {
        assertEquals(
                List.of("error"),
                nesting("ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;\n--> statement-breakpoint\n"
                        + "COMMIT;\n--> statement-breakpoint\n"
                        + "UPDATE orders SET note = 'x' WHERE note IS NULL;\n"));
    }
}
