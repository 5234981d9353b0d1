package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache of fetched binaries on disk as the fetcher and the embedded engine leave it (a jar directory and an
 * unpacked tree per version): what list shows, and what prune removes and keeps.
 */
class BinaryCacheTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path root;

    BinaryCache cache;

    /** A version cached as the fetcher leaves it: its jar, record and use marker, and its unpacked tree. */
    private void cached(String version, Duration usedAgo, int jarBytes, int treeBytes) throws Exception {
        Path dir = Files.createDirectories(root.resolve("postgres").resolve(version));
        Files.write(dir.resolve(FakeMavenRepository.ARTIFACT + "-" + version + ".jar"), new byte[jarBytes]);
        Files.writeString(dir.resolve(FakeMavenRepository.ARTIFACT + "-" + version + ".jar.sha256"), "x\n");
        Path used = Files.createFile(dir.resolve(BinaryCache.USED));
        Files.setLastModifiedTime(used, FileTime.from(NOW.minus(usedAgo)));
        Path bin = Files.createDirectories(
                root.resolve("binaries-" + version).resolve("PG-1").resolve("bin"));
        Files.write(bin.resolve("postgres"), new byte[treeBytes]);
    }

    @BeforeEach
    void fill() throws Exception {
        cache = new BinaryCache(root);
        cached("15.19.0", Duration.ofDays(3), 100, 1000); // superseded by 15.20.0
        cached("15.20.0", Duration.ofDays(1), 100, 1000);
        cached("16.10.0", Duration.ofDays(120), 200, 2000); // not used for months
        cached("14.22.0", Duration.ofMinutes(10), 50, 500); // superseded, but a run may be using it
        cached("14.23.0", Duration.ofDays(2), 50, 500);
        Files.createDirectories(root.resolve("binaries").resolve("PG-2"));
        Files.write(root.resolve("binaries").resolve("PG-2").resolve("postgres"), new byte[700]);
    }

    private Map<String, BinaryCache.Entry> byVersion() throws Exception {
        return cache.list().stream().collect(Collectors.toMap(BinaryCache.Entry::version, Function.identity()));
    }

    @Test
    void listShowsEachVersionWithItsSizeLastUseAndWhatSupersedesIt() throws Exception {
        assertEquals(
                List.of("16.10.0", "15.20.0", "15.19.0", "14.23.0", "14.22.0"),
                cache.list().stream().map(BinaryCache.Entry::version).toList(),
                "newest first");
        Map<String, BinaryCache.Entry> e = byVersion();
        assertEquals("15.20.0", e.get("15.19.0").supersededBy());
        assertNull(e.get("15.20.0").supersededBy());
        assertEquals("14.23.0", e.get("14.22.0").supersededBy());
        assertTrue(
                e.get("15.20.0").bytes() >= 1100,
                "jar and unpacked tree: " + e.get("15.20.0").bytes());
        assertEquals(NOW.minus(Duration.ofDays(120)), e.get("16.10.0").lastUsed());
        assertEquals(700, cache.bundledBytes());
    }

    @Test
    void pruneRemovesSupersededPatchesButNotOneThatMayBeRunning() throws Exception {
        BinaryCache.Pruned p = cache.prune(null, null, false, NOW);
        assertEquals(
                List.of("15.19.0"),
                p.removed().stream().map(r -> r.entry().version()).toList());
        assertEquals(
                List.of("14.22.0"),
                p.inUse().stream().map(r -> r.entry().version()).toList());
        assertFalse(Files.exists(root.resolve("postgres/15.19.0")));
        assertFalse(Files.exists(root.resolve("binaries-15.19.0")), "its unpacked tree goes with it");
        assertTrue(Files.exists(root.resolve("postgres/14.22.0")));
        assertTrue(Files.exists(root.resolve("binaries")), "the bundled tree is never removed");
        assertEquals(
                List.of("16.10.0", "15.20.0", "14.23.0", "14.22.0"),
                cache.list().stream().map(BinaryCache.Entry::version).toList());
    }

    @Test
    void olderThanAndKeepRemoveByLastUse() throws Exception {
        BinaryCache.Pruned old = cache.prune(null, Duration.ofDays(90), false, NOW);
        assertEquals(
                List.of("15.19.0", "16.10.0"),
                old.removed().stream().map(r -> r.entry().version()).sorted().toList());
        assertTrue(old.removed().stream().anyMatch(r -> r.why().equals("not used for 90 days or more")));

        BinaryCache.Pruned kept = cache.prune(1, null, false, NOW);
        // 14.22.0 (used 10 minutes ago) is the most recent: 15.20.0 and 14.23.0 go
        assertEquals(
                List.of("14.23.0", "15.20.0"),
                kept.removed().stream().map(r -> r.entry().version()).sorted().toList());
        assertEquals(
                List.of("14.22.0"),
                cache.list().stream().map(BinaryCache.Entry::version).toList());
    }

    @Test
    void aDryRunRemovesNothing() throws Exception {
        BinaryCache.Pruned p = cache.prune(0, Duration.ofDays(0), true, NOW);
        assertEquals(4, p.removed().size(), p.toString());
        assertEquals(1, p.inUse().size(), p.toString());
        assertEquals(5, cache.list().size());
        assertTrue(p.freedBytes() > 0);
    }

    @Test
    void aLinkInTheCacheIsRemovedNotFollowed() throws Exception {
        Path outside = Files.createDirectories(root.getParent().resolve(root.getFileName() + "-outside"));
        Files.writeString(outside.resolve("keep.txt"), "not the cache's");
        Files.createSymbolicLink(
                root.resolve("binaries-15.19.0").resolve("PG-1").resolve("link"), outside);
        cache.prune(null, null, false, NOW);
        assertFalse(Files.exists(root.resolve("binaries-15.19.0")));
        assertTrue(Files.exists(outside.resolve("keep.txt")));
    }
}
