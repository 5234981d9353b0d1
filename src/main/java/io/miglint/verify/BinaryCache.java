package io.miglint.verify;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The PostgreSQL binaries {@link PostgresBinaries} fetched into the user's private cache, by version: each is its
 * verified jar ({@code postgres/<version>/}) and the tree the embedded engine unpacked from it
 * ({@code binaries-<version>/}), together tens of MB. {@link #list} shows them with when each was last used;
 * {@link #prune} removes those not needed any more. The bundled major's tree ({@code binaries/}, unpacked from the
 * full jar) is shown but never removed: it comes back from the jar on the next start anyway.
 *
 * <p>A version used less than {@link #IN_USE} ago is never removed: a run of another process may have its server
 * running from that tree (a run ends within {@code --timeout}, 60 minutes by default), and PostgreSQL loads libraries
 * from it while it runs.
 */
public final class BinaryCache {
    /** How recently a version may have been used and still be running in another process. */
    public static final Duration IN_USE = Duration.ofHours(2);
    /** Marks a version's last use: its modification time is when a run last took the version's binaries. */
    static final String USED = ".used";

    private static final String BUNDLED_TREE = "binaries";

    /**
     * One cached version.
     *
     * @param supersededBy the newer patch of the same major that is cached too, which every run takes instead (the
     *                     fetcher always uses the newest cached patch): null when this is the newest
     */
    public record Entry(String version, long bytes, Instant lastUsed, String supersededBy) {
        public int major() {
            return PostgresBinaries.majorOf(version);
        }
    }

    /** A version {@link #prune} removed (or would remove, for a dry run), and why in words. */
    public record Removal(Entry entry, String why) {}

    /** What a prune did: removed, and kept although asked to remove because a run may be using it. */
    public record Pruned(List<Removal> removed, List<Removal> inUse) {
        public long freedBytes() {
            return removed.stream().mapToLong(r -> r.entry().bytes()).sum();
        }
    }

    private final Path root;

    /** @param root the user's private directory: {@code postgres/} and the {@code binaries-*} trees are in it */
    BinaryCache(Path root) {
        this.root = root;
    }

    /** The user's cache ({@code $XDG_CACHE_HOME/miglint}, else {@code ~/.cache/miglint}). */
    public static BinaryCache forUser() throws IOException {
        return new BinaryCache(PrivateDirectory.forUser());
    }

    public Path root() {
        return root;
    }

    private Path jars() {
        return root.resolve("postgres");
    }

    /** The fetched versions, newest first. */
    public List<Entry> list() throws IOException {
        TreeSet<String> versions = new TreeSet<>(PostgresBinaries.VERSION_ORDER.reversed());
        for (Path dir : directories(jars())) {
            String name = dir.getFileName().toString();
            if (PostgresBinaries.isVersion(name)) {
                versions.add(name);
            }
        }
        for (Path dir : directories(root)) {
            String name = dir.getFileName().toString();
            if (name.startsWith(BUNDLED_TREE + "-") && PostgresBinaries.isVersion(name.substring(9))) {
                versions.add(name.substring(9));
            }
        }
        Map<Integer, String> newestWithJar = new LinkedHashMap<>();
        for (String v : versions) {
            if (hasJar(v)) {
                newestWithJar.putIfAbsent(PostgresBinaries.majorOf(v), v);
            }
        }
        List<Entry> out = new ArrayList<>();
        for (String v : versions) {
            String newest = newestWithJar.get(PostgresBinaries.majorOf(v));
            boolean superseded = newest != null && PostgresBinaries.VERSION_ORDER.compare(v, newest) < 0;
            out.add(new Entry(v, size(jars().resolve(v)) + size(tree(v)), lastUsed(v), superseded ? newest : null));
        }
        return out;
    }

    /** The size of the bundled major's unpacked tree, 0 when there is none. */
    public long bundledBytes() throws IOException {
        return size(root.resolve(BUNDLED_TREE));
    }

    /**
     * Removes what is not needed any more: always the patches that a newer cached patch of their major supersedes
     * (no run takes them again); with {@code olderThan}, the versions not used for that long; with {@code keep}, all
     * but the {@code keep} most recently used. Versions used within {@link #IN_USE} stay, listed in
     * {@link Pruned#inUse}.
     *
     * @param dryRun only say what would be removed
     */
    public Pruned prune(Integer keep, Duration olderThan, boolean dryRun, Instant now) throws IOException {
        List<Entry> entries = new ArrayList<>(list());
        entries.sort(Comparator.comparing(Entry::lastUsed).reversed());
        List<Removal> removed = new ArrayList<>();
        List<Removal> inUse = new ArrayList<>();
        for (int rank = 0; rank < entries.size(); rank++) {
            Entry e = entries.get(rank);
            String why = null;
            if (e.supersededBy() != null) {
                why = "superseded by " + e.supersededBy() + ", which runs take instead";
            } else if (olderThan != null && e.lastUsed().isBefore(now.minus(olderThan))) {
                why = "not used for " + olderThan.toDays() + " days or more";
            } else if (keep != null && rank >= keep) {
                why = "not among the " + keep + " most recently used";
            }
            if (why == null) {
                continue;
            }
            if (e.lastUsed().isAfter(now.minus(IN_USE))) {
                inUse.add(new Removal(e, why));
                continue;
            }
            if (!dryRun) {
                remove(e.version());
            }
            removed.add(new Removal(e, why));
        }
        return new Pruned(removed, inUse);
    }

    /**
     * After a newer patch of {@code major} was downloaded: the older patches of that major, which no run takes again,
     * unless used within {@link #IN_USE}. The caller holds the major's lock.
     */
    static void removeSupersededLocked(Path root, int major, Instant now) throws IOException {
        BinaryCache cache = new BinaryCache(root);
        for (Entry e : cache.list()) {
            if (e.major() == major && e.supersededBy() != null && !e.lastUsed().isAfter(now.minus(IN_USE))) {
                cache.removeLocked(e.version());
            }
        }
    }

    /** Records that a run takes {@code version} now. */
    static void markUsed(Path jarsDir, String version) throws IOException {
        Path marker = jarsDir.resolve(version).resolve(USED);
        if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
            Files.createFile(marker);
        }
        Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
    }

    /** Removes a version under its major's lock, so that a fetch of another process never sees it half gone. */
    private void remove(String version) throws IOException {
        Optional<PostgresBinaries.Platform> platform = PostgresBinaries.Platform.current();
        if (platform.isEmpty() || !Files.isDirectory(jars(), LinkOption.NOFOLLOW_LINKS)) {
            removeLocked(version);
            return;
        }
        Path lock = jars().resolve("." + platform.get().artifact() + "-" + PostgresBinaries.majorOf(version) + ".lock");
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            removeLocked(version);
        }
    }

    private void removeLocked(String version) throws IOException {
        delete(jars().resolve(version));
        delete(tree(version));
    }

    private Path tree(String version) {
        return root.resolve(BUNDLED_TREE + "-" + version);
    }

    private boolean hasJar(String version) throws IOException {
        Path dir = jars().resolve(version);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
            return s.iterator().hasNext();
        }
    }

    /**
     * When a run last took the version: its marker, else (cached before markers were written) the newest of its
     * jar directory and unpacked tree.
     */
    private Instant lastUsed(String version) throws IOException {
        Path marker = jars().resolve(version).resolve(USED);
        if (Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            return Files.getLastModifiedTime(marker, LinkOption.NOFOLLOW_LINKS).toInstant();
        }
        Instant last = Instant.EPOCH;
        for (Path p : List.of(jars().resolve(version), tree(version))) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Instant t =
                        Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
                last = t.isAfter(last) ? t : last;
            }
        }
        return last;
    }

    private static List<Path> directories(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Bytes of the regular files under {@code dir} (links not followed). */
    private static long size(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.mapToLong(p -> {
                        try {
                            BasicFileAttributes a =
                                    Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                            return a.isRegularFile() ? a.size() : 0;
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        }
    }

    /** Deletes {@code dir} and everything under it, links themselves rather than what they point at. */
    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
