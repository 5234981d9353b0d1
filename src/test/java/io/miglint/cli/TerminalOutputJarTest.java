package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report where a person reads it on a terminal: coloured unless NO_COLOR or {@code --color=never} says otherwise,
 * and a tool error the text report lists is not printed on stderr a second time; redirected, stderr still carries it
 * and colour takes {@code --color=always}. The jar runs on a pseudo-terminal made by util-linux {@code script}; skips
 * itself where that or the jar is absent.
 */
class TerminalOutputJarTest {
    private static final Path PROJECT =
            Path.of(System.getProperty("miglint.projectDir", ".")).toAbsolutePath();
    private static final String ERROR = "missing_folder: io: no such file or folder";

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** The output of {@code command} run on a pseudo-terminal, with {@code env} added to the environment. */
    private static String onTerminal(Path dir, String command, Map<String, String> env) throws Exception {
        Path typescript = Files.createTempFile(dir, "terminal", ".txt");
        ProcessBuilder pb = new ProcessBuilder(List.of("/usr/bin/script", "-qec", command, "/dev/null"))
                .directory(dir.toFile())
                .redirectOutput(typescript.toFile())
                .redirectErrorStream(true);
        pb.environment().remove("NO_COLOR");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(100, TimeUnit.SECONDS));
        return Files.readString(typescript, StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(300)
    void colourOnATerminalUnlessNoColorOrNeverAndInAPipeOnlyWhenAlways(@TempDir Path dir) throws Exception {
        Path jar = PROJECT.resolve("target/miglint.jar");
        assumeTrue(Files.isRegularFile(jar), "target/miglint.jar is not built");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed");
        Files.writeString(dir.resolve("001_create_users.sql"), "create table users (id bigint primary key);\n");
        Files.writeString(dir.resolve("002_add_users_index.sql"), "create index users_id on users (id);\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String check = java + " -jar " + jar + " check . --fail-on never";
        String warning = "\u001b[1;33mwarning\u001b[0m";
        assertTrue(onTerminal(dir, check, Map.of()).contains(warning));
        assertTrue(onTerminal(dir, check + " --format compact", Map.of()).contains(warning));
        // https://no-color.org: set and not empty; an empty NO_COLOR leaves colour on.
        assertFalse(onTerminal(dir, check, Map.of("NO_COLOR", "1")).contains("\u001b["));
        assertTrue(onTerminal(dir, check, Map.of("NO_COLOR", "")).contains(warning));
        assertFalse(onTerminal(dir, check + " --color=never", Map.of()).contains("\u001b["));
        // The command line wins over the variable.
        assertTrue(onTerminal(dir, check + " --color=always", Map.of("NO_COLOR", "1"))
                .contains(warning));
        // stdout a terminal, stdin not: still a terminal to write colour to.
        assertTrue(onTerminal(dir, check + " < /dev/null", Map.of()).contains(warning));

        Path out = dir.resolve("out.txt");
        for (String color : List.of("auto", "always")) {
            Process piped = new ProcessBuilder(List.of(
                            java, "-jar", jar.toString(), "check", ".", "--fail-on", "never", "--color=" + color))
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            assertTrue(piped.waitFor(100, TimeUnit.SECONDS));
            assertEquals(color.equals("always"), Files.readString(out).contains(warning), Files.readString(out));
        }
    }

    /**
     * Terminal detection differs between Java releases (Java 22 returns a console on pipes too, see {@code Terminal}):
     * on the newest Java installed here, too, a report written into a file has no colour.
     */
    @Test
    @Timeout(300)
    void aNewerJavaPrintsNoColourIntoAPipe(@TempDir Path dir) throws Exception {
        Path jar = PROJECT.resolve("target/miglint.jar");
        assumeTrue(Files.isRegularFile(jar), "target/miglint.jar is not built");
        Path newer = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        assumeTrue(Files.isExecutable(newer), "no Java 25 at " + newer);
        Files.writeString(dir.resolve("001_create_users.sql"), "create table users (id bigint primary key);\n");
        Files.writeString(dir.resolve("002_add_users_index.sql"), "create index users_id on users (id);\n");
        Path out = dir.resolve("out.txt");
        Process piped = new ProcessBuilder(
                        List.of(newer.toString(), "-jar", jar.toString(), "check", ".", "--fail-on", "never"))
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(piped.waitFor(100, TimeUnit.SECONDS));
        String report = Files.readString(out);
        assertTrue(report.contains("warning"), report);
        assertFalse(report.contains("\u001b["), report);
    }

    @Test
    @Timeout(120)
    void toolErrorShowsOnceOnATerminalAndOnStderrWhenRedirected(@TempDir Path dir) throws Exception {
        Path jar = PROJECT.resolve("target/miglint.jar");
        assumeTrue(Files.isRegularFile(jar), "target/miglint.jar is not built");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed");
        Files.writeString(dir.resolve("001_create_users.sql"), "create table users (id bigint primary key);\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -jar " + jar + " check . missing_folder";

        Path typescript = dir.resolve("terminal.txt");
        Process onTerminal = new ProcessBuilder(List.of("/usr/bin/script", "-qec", command, "/dev/null"))
                .directory(dir.toFile())
                .redirectOutput(typescript.toFile())
                .redirectErrorStream(true)
                .start();
        assertTrue(onTerminal.waitFor(100, TimeUnit.SECONDS));
        String screen = Files.readString(typescript, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
        assertEquals(1, count(screen, "no such file or folder"), screen);
        assertEquals(1, count(screen, "missing_folder: error: io: no such file or folder"), screen);

        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process redirected = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "check", ".", "missing_folder"))
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertTrue(redirected.waitFor(100, TimeUnit.SECONDS));
        assertEquals(1, count(Files.readString(err), "miglint: " + ERROR), Files.readString(err));
        assertEquals(
                1,
                count(Files.readString(out), "missing_folder: error: io: no such file or folder"),
                Files.readString(out));
    }
}
