package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.miglint.gate.GolangMigrateLedger;
import io.miglint.gate.MigrationState;
import io.miglint.gate.MigrationStatus;
import io.miglint.gate.StatusEntry;
import io.miglint.gate.StatusRenderer;
import io.miglint.gate.TableName;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names, identifiers, configuration keys and status rows written to take over whoever reads miglint's output:
 * a terminal (ESC, OSC 52 clipboard writes, BEL), a GitHub runner reading workflow commands ({@code ::error::},
 * {@code ##[}), a reviewer reading bidi-reordered text. Through every format and stderr, none gets through raw.
 */
class HostileOutputTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A workflow command, a terminal clipboard write, a screen clear, a right-to-left override, a v1 command. */
    private static final String EVIL = "\n::error::x\u001b]52;c;ZXZpbA==\u0007\u001b[2J\u202e##[set-env name=A;]";

    private static final List<String> FORMATS =
            List.of("text", "compact", "github", "markdown", "json", "sarif", "gitlab");

    @TempDir
    static Path tmp;

    private static Path db;

    @BeforeAll
    static void hostileFolder() throws IOException {
        db = Files.createDirectories(tmp.resolve("db"));
        String[] names = {
            "002_add_x\n::error::x",
            "003_add_\u001b]52;c;ZXZpbA==\u0007",
            "004_add_\u202eevil",
            "005_add_\u001b[2Jclear",
            "006_add_\u0085c1\u009b31m"
        };
        Files.writeString(
                db.resolve("001_add_ident.up.sql"), "CREATE INDEX \"i" + EVIL + "\" ON \"t" + EVIL + "\" (id);\n");
        Files.writeString(db.resolve("001_add_ident.down.sql"), "DROP INDEX \"i" + EVIL + "\";\n");
        for (String name : names) {
            Files.writeString(db.resolve(name + ".up.sql"), "CREATE INDEX i ON a (id);\n");
            Files.writeString(db.resolve(name + ".down.sql"), "DROP INDEX i;\n");
        }
        Files.write(db.resolve("007_add_bad\u001b[31m.up.sql"), new byte[] {'S', 0, '\n'});
        Files.writeString(db.resolve("007_add_bad\u001b[31m.down.sql"), "SELECT 1;\n");
    }

    /** What no line of text, github or markdown output, and no line on stderr, may contain. */
    static void assertInert(String where, String output, boolean github) {
        for (int i = 0; i < output.length(); i++) {
            char c = output.charAt(i);
            boolean control = c < 0x20 && c != '\n' || c >= 0x7f && c < 0xa0;
            boolean bidi = c >= 0x202a && c <= 0x202e
                    || c >= 0x2066 && c <= 0x2069
                    || c == 0x200e
                    || c == 0x200f
                    || c == 0x061c
                    || c == 0x2028
                    || c == 0x2029;
            int at = i;
            assertFalse(
                    control || bidi, () -> where + ": raw U+" + Integer.toHexString(c) + " at " + at + "\n" + output);
        }
        for (String line : output.split("\n")) {
            assertFalse(line.contains("##["), () -> where + ": ##[ in " + line);
            if (github) {
                assertTrue(line.matches("::(error|warning|notice) [^:]*::.*"), () -> where + ": " + line);
            } else {
                assertFalse(line.stripLeading().startsWith("::"), () -> where + ": workflow command " + line);
            }
        }
    }

    @Test
    @Timeout(120)
    void noFormatAndNoStderrLineLetsAControlSequenceOrCommandThrough() throws IOException {
        Cli json = Cli.run("check", db.toString(), "--format", "json");
        JsonNode report = MAPPER.readTree(json.out());
        int shown = 0;
        for (JsonNode f : report.get("findings")) {
            shown += f.get("suppressed") == null ? 1 : 0;
        }
        shown += report.get("errors").size();
        List<String> files = new ArrayList<>();
        report.get("findings").forEach(f -> files.add(f.get("file").asText()));
        report.get("errors").forEach(e -> files.add(e.get("file").asText()));
        // JSON keeps every value exact (its escapes are lossless) while the bytes stay plain text.
        assertTrue(files.stream().anyMatch(f -> f.contains("004_add_\u202eevil")), files::toString);
        assertTrue(files.stream().anyMatch(f -> f.contains("007_add_bad\u001b[31m")), files::toString);
        List<String> messages = new ArrayList<>();
        report.get("findings").forEach(f -> messages.add(f.get("message").asText()));
        assertTrue(messages.stream().anyMatch(m -> m.contains("i" + EVIL)), () -> "quoted exactly: " + messages);
        for (String format : FORMATS) {
            Cli r = Cli.run("check", db.toString(), "--format", format);
            HostileInputTest.assertClean(r);
            assertEquals(ExitCode.INPUT, r.exit(), r::toString);
            assertInert(format + " stderr", r.err(), false);
            boolean machine = format.equals("json") || format.equals("sarif") || format.equals("gitlab");
            assertInert(format, machine ? r.out().replace("\n", "") : r.out(), format.equals("github"));
            if (format.equals("github")) {
                assertEquals(shown, r.out().lines().count(), "one line per finding and error: " + r.out());
            }
            if (format.equals("text")) {
                assertTrue(r.out().contains("004_add_\\u202eevil"), r.out());
                assertTrue(
                        r.out().contains("\\n::error::x\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J\\u202e##\\x5bset-env"),
                        "the identifier is shown with visible escapes:\n" + r.out());
            }
        }
    }

    @Test
    void hostileConfigurationKeyIsEscapedOnStderr() throws IOException {
        Path config = Files.writeString(
                tmp.resolve("miglint.yaml"),
                "\"evil"
                        + EVIL.replace("\n", "\\n")
                                .replace("\u001b", "\\e")
                                .replace("\u0007", "\\a")
                                .replace("\u202e", "\\u202e")
                        + "\": 1\n");
        Cli r = Cli.run("check", db.toString(), "--config", config.toString());
        assertEquals(ExitCode.USAGE, r.exit(), r::toString);
        assertTrue(r.err().contains("unknown key"), r::toString);
        assertInert("config stderr", r.err(), false);
        assertTrue(r.err().contains("\\x1b]52"), "shown, escaped: " + r.err());
    }

    @Test
    void trackingTableRowsAreEscapedInEveryStatusFormat() throws IOException {
        MigrationSet set = new MigrationSet(db, "db" + EVIL, LayoutKind.GOLANG_MIGRATE, "test", List.of(), List.of());
        StatusEntry row = new StatusEntry("1" + EVIL, "name" + EVIL, MigrationState.EDITED, null, "detail" + EVIL);
        MigrationStatus status = new MigrationStatus(
                set,
                new GolangMigrateLedger(new TableName("public", "schema_migrations" + EVIL), null),
                List.of(),
                List.of(),
                true,
                List.of(row));
        for (String format : List.of("text", "markdown", "json")) {
            StringWriter out = new StringWriter();
            StatusRenderer.render(status, "postgres://db" + EVIL, format, new PrintWriter(out));
            String shown = format.equals("json") ? out.toString().replace("\n", "") : out.toString();
            assertInert("status " + format, shown, false);
            if (format.equals("json")) {
                assertEquals(
                        "name" + EVIL,
                        MAPPER.readTree(out.toString()).at("/migrations/0/name").asText());
            } else {
                assertTrue(
                        shown.contains("name\\n::error::x\\x1b]52") || shown.contains("name\\\\n::error::x"),
                        () -> format + ": " + shown);
            }
        }
    }
}
