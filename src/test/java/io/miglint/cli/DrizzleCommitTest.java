package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * procedures, its VALIDATE scans after NOT VALID). A failure after it leaves the migration unrecorded, and the next
 * migrate() runs the whole file again: such a COMMIT is said at info only where that second run would fail, naming
 * what fails. One that nothing after it needs is the mistake it always was.
 */
class DrizzleCommitTest {
    @TempDir
    Path tmp;

    private List<String> nesting(String script) throws Exception {
        List<String> found = new ArrayList<>();
        for (JsonNode f : findings(script)) {
            found.add(f.get("severity").asText());
        }
        return found;
    }

    private List<JsonNode> findings(String script) throws Exception {
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
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(r.out()).get("findings")) {
            if (f.get("ruleId").asText().equals("transaction-nesting")) {
                found.add(f);
            }
        }
        return found;
    }

    @Test
    void aCommitBeforeWhatMustRunOutsideInAFileASecondRunOnlyFinishesIsDrizzlesWayOut() throws Exception {
        assertEquals(
                List.of(),
                nesting("ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;\n--> statement-breakpoint\n"
                        + "COMMIT;\n--> statement-breakpoint\n"
                        + "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx ON orders (total);\n"));
    }

    @Test
    void whereASecondRunWouldFailTheCommitIsInfoNamingWhatFails() throws Exception {
        List<JsonNode> found = findings("ALTER TABLE orders ADD COLUMN note text;\n--> statement-breakpoint\n"
                + "CREATE INDEX IF NOT EXISTS orders_note_idx ON orders (note);\n--> statement-breakpoint\n"
                + "COMMIT;\n--> statement-breakpoint\n"
                + "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx ON orders (total);\n");
        assertEquals(1, found.size(), found::toString);
        JsonNode f = found.get(0);
        assertEquals("info", f.get("severity").asText());
        assertEquals(5, f.get("line").asInt());
        String message = f.get("message").asText();
        assertTrue(
                message.endsWith("the next migrate() runs the whole file again, where line 1 fails: column \"note\" "
                        + "of relation \"orders\" already exists"),
                message);
        assertTrue(
                f.get("help").asText().contains("`ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;`"),
                f.get("help").asText());
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
