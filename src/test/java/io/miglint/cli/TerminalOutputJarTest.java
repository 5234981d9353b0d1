package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool error where a person reads the report on a terminal: the text report lists it, so it is not printed on
 * stderr a second time; redirected, stderr still carries it. The jar runs on a pseudo-terminal made by util-linux
 * {@code script}; skips itself where that or the jar is absent.
 */
class TerminalOutputJarTest {
    private static final Path PROJECT = Path.of(System.getProperty("miglint.projectDir", ".")).toAbsolutePath();
    private static final String ERROR = "missing_folder: io: no such file or folder";

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
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
                .directory(dir.toFile()).redirectOutput(typescript.toFile()).redirectErrorStream(true).start();
        assertTrue(onTerminal.waitFor(100, TimeUnit.SECONDS));
        String screen = Files.readString(typescript, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
        assertEquals(1, count(screen, "no such file or folder"), screen);
        assertEquals(1, count(screen, "missing_folder: error: io: no such file or folder"), screen);

        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process redirected = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "check", ".", "missing_folder"))
                .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(redirected.waitFor(100, TimeUnit.SECONDS));
        assertEquals(1, count(Files.readString(err), "miglint: " + ERROR), Files.readString(err));
        assertEquals(1, count(Files.readString(out), "missing_folder: error: io: no such file or folder"),
                Files.readString(out));
    }
}
