package io.miglint.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped by SIGTERM (what Ctrl-C and a CI cancel send) says so in one line on stderr, and nothing after it:
 * the process is stopped while a migration runs on the scratch server (seen in pg_stat_activity, so nothing depends
 * on timing), and its stderr is read whole.
 */
@Tag("slow")
class InterruptTest {
    @TempDir
    Path tmp;

    @Test
    void aStoppedRunSaysSoInOneLine() throws Exception {
        Path dir = tmp.resolve("m");
        Files.createDirectories(dir);
        String marker = "miglint_interrupt_test_" + ProcessHandle.current().pid();
        Files.writeString(dir.resolve("1_s.up.sql"), "SELECT pg_sleep(60), '" + marker + "';\n");
        Files.writeString(dir.resolve("1_s.down.sql"), "SELECT 1;\n");
        Path err = tmp.resolve("err.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.miglint.cli.Main",
                        "verify",
                        dir.toString(),
                        "--layout",
                        "golang-migrate",
                        "--engine",
                        "url",
                        "--database-url",
                        GateEndToEndTest.ENGINE_SERVER)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile())
                .start();
        try {
            String running = "select count(*) from pg_stat_activity where query like '%" + marker + "%' "
                    + "and pid <> pg_backend_pid()";
            for (int i = 0; i < 600 && GateDatabases.rows("postgres", running).equals(List.of(List.of("0"))); i++) {
                assertTrue(p.isAlive(), () -> "the run ended before its migration ran: " + read(err));
                Thread.sleep(100);
            }
            p.destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(
                List.of("miglint: interrupted; scratch databases are being dropped, and a migration that apply "
                        + "had started stays marked failed or dirty in its tracking table"),
                read(err).lines().toList());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
