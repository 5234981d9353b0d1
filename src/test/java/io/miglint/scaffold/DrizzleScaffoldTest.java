package io.miglint.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.layout.LayoutKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code miglint new} in a Drizzle Kit folder does what {@code drizzle-kit generate --custom --name} does. */
class DrizzleScaffoldTest {
    private static final String JOURNAL = "{\n  \"version\": \"7\",\n  \"dialect\": \"postgresql\",\n  \"entries\": [\n"
            + "    {\n      \"idx\": 0,\n      \"version\": \"7\",\n      \"when\": 1739697832964,\n"
            + "      \"tag\": \"0000_careless_black_knight\",\n      \"breakpoints\": true\n    }\n  ]\n}";

    @TempDir
    Path tmp;

    @Test
    void theFileIsNumberedAfterTheLastEntryAndTheJournalGainsItsEntry() throws Exception {
        Files.createDirectories(tmp.resolve("meta"));
        Files.writeString(tmp.resolve("meta/_journal.json"), JOURNAL);
        Files.writeString(tmp.resolve("0000_careless_black_knight.sql"), "CREATE TABLE a (id int);");
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1750000000123L), ZoneOffset.UTC);
        List<PlannedFile> files = MigrationScaffold.plan(tmp, LayoutKind.DRIZZLE, "add_users_email", clock);
        MigrationScaffold.write(files);
        String sql = Files.readString(tmp.resolve("0001_add_users_email.sql"));
        assertTrue(sql.startsWith("-- Custom SQL migration file, put your code below! --\n"), sql);
        // written back as JSON.stringify(journal, null, 2) writes it: the old text is kept byte for byte
        String expected = JOURNAL.replace(
                "\n    }\n  ]\n}",
                "\n    },\n    {\n      \"idx\": 1,\n      \"version\": \"7\",\n      \"when\": 1750000000123,\n"
                        + "      \"tag\": \"0001_add_users_email\",\n      \"breakpoints\": true\n    }\n  ]\n}");
        assertEquals(expected, Files.readString(tmp.resolve("meta/_journal.json")));
    }

    @Test
    void aFolderWithoutAJournalGetsOne() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1L), ZoneOffset.UTC);
        MigrationScaffold.write(MigrationScaffold.plan(tmp, LayoutKind.DRIZZLE, "init", clock));
        assertTrue(Files.isRegularFile(tmp.resolve("0000_init.sql")));
        assertTrue(Files.readString(tmp.resolve("meta/_journal.json")).contains("\"tag\": \"0000_init\""));
    }
}
