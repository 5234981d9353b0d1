package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar as a child process: what a CI job sees. stdout is the report and nothing else (it parses as JSON),
 * stderr has one line per problem and no stack trace, and 10,000 files fit in a 256 MiB heap. Runs in the verify
 * phase, after the jar is built (pom.xml); skips itself when target/miglint.jar is absent.
 */
class HostileInputJarTest {
    private static final Path PROJECT =
            Path.of(System.getProperty("miglint.projectDir", ".")).toAbsolutePath();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Run(int exit, String out, String err, long peakRssKb, double seconds) {}

    static Run jar(Path workDir, String... args) throws IOException, InterruptedException {
        Path jar = PROJECT.resolve("target/miglint.jar");
        assumeTrue(Files.isRegularFile(jar), "target/miglint.jar is not built: run mvn package -DskipTests first");
        List<String> cmd = new ArrayList<>();
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        if (timed) {
            cmd.addAll(List.of("/usr/bin/time", "-v"));
        }
        cmd.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("miglint-out", ".txt");
        Path err = Files.createTempFile("miglint-err", ".txt");
        long started = System.nanoTime();
        Process p = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the jar finishes");
        double seconds = (System.nanoTime() - started) / 1e9;
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(out);
        Files.delete(err);
        long rss = -1;
        if (timed) {
            Matcher m = Pattern.compile("\\n\\s*Maximum resident set size \\(kbytes\\): (\\d+)")
                    .matcher(stderr);
            rss = m.find() ? Long.parseLong(m.group(1)) : -1;
            // What /usr/bin/time adds starts at its "Command being timed" line (or "Command exited with" before it).
            int cut = stderr.indexOf("\tCommand being timed");
            int exited = stderr.indexOf("Command exited with non-zero status");
            if (exited >= 0 && (cut < 0 || exited < cut)) {
                cut = exited;
            }
            stderr = cut >= 0 ? stderr.substring(0, cut) : stderr;
        }
        return new Run(p.exitValue(), stdout, stderr, rss, seconds);
    }

    private static void assertNoStackTrace(Run r) {
        assertFalse(HostileInputTest.STACK_TRACE.matcher(r.out()).find(), () -> "stack trace on stdout: " + r.out());
        assertFalse(HostileInputTest.STACK_TRACE.matcher(r.err()).find(), () -> "stack trace on stderr: " + r.err());
        assertFalse(r.err().contains("internal error"), r.err());
    }

    @Test
    @Timeout(300)
    void hostileFolderThroughTheJar(@TempDir Path dir) throws Exception {
        Path db = Files.createDirectories(dir.resolve("db"));
        Files.writeString(dir.resolve("go.mod"), "module example.com/app\n"); // no layout guess to note on stderr
        Files.write(db.resolve("001_add_binary.up.sql"), new byte[] {'S', 'E', 'L', 0, 0, 1});
        Files.writeString(db.resolve("001_add_binary.down.sql"), "SELECT 1;\n");
        Files.write(
                db.resolve("002_add_latin1.up.sql"),
                new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', (byte) 0xE9, '\'', ';'});
        Files.writeString(db.resolve("002_add_latin1.down.sql"), "SELECT 1;\n");
        Files.writeString(db.resolve("003_add_index.up.sql"), "SELECT 1;\r  CREATE INDEX i ON a (id);\r");
        Files.writeString(db.resolve("003_add_index.down.sql"), "DROP INDEX IF EXISTS i;\n");
        Files.writeString(
                db.resolve("004_add_deep.up.sql"),
                "SELECT " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + ";\n/* never closed");
        Files.writeString(db.resolve("004_add_deep.down.sql"), "SELECT 1;\n");
        Files.createDirectories(db.resolve("005_add_dir.up.sql"));
        Files.createSymbolicLink(db.resolve("006_add_loop.up.sql"), db.resolve("006_add_loop.up.sql"));
        for (String format : List.of("json", "sarif", "text", "github")) {
            Run r = jar(dir, "check", "db", "--format", format);
            assertNoStackTrace(r);
            assertEquals(ExitCode.INPUT, r.exit(), () -> format + "\n" + r);
            if (format.equals("json") || format.equals("sarif")) {
                JsonNode report = MAPPER.readTree(r.out());
                assertTrue(report.isObject(), "stdout is only the report");
            }
            List<String> lines = r.err().lines().toList();
            assertEquals(4, lines.size(), () -> "one line per unreadable entry:\n" + r.err());
            assertTrue(lines.stream().allMatch(l -> l.startsWith("miglint: db/")), r.err());
            assertTrue(r.err().contains("db/001_add_binary.up.sql:1:4: unreadable-file"), r.err());
            assertTrue(r.err().contains("db/002_add_latin1.up.sql:1:9: unreadable-file"), r.err());
            assertTrue(r.err().contains("db/005_add_dir.up.sql: unreadable-file"), r.err());
            assertTrue(r.err().contains("db/006_add_loop.up.sql: unreadable-file"), r.err());
            assertTrue(r.out().contains("003_add_index.up.sql"), "the good file is linted");
        }
    }

    @Test
    @Timeout(300)
    void tenThousandFilesFitInA256MebibyteHeap(@TempDir Path dir) throws Exception {
        Path db = Files.createDirectories(dir.resolve("db"));
        HostileInputTest.writeManyMigrations(db, 5_000);
        Run r = jar(dir, "check", "db", "--format", "json", "--fail-on", "never");
        assertNoStackTrace(r);
        assertEquals(ExitCode.CLEAN, r.exit(), r::toString);
        assertEquals(
                10_000, MAPPER.readTree(r.out()).get("summary").get("files").asInt());
        System.out.printf("10,000 files, -Xmx256m: %.1f s wall, peak RSS %d KiB%n", r.seconds(), r.peakRssKb());
    }
}
