package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.miglint.engine.SourceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a pull request can contain, through the real command line: every bad file gets one clear message, the exit
 * code says so (README: 5 when input could not be read), every other file is still linted with right lines and
 * columns in every format, and nothing prints a stack trace.
 */
@Tag("slow")
class HostileInputTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A Java stack frame or exception class name, as printStackTrace would leave them. */
    static final Pattern STACK_TRACE =
            Pattern.compile("\\n\\s+at [\\w$.]+\\(|Exception in thread|\\w+(Exception|Error):" + " .*\\n\\s+at ");

    private static Schema sarifSchema;

    @TempDir
    static Path tmp;

    private static Path db;

    /** One golang-migrate folder holding every hostile entry next to good files. */
    @BeforeAll
    static void hostileFolder() throws IOException, InterruptedException {
        try (InputStream in =
                HostileInputTest.class.getClassLoader().getResourceAsStream("schema/sarif-schema-2.1.0.json")) {
            sarifSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(MAPPER.readTree(in));
        }
        db = Files.createDirectories(tmp.resolve("db"));
        up("001_add_good_index", "CREATE INDEX i1 ON a (id);\n");
        bytes("002_add_binary.up.sql", concat("SELECT 1;\n".getBytes(StandardCharsets.UTF_8), new byte[] {0, 1, 2, 0}));
        bytes("003_add_latin1.up.sql", concat("SELECT 1;\nSELECT 'caf".getBytes(StandardCharsets.UTF_8), new byte[] {
            (byte) 0xE9, '\'', ';', '\n'
        }));
        bytes(
                "004_add_bom_index.up.sql",
                concat(
                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        "CREATE INDEX i4 ON a (id);\n".getBytes(StandardCharsets.UTF_8)));
        bytes(
                "005_add_utf16_index.up.sql",
                concat(
                        new byte[] {(byte) 0xFF, (byte) 0xFE},
                        "SELECT 1;\r\n  CREATE INDEX i5 ON a (id);\r\n".getBytes(StandardCharsets.UTF_16LE)));
        up("006_add_cr_index", "SELECT 1;\rSELECT 2;\r  CREATE INDEX i6 ON a (id);\r");
        up("007_add_crlf_index", "SELECT 1;\r\n\r\n    CREATE INDEX i7 ON a (id);\r\n");
        up("008_add_quote", "SELECT 1;\nSELECT 'never closed;\nCREATE INDEX x ON a (id);\n");
        up("009_add_ident", "SELECT 1;\nSELECT \"never closed;\n");
        up("010_add_dollar", "SELECT 1;\nDO $body$ BEGIN PERFORM 1; END\n");
        up("011_add_comment", "SELECT 1;\n/* never closed\n");
        up(
                "012_add_parens",
                "SELECT " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + ";\n" + "CREATE INDEX i12 ON a (id);\n");
        Files.createDirectories(db.resolve("013_add_dir.up.sql"));
        down("013_add_dir", "SELECT 1;\n");
        up("014_add_empty", "");
        up("015_add_comments_only", "-- nothing to do\n/* really nothing */\n");
        up("016_add ünïcode name", "CREATE INDEX i16 ON a (id);\n");
        Files.createSymbolicLink(db.resolve("017_add_loop.up.sql"), db.resolve("017_add_loop.down.sql"));
        Files.createSymbolicLink(db.resolve("017_add_loop.down.sql"), db.resolve("017_add_loop.up.sql"));
        Process mkfifo =
                new ProcessBuilder("mkfifo", db.resolve("018_add_fifo.up.sql").toString()).start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo is on every Linux");
        down("018_add_fifo", "SELECT 1;\n");
        up("019_add_after_bad", "CREATE INDEX i19 ON a (id);\n");
    }

    private static void up(String name, String sql) throws IOException {
        bytes(name + ".up.sql", sql.getBytes(StandardCharsets.UTF_8));
        if (!Files.exists(db.resolve(name + ".down.sql"))) {
            down(name, "SELECT 1;\n");
        }
    }

    private static void down(String name, String sql) throws IOException {
        bytes(name + ".down.sql", sql.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(String name, byte[] content) throws IOException {
        Files.write(db.resolve(name), content);
        if (name.endsWith(".up.sql") && !Files.exists(db.resolve(name.replace(".up.sql", ".down.sql")))) {
            Files.writeString(db.resolve(name.replace(".up.sql", ".down.sql")), "SELECT 1;\n");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static void assertClean(Cli r) {
        assertFalse(STACK_TRACE.matcher(r.out()).find(), () -> "stack trace on stdout\n" + r);
        assertFalse(STACK_TRACE.matcher(r.err()).find(), () -> "stack trace on stderr\n" + r);
        assertFalse(r.err().contains("internal error"), () -> "internal error\n" + r);
    }

    /** The findings every good file must still produce: file, line, column, whatever its encoding and line ends. */
    private static final List<String> EXPECTED = List.of(
            "001_add_good_index.up.sql:1:1",
            "004_add_bom_index.up.sql:1:1",
            "005_add_utf16_index.up.sql:2:3",
            "006_add_cr_index.up.sql:3:3",
            "007_add_crlf_index.up.sql:3:5",
            "012_add_parens.up.sql:2:1",
            "016_add ünïcode name.up.sql:1:1",
            "019_add_after_bad.up.sql:1:1");

    @Test
    @Timeout(60)
    void everyBadFileGetsOneMessageAndEveryGoodFileIsStillLinted() throws IOException {
        Cli r = Cli.run("check", db.toString(), "--format", "json");
        assertClean(r);
        assertEquals(ExitCode.INPUT, r.exit(), r::toString);
        JsonNode report = MAPPER.readTree(r.out());

        List<String> errors = new ArrayList<>();
        report.get("errors")
                .forEach(e -> errors.add(Path.of(e.get("file").asText()).getFileName() + ":"
                        + e.get("line").asInt() + ":" + e.get("column").asInt() + " "
                        + e.get("message").asText()));
        assertEquals(6, errors.size(), () -> "one error per unreadable entry: " + errors);
        assertHas(errors, "002_add_binary.up.sql:2:1 binary content");
        assertHas(errors, "003_add_latin1.up.sql:2:12 not valid UTF-8");
        assertHas(errors, "013_add_dir.up.sql:0:0 is a directory");
        assertHas(errors, "017_add_loop.up.sql:0:0 symbolic link loop");
        assertHas(errors, "017_add_loop.down.sql:0:0 symbolic link loop");
        assertHas(errors, "018_add_fifo.up.sql:0:0 not a regular file");
        for (String e : errors) {
            assertEquals(
                    1,
                    r.err()
                            .lines()
                            .filter(l ->
                                    l.contains(e.substring(0, e.indexOf(' ')).replaceAll(":0:0$", "")))
                            .count(),
                    () -> "one line on stderr for " + e + "\n" + r.err());
        }

        List<String> found = new ArrayList<>();
        report.get("findings")
                .forEach(f -> found.add(Path.of(f.get("file").asText()).getFileName() + ":"
                        + f.get("line").asInt() + ":" + f.get("column").asInt() + " "
                        + f.get("ruleId").asText()));
        for (String where : EXPECTED) {
            assertHas(found, where + " require-concurrent-index");
        }
        assertHas(found, "008_add_quote.up.sql:2:1 syntax-error");
        assertHas(found, "009_add_ident.up.sql:2:1 syntax-error");
        assertHas(found, "010_add_dollar.up.sql:2:1 syntax-error");
        assertHas(found, "011_add_comment.up.sql:2:1 syntax-error");
        assertFalse(
                found.stream()
                        .anyMatch(f -> (f.startsWith("014_") || f.startsWith("015_")) && f.endsWith("syntax-error")),
                "an empty or comments-only file is no syntax error");
        // 38 entries, of which the folder, the FIFO and the two looping links are no files; the binary and the
        // Latin-1 file are counted (and reported) though they could not be decoded.
        assertEquals(19 * 2 - 4, report.get("summary").get("files").asInt(), "every file was taken in");
    }

    @Test
    @Timeout(60)
    void linesAndColumnsAgreeInTextGithubAndSarif() throws IOException {
        Cli text = Cli.run("check", db.toString(), "--format", "text");
        Cli github = Cli.run("check", db.toString(), "--format", "github");
        Cli sarif = Cli.run("check", db.toString(), "--format", "sarif");
        for (Cli r : List.of(text, github, sarif)) {
            assertClean(r);
            assertEquals(ExitCode.INPUT, r.exit(), r::toString);
        }
        for (String where : EXPECTED) {
            String[] p = where.split(":");
            assertTrue(text.out().contains(where + ": warning [require-concurrent-index]"), () -> where + "\n" + text);
            assertTrue(
                    github.out().contains(p[0] + ",line=" + p[1] + ",col=" + p[2] + ",")
                            && github.out().contains("title=miglint require-concurrent-index"),
                    () -> where + "\n" + github);
        }
        JsonNode log = MAPPER.readTree(sarif.out());
        assertEquals(
                List.of(),
                sarifSchema.validate(log).stream().map(Object::toString).toList());
        List<String> regions = new ArrayList<>();
        for (JsonNode result : log.at("/runs/0/results")) {
            JsonNode loc = result.at("/locations/0/physicalLocation");
            String uri =
                    java.net.URLDecoder.decode(loc.at("/artifactLocation/uri").asText(), StandardCharsets.UTF_8);
            regions.add(uri.substring(uri.lastIndexOf('/') + 1) + ":"
                    + loc.at("/region/startLine").asInt() + ":"
                    + loc.at("/region/startColumn").asInt(1) + " "
                    + result.get("ruleId").asText());
        }
        for (String where : EXPECTED) {
            assertHas(regions, where + " require-concurrent-index");
        }
        assertEquals(
                6, log.at("/runs/0/invocations/0/toolExecutionNotifications").size(), sarif.out());
        assertFalse(log.at("/runs/0/invocations/0/executionSuccessful").asBoolean(true));
    }

    @Test
    @Timeout(60)
    void fiftyMegabyteFileIsSkippedWithAMessage(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("001_load_everything.up.sql");
        byte[] chunk =
                "INSERT INTO t (a, b) VALUES (1, 'x;y');\n".repeat(26_000).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(big)) {
            for (long written = 0; written < 50L * 1024 * 1024; written += chunk.length) {
                out.write(chunk);
            }
        }
        Files.writeString(dir.resolve("001_load_everything.down.sql"), "DELETE FROM t;\n");
        Files.writeString(dir.resolve("002_add_index.up.sql"), "CREATE INDEX i ON t (a);\n");
        Files.writeString(dir.resolve("002_add_index.down.sql"), "DROP INDEX IF EXISTS i;\n");
        assertTrue(Files.size(big) > SourceLoader.MAX_BYTES);
        Cli r = Cli.run("check", dir.toString(), "--format", "json");
        assertClean(r);
        assertEquals(ExitCode.INPUT, r.exit(), r::toString);
        assertTrue(r.err().contains("001_load_everything.up.sql: unreadable-file: file is 50."), r::toString);
        assertTrue(r.out().contains("\"require-concurrent-index\""), "the other files are still linted");
    }

    @Test
    @Timeout(60)
    void oneMegabyteStatementIsLinted(@TempDir Path dir) throws IOException {
        StringBuilder sql = new StringBuilder("INSERT INTO t (a, b) VALUES ");
        while (sql.length() < 1_000_000) {
            sql.append("(1, 'a;b'), ");
        }
        sql.append("(2, 'c');\nCREATE INDEX i ON t (a);\n");
        Files.writeString(dir.resolve("001_fill_t.up.sql"), sql);
        Files.writeString(dir.resolve("001_fill_t.down.sql"), "DELETE FROM t;\n");
        Cli r = Cli.run("check", dir.toString(), "--format", "json");
        assertClean(r);
        assertTrue(r.exit() == ExitCode.FINDINGS || r.exit() == ExitCode.CLEAN, r::toString);
        JsonNode report = MAPPER.readTree(r.out());
        assertEquals(0, report.get("errors").size(), r::toString);
        List<String> found = new ArrayList<>();
        report.get("findings")
                .forEach(f ->
                        found.add(f.get("ruleId").asText() + "@" + f.get("line").asInt()));
        assertHas(found, "require-concurrent-index@2");
    }

    @Test
    // A guard against work that grows with the square of the statements (hours at this size), not a speed target:
    // it takes about 20 s on an idle 2-core machine and came near 60 s under load.
    @Timeout(240)
    void tooManyStatementsIsSkippedWithAMessageAndManyAreLintedInTime(@TempDir Path dir) throws IOException {
        int over = io.miglint.engine.LintEngine.MAX_STATEMENTS + 1;
        Files.writeString(dir.resolve("001_seed_rows.up.sql"), "INSERT INTO t VALUES (1);\n".repeat(over));
        Files.writeString(dir.resolve("001_seed_rows.down.sql"), "DELETE FROM t;\n");
        // Every lock rule looks back over the script (and the up) for each statement: 5,000 of them must stay fast.
        StringBuilder up = new StringBuilder();
        StringBuilder down = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            up.append("CREATE INDEX i")
                    .append(i)
                    .append(" ON t (a);\nALTER TABLE t ADD COLUMN c")
                    .append(i)
                    .append(" int;\n");
            // indexes the up did not build: dropping the up's own ones undoes it and is not a finding
            down.append("DROP INDEX j")
                    .append(i)
                    .append(";\nALTER TABLE t DROP COLUMN c")
                    .append(i)
                    .append(";\n");
        }
        Files.writeString(dir.resolve("002_add_many.up.sql"), up);
        Files.writeString(dir.resolve("002_add_many.down.sql"), down);
        Cli r = Cli.run("check", dir.toString(), "--format", "json");
        assertClean(r);
        assertEquals(ExitCode.INPUT, r.exit(), r::toString);
        assertTrue(r.err().contains("001_seed_rows.up.sql: unreadable-file: has 10,001 statements"), r::toString);
        // The tool error, and the note that the .up.sql/.down.sql folder was read as golang-migrate by a guess.
        assertEquals(2, r.err().lines().count(), r::toString);
        assertTrue(
                r.err().lines().skip(1).findFirst().orElseThrow().contains(": read as golang-migrate, but"),
                r::toString);
        JsonNode report = MAPPER.readTree(r.out());
        List<String> found = new ArrayList<>();
        report.get("findings")
                .forEach(f -> found.add(Path.of(f.get("file").asText()).getFileName() + ":"
                        + f.get("line").asInt() + " " + f.get("ruleId").asText()));
        // The up is one transaction: its builds after the first ALTER TABLE t are one finding that counts them all.
        assertHas(found, "002_add_many.up.sql:3 require-concurrent-index");
        assertTrue(r.out().contains("4998 more index builds on t follow under the same lock"), r::toString);
        assertHas(found, "002_add_many.down.sql:9999 require-concurrent-drop-index");
    }

    /** {@code pairs} golang-migrate pairs, each up creating a table and an index, each down dropping them. */
    static void writeManyMigrations(Path dir, int pairs) throws IOException {
        for (int i = 1; i <= pairs; i++) {
            String v = String.format("%06d", i);
            Files.writeString(
                    dir.resolve(v + "_create_table_" + i + ".up.sql"),
                    "SET lock_timeout = '5s';\n"
                            + "CREATE TABLE IF NOT EXISTS t" + i + " (id bigint PRIMARY KEY, note text);\n"
                            + "CREATE INDEX IF NOT EXISTS t" + i + "_note ON t" + i + " (note);\n");
            Files.writeString(
                    dir.resolve(v + "_create_table_" + i + ".down.sql"), "DROP TABLE IF EXISTS t" + i + ";\n");
        }
    }

    @Test
    void twoLayoutsInOneFolderNameEveryStrayFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("001_create_a.up.sql"), "CREATE TABLE a (id int);\n");
        Files.writeString(dir.resolve("001_create_a.down.sql"), "DROP TABLE a;\n");
        Files.writeString(dir.resolve("002_create_b.up.sql"), "CREATE TABLE b (id int);\n");
        Files.writeString(dir.resolve("002_create_b.down.sql"), "DROP TABLE b;\n");
        Files.writeString(dir.resolve("V3__create_c.sql"), "CREATE TABLE c (id int);\n");
        Files.writeString(dir.resolve("20240101120000_create_d.sql"), "-- migrate:up\nCREATE TABLE d (id int);\n");
        Cli r = Cli.run("check", dir.toString(), "--format", "json");
        assertClean(r);
        assertEquals(ExitCode.FINDINGS, r.exit(), r::toString);
        JsonNode report = MAPPER.readTree(r.out());
        List<String> files = new ArrayList<>();
        report.get("findings")
                .forEach(f -> files.add(Path.of(f.get("file").asText()).getFileName() + " "
                        + f.get("ruleId").asText()));
        assertHas(files, "V3__create_c.sql unrecognized-file");
        assertHas(files, "20240101120000_create_d.sql migration-filename");
    }

    @Test
    void badExcludeGlobIsAConfigErrorNotACrash(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(".miglint.yaml"), "exclude: [\"legacy/[\"]\n");
        Files.writeString(dir.resolve("001_create_a.up.sql"), "CREATE TABLE a (id int);\n");
        Files.writeString(dir.resolve("001_create_a.down.sql"), "DROP TABLE a;\n");
        Cli r = Cli.run("check", dir.toString());
        assertClean(r);
        assertEquals(ExitCode.USAGE, r.exit(), r::toString);
        assertTrue(
                r.err().startsWith("miglint: ")
                        && r.err().contains(".miglint.yaml: exclude: 'legacy/[' is not a " + "valid glob"),
                r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
    }

    private static void assertHas(List<String> lines, String prefix) {
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith(prefix)),
                () -> "no " + prefix + " in\n" + String.join("\n", lines));
    }
}
