package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input sized to exhaust miglint, in a child JVM with the 256 MiB heap CI runners are given: it ends with a report,
 * never an OutOfMemoryError or StackOverflowError.
 */
class BoundedResourcesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + (out.length() > 4000 ? out.substring(0, 4000) : out)
                    + "--- stderr\n" + err;
        }
    }

    /** miglint's Main in a new JVM on the test class path, with -Xmx256m. */
    static Run smallHeap(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process p = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertTrue(p.waitFor(4, TimeUnit.MINUTES), "miglint finishes");
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(300)
    void twoMillionNestedParenthesesGiveAFindingInA256MiBHeap(@TempDir Path dir) throws Exception {
        Path db = Files.createDirectories(dir.resolve("db"));
        int depth = 2_000_000;
        Files.writeString(
                db.resolve("001_nest.up.sql"),
                "SELECT " + "(".repeat(depth) + "1" + ")".repeat(depth) + ";\nCREATE INDEX i ON a (id);\n");
        Files.writeString(db.resolve("001_nest.down.sql"), "DROP INDEX i;\n");
        Run r = smallHeap(dir, "check", "db", "--format", "json");
        assertFalse(
                r.err().contains("OutOfMemoryError")
                        || r.err().contains("StackOverflowError")
                        || r.err().contains("internal error"),
                r::toString);
        JsonNode report = MAPPER.readTree(r.out());
        List<String> found = new ArrayList<>();
        report.get("findings")
                .forEach(f -> found.add(f.get("line").asInt() + " "
                        + f.get("ruleId").asText() + " " + f.get("message").asText()));
        assertTrue(
                found.stream().anyMatch(f -> f.startsWith("2 require-concurrent-index")),
                () -> "the statement after it is still linted: " + found);
        assertTrue(
                found.stream().anyMatch(f -> f.startsWith("1 ") && f.contains("nest")),
                () -> "the nesting is reported on line 1: " + found);
    }
}
