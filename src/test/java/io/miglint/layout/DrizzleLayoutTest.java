package io.miglint.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.diagnostic.ToolError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drizzle Kit's folders as drizzle-orm's migrate() reads them: the journal decides. */
class DrizzleLayoutTest {
    @TempDir
    Path tmp;

    private void write(String relative, String text) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static String journal(String... tags) {
        StringBuilder b =
                new StringBuilder("{\n  \"version\": \"7\",\n  \"dialect\": \"postgresql\",\n  \"entries\": [");
        for (int i = 0; i < tags.length; i++) {
            b.append(i == 0 ? "\n" : ",\n")
                    .append("    {\n      \"idx\": ")
                    .append(i)
                    .append(",\n      \"version\": \"7\",\n      \"when\": ")
                    .append(1700000000000L + i)
                    .append(",\n      \"tag\": \"")
                    .append(tags[i])
                    .append("\",\n      \"breakpoints\": true\n    }");
        }
        return b.append("\n  ]\n}").toString();
    }

    private Discovery discover(Path folder) {
        return MigrationDiscovery.discover(List.of(folder), Optional.empty());
    }

    @Test
    void theJournalDecidesOrderAndWhichFilesAreMigrations() throws IOException {
        // the journal's order, not the file names', is the order drizzle runs them in
        write("m/meta/_journal.json", journal("0000_careless_black_knight", "0002_later", "0001_earlier"));
        write("m/0000_careless_black_knight.sql", "CREATE TABLE a (id int);");
        write("m/0001_earlier.sql", "CREATE TABLE b (id int);");
        write("m/0002_later.sql", "CREATE TABLE c (id int);");
        write("m/0003_backfill.sql", "UPDATE a SET id = 1;");
        Discovery d = discover(tmp.resolve("m"));
        assertEquals(List.of(), d.problems());
        MigrationSet s = d.sets().get(0);
        assertEquals(LayoutKind.DRIZZLE, s.layout());
        assertEquals(
                List.of("careless_black_knight", "later", "earlier"),
                s.migrations().stream().map(Migration::name).toList());
        assertEquals(
                List.of("0003_backfill.sql"),
                s.otherFiles().stream().map(p -> p.getFileName().toString()).toList());
        Migration first = s.migrations().get(0);
        assertNull(first.down());
        Execution e = first.up().execution();
        assertTrue(e.wrapped(), "migrate() runs every pending migration in one transaction");
        assertFalse(e.singleQuery());
        assertEquals("--> statement-breakpoint", e.separator());
    }

    /**
     * The file names are sequence numbers; the journal's {@code when} (epoch milliseconds, from drizzle-kit generate)
     * is the migration's date.
     */
    @Test
    void aMigrationIsDatedByItsJournalEntry() throws IOException {
        write("m/meta/_journal.json", journal("0000_a", "0001_b"));
        write("m/0000_a.sql", "CREATE TABLE a (id int);");
        write("m/0001_b.sql", "CREATE TABLE b (id int);");
        List<Migration> ms = discover(tmp.resolve("m")).sets().get(0).migrations();
        // 1700000000000 ms: 2023-11-14T22:13:20Z
        assertEquals(
                List.of(
                        Optional.of(java.time.LocalDateTime.of(2023, 11, 14, 22, 13, 20)),
                        Optional.of(java.time.LocalDateTime.of(2023, 11, 14, 22, 13, 20))),
                ms.stream().map(Migration::moment).toList());
        assertEquals(Optional.empty(), ms.get(0).version().moment(), "0000 names no date");
    }

    @Test
    void anEntryWithoutItsFileIsAToolErrorAtTheEntry() throws IOException {
        write("m/meta/_journal.json", journal("0000_a", "0001_gone"));
        write("m/0000_a.sql", "CREATE TABLE a (id int);");
        Discovery d = discover(tmp.resolve("m"));
        assertEquals(1, d.problems().size(), d.problems()::toString);
        ToolError p = d.problems().get(0);
        assertEquals(ToolError.Kind.LAYOUT, p.kind());
        assertTrue(p.message().contains("0001_gone.sql, which is not here"), p.message());
        assertTrue(p.file().endsWith("meta/_journal.json"), p.file());
        assertEquals(12, p.line(), "the line where the entry starts");
        assertEquals(1, d.sets().get(0).migrations().size());
    }

    @Test
    void aTagNamingAFileOutsideTheFolderIsNotRead() throws IOException {
        write("secret.sql", "SELECT 'token';");
        write("m/meta/_journal.json", journal("../secret"));
        Discovery d = discover(tmp.resolve("m"));
        assertEquals(1, d.problems().size(), d.problems()::toString);
        assertTrue(d.problems().get(0).message().contains("not a file of this folder"), d.problems()::toString);
        assertEquals(List.of(), d.sets().get(0).migrations());
    }

    @Test
    void aBrokenJournalIsOneToolErrorWithItsPosition() throws IOException {
        write("m/meta/_journal.json", "{\n  \"entries\": [\n    {\"tag\": \"0000_a\", \"when\": 1,}\n  ]\n}");
        write("m/0000_a.sql", "CREATE TABLE a (id int);");
        Discovery d = discover(tmp.resolve("m"));
        assertEquals(1, d.problems().size(), d.problems()::toString);
        ToolError p = d.problems().get(0);
        assertTrue(p.message().startsWith("Drizzle Kit's journal is not valid JSON"), p.message());
        assertEquals(3, p.line());
    }

    @Test
    void journalEntriesNeedATagAndAWholeWhen() {
        DrizzleJournal.Invalid noWhen = assertThrows(
                DrizzleJournal.Invalid.class,
                () -> DrizzleJournal.parse("{\"entries\": [{\"tag\": \"0000_a\", \"when\": \"soon\"}]}"));
        assertTrue(noWhen.getMessage().contains("'when'"), noWhen.getMessage());
        assertThrows(DrizzleJournal.Invalid.class, () -> DrizzleJournal.parse("{\"version\": \"7\"}"));
    }
}
