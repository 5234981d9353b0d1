package io.miglint.verify;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Creates and drops scratch databases on one PostgreSQL server, connected as an admin role. The untrusted SQL runs,
 * always, as a login role with no SUPERUSER, CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS that owns only its
 * scratch databases, so {@code COPY … PROGRAM} and other superuser-only features cannot reach the host
 * (https://www.postgresql.org/docs/current/sql-copy.html): a role generated for the run, or one the user created
 * beforehand ({@code --runner-role}) where the admin may not create roles. There is no fallback to the admin role.
 * Everything it created is dropped on {@link #close()}, by a shutdown hook should the JVM stop early (Ctrl-C), and,
 * should it be killed, by a later run: each database and role carries a {@link RunMarker} comment.
 */
final class ScratchServer implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseUrl admin;
    private final boolean adminIsSuperuser;
    private final int serverVersionNum;
    private final String runnerRole;
    private final String runnerPassword;
    /** Whether {@link #runnerRole} is ours to drop (generated for this run). */
    private final boolean runnerGenerated;

    private final RunMarker marker;
    private final long statementTimeoutMillis;
    private String template;
    /** Whether the template has {@link ChangeCapture}, so every copy does. */
    private boolean captureInTemplate;
    /** The server's whole cluster is ours, without durability, and deleted when we close (embedded). */
    private boolean disposable;
    /** Drops of a disposable cluster's scratch databases, one at a time, off the verifier's thread. */
    private java.util.concurrent.ExecutorService dropper;

    private Connection dropperConnection;
    private final Set<String> liveDatabases = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private final Runnable afterCleanup;
    private Connection adminConnection;
    /** Folders verified in parallel share {@link #adminConnection}: one statement on it at a time. */
    private final Object adminLock = new Object();

    private ScratchServer(
            DatabaseUrl admin,
            Connection adminConnection,
            boolean adminIsSuperuser,
            int serverVersionNum,
            String runnerRole,
            String runnerPassword,
            boolean runnerGenerated,
            RunMarker marker,
            long statementTimeoutMillis,
            Runnable afterCleanup) {
        this.admin = admin;
        this.adminConnection = adminConnection;
        this.adminIsSuperuser = adminIsSuperuser;
        this.serverVersionNum = serverVersionNum;
        this.runnerRole = runnerRole;
        this.runnerPassword = runnerPassword;
        this.runnerGenerated = runnerGenerated;
        this.marker = marker;
        this.statementTimeoutMillis = statementTimeoutMillis;
        this.afterCleanup = afterCleanup;
        this.shutdownHook = new Thread(this::cleanUp, "miglint-verify-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static String randomSuffix() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Connects as {@code admin}, makes sure the SQL under test will run as a restricted role and, when
     * {@code useTemplate}, creates a template database that each scratch database is copied from (a file copy, much
     * cheaper than a new cluster).
     *
     * @param disposable the cluster is ours, runs without fsync and is deleted after {@code afterCleanup}: clone the
     *                   template with STRATEGY FILE_COPY, drop scratch databases in the background, and leave the
     *                   ones still there at the end to the cluster's deletion
     * @throws IllegalArgumentException when no restricted role can be had (a usage error: the message names the way
     *                                  out)
     */
    static ScratchServer open(
            DatabaseUrl admin,
            boolean useTemplate,
            boolean disposable,
            VerifyOptions.Sandbox sandbox,
            Runnable afterCleanup)
            throws DatabaseUnavailableException {
        Connection c;
        try {
            Properties props = admin.properties();
            props.setProperty("ApplicationName", "miglint-verify");
            props.setProperty("connectTimeout", "10");
            c = DriverManager.getConnection(admin.jdbcUrl(), props);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot connect to " + admin, e);
        }
        RunMarker marker = RunMarker.forThisRun(sandbox.timeout());
        try (Statement st = c.createStatement()) {
            boolean superuser;
            boolean createRole;
            boolean createDb;
            int version;
            try (ResultSet rs = st.executeQuery("select r.rolsuper, r.rolcreaterole, r.rolcreatedb, "
                    + "current_setting('server_version_num')::int from pg_roles r where r.rolname = current_user")) {
                rs.next();
                superuser = rs.getBoolean(1);
                createRole = rs.getBoolean(2);
                createDb = rs.getBoolean(3);
                version = rs.getInt(4);
            }
            if (!superuser && !createDb) {
                c.close();
                throw new DatabaseUnavailableException("role " + admin.user() + " on " + admin.host() + ":"
                        + admin.port() + " may not create databases; grant it CREATEDB or use --engine embedded");
            }
            if (!disposable) {
                RunMarker.dropLeftovers(c, version, null);
            }
            String role;
            String password;
            boolean generated = sandbox.runnerRole() == null;
            if (generated) {
                if (!superuser && !createRole) {
                    c.close();
                    throw new IllegalArgumentException("role " + admin.user() + " on " + admin.host() + ":"
                            + admin.port() + " may not create roles, and verify never runs migrations as the "
                            + "role of --database-url; create a login role without SUPERUSER, CREATEDB and "
                            + "CREATEROLE, grant it to " + admin.user() + ", and pass it with --runner-role NAME "
                            + "(password in " + RUNNER_PASSWORD_ENV + ")");
                }
                role = "miglint_runner_" + randomSuffix();
                password = randomSuffix() + randomSuffix();
                Redaction.register(password);
                // The password goes to the server as a SCRAM-SHA-256 verifier, never in clear text, so a server that
                // logs statements (log_statement, or the statement of an error) never writes it to its log.
                st.execute("create role " + role + " login password '" + runnerVerifier(password)
                        + "' nosuperuser nocreatedb nocreaterole noreplication"
                        + (version >= 90500 ? " nobypassrls" : ""));
                st.execute("comment on role " + role + " is " + marker.literal());
            } else {
                role = sandbox.runnerRole();
                password = sandbox.runnerPassword();
                Redaction.register(password);
                String refusal = refusal(c, admin.user(), role);
                if (refusal != null) {
                    c.close();
                    throw new IllegalArgumentException("--runner-role " + role + ": " + refusal);
                }
            }
            ScratchServer server = new ScratchServer(
                    admin,
                    c,
                    superuser,
                    version,
                    role,
                    password,
                    generated,
                    marker,
                    sandbox.statementTimeout().toMillis(),
                    afterCleanup);
            if (useTemplate) {
                String templateName = "miglint_template_" + randomSuffix();
                server.liveDatabases.add(templateName);
                try {
                    st.execute("create database " + templateName + " template template0 owner " + role);
                    st.execute("comment on database " + templateName + " is " + marker.literal());
                } catch (SQLException e) {
                    server.close();
                    throw e;
                }
                server.template = templateName;
                server.disposable = disposable;
                // Once, in the template: every copy inherits it.
                server.captureInTemplate = superuser && server.installCapture(templateName);
            }
            return server;
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot prepare a scratch database on " + admin, e);
        }
    }

    /**
     * {@code miglint verify --cleanup}: drops what finished runs left on the server (see {@link RunMarker}) and
     * answers the names dropped.
     */
    static java.util.List<String> dropLeftovers(DatabaseUrl admin) throws DatabaseUnavailableException {
        Properties props = admin.properties();
        props.setProperty("ApplicationName", "miglint-verify");
        props.setProperty("connectTimeout", "10");
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), props)) {
            return RunMarker.dropLeftovers(c, c.getMetaData().getDatabaseMajorVersion() * 10000, null);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot connect to " + admin, e);
        }
    }

    private static final String RUNNER_PASSWORD_ENV = VerifyOptions.Sandbox.RUNNER_PASSWORD_ENV;

    /** Why a pre-created runner role would give the SQL under test more than its scratch database, or null. */
    private static String refusal(Connection c, String adminUser, String role) throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("select r.rolsuper, r.rolcreatedb, r.rolcreaterole, "
                + "r.rolreplication, r.rolbypassrls, r.rolcanlogin, "
                + "exists (select 1 from pg_roles p where p.rolname in ('pg_execute_server_program', "
                + "'pg_read_server_files', 'pg_write_server_files', 'pg_signal_backend', 'pg_read_all_data', "
                + "'pg_write_all_data') and pg_has_role(r.oid, p.oid, 'member')), "
                + "pg_has_role(r.oid, (select oid from pg_roles where rolname = ?), 'member'), "
                + "pg_has_role(current_user, r.oid, 'member') from pg_roles r where r.rolname = ?")) {
            ps.setString(1, adminUser);
            ps.setString(2, role);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "no such role; create it first (CREATE ROLE " + role + " LOGIN PASSWORD '…')";
                }
                if (rs.getBoolean(1) || rs.getBoolean(2) || rs.getBoolean(3) || rs.getBoolean(4) || rs.getBoolean(5)) {
                    return "the role has SUPERUSER, CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS, which the SQL "
                            + "under test would get; use a role with none of them";
                }
                if (!rs.getBoolean(6)) {
                    return "the role cannot log in; ALTER ROLE " + role + " LOGIN";
                }
                if (rs.getBoolean(7)) {
                    return "the role is a member of a pg_* role that reads or writes server files, runs programs, "
                            + "signals sessions or reads all data; use a role without these memberships";
                }
                if (rs.getBoolean(8)) {
                    return "the role has the privileges of " + adminUser + ", which the SQL under test would get; "
                            + "use a role that is not a member of it";
                }
                if (!rs.getBoolean(9)) {
                    return adminUser + " may not create databases owned by it; GRANT " + role + " TO " + adminUser;
                }
                return null;
            }
        }
    }

    int serverVersionNum() {
        return serverVersionNum;
    }

    boolean adminIsSuperuser() {
        return adminIsSuperuser;
    }

    private Connection admin() throws SQLException {
        if (adminConnection == null || adminConnection.isClosed()) {
            Properties props = admin.properties();
            props.setProperty("ApplicationName", "miglint-verify");
            adminConnection = DriverManager.getConnection(admin.jdbcUrl(), props);
        }
        return adminConnection;
    }

    private void createDatabase(String name) throws SQLException {
        try (Statement st = admin().createStatement()) {
            // PostgreSQL 15+ copies a template block by block through the WAL by default; a file copy is several
            // times faster for our tiny template and its checkpoint is cheap when durability is off (embedded).
            // https://www.postgresql.org/docs/current/sql-createdatabase.html (STRATEGY)
            String strategy = disposable && serverVersionNum >= 150000 ? " strategy file_copy" : "";
            st.execute("create database " + name + " template " + (template == null ? "template0" : template)
                    + " owner " + runnerRole + strategy);
            st.execute("comment on database " + name + " is " + marker.literal());
        }
    }

    /** @param capture whether the database should have {@link ChangeCapture} (it gets it only where it can) */
    ScratchDatabase create(boolean capture) throws SQLException {
        String name = "miglint_verify_" + randomSuffix();
        liveDatabases.add(name);
        synchronized (adminLock) {
            createDatabase(name);
        }
        boolean captured;
        if (template == null) {
            captured = capture && adminIsSuperuser && installCapture(name);
        } else {
            captured = captureInTemplate && (capture || !removeCapture(name));
        }
        DatabaseUrl db = admin.withDatabase(name);
        return new ScratchDatabase(
                name, db.withCredentials(runnerRole, runnerPassword), db, captured, statementTimeoutMillis);
    }

    /**
     * Installs, as the admin, the given extensions into a scratch database before its folder runs (schema public,
     * with what they depend on); answers those that are there afterwards. The caller has checked each against the
     * allowlist. Nothing is installed where the admin is no superuser (it could not).
     */
    Set<String> installExtensions(ScratchDatabase db, java.util.Collection<String> names) {
        Set<String> installed = new java.util.LinkedHashSet<>();
        if (names.isEmpty() || !adminIsSuperuser) {
            return installed;
        }
        try (Connection c = adminConnectionTo(db.name());
                Statement st = c.createStatement()) {
            for (String name : names) {
                try {
                    st.execute("create extension if not exists \"" + name.replace("\"", "\"\"")
                            + "\" schema public cascade");
                    installed.add(name);
                } catch (SQLException e) {
                    // not installable here (missing libraries): the migration's own statement then fails as it
                    // would on a server without it
                }
            }
        } catch (SQLException e) {
            // the scratch database is unreachable: the folder's run reports that
        }
        return installed;
    }

    /**
     * Ends one session of the runner in a scratch database, from the admin connection: the SQL under test can
     * neither catch nor outlast it (a cancel, or its own statement_timeout, it can). The database name guards
     * against a process id reused by another session.
     */
    boolean terminate(ScratchDatabase db, int pid) {
        try (Connection c = adminConnectionTo(admin.database());
                java.sql.PreparedStatement ps = c.prepareStatement(
                        "select pg_terminate_backend(pid) from pg_stat_activity where pid = ? and datname = ?")) {
            ps.setInt(1, pid);
            ps.setString(2, db.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Installs {@link ChangeCapture} in the given database, readable by the runner role; false when the server will
     * not have it (no PL/pgSQL, say): snapshots then find changes the slower way, nothing else differs. The install
     * is one transaction, so it leaves nothing behind when it fails.
     */
    private boolean installCapture(String database) {
        try (Connection c = adminConnectionTo(database)) {
            ChangeCapture.install(c, runnerRole);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Removes the {@link ChangeCapture} a database got from the template; false if it could not. */
    private boolean removeCapture(String database) {
        try (Connection c = adminConnectionTo(database)) {
            ChangeCapture.remove(c);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** A new connection as the admin role to one of the server's databases. */
    private Connection adminConnectionTo(String database) throws SQLException {
        Properties props = admin.properties();
        props.setProperty("ApplicationName", "miglint-verify");
        return DriverManager.getConnection(admin.withDatabase(database).jdbcUrl(), props);
    }

    void drop(ScratchDatabase db) throws SQLException {
        if (disposable) {
            // A drop can take over 100 ms; the next folder need not wait for it. It is done only to keep the disk
            // use of a long run bounded: the cluster is deleted at the end anyway, so after close (Ctrl-C) there is
            // nothing left to do.
            synchronized (this) {
                if (closed.get()) {
                    return;
                }
                if (dropper == null) {
                    dropper = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "miglint-verify-drop");
                        t.setDaemon(true);
                        return t;
                    });
                }
                dropper.execute(() -> dropInBackground(db.name()));
            }
            return;
        }
        synchronized (adminLock) {
            try (Statement st = admin().createStatement()) {
                dropDatabase(st, db.name());
            }
        }
        liveDatabases.remove(db.name());
    }

    /** Waits until the background drops asked for so far are done (for measurements that must not overlap them). */
    void awaitDrops() throws InterruptedException, java.util.concurrent.ExecutionException {
        java.util.concurrent.Future<?> done;
        synchronized (this) {
            if (dropper == null || closed.get()) {
                return;
            }
            done = dropper.submit(() -> {});
        }
        done.get();
    }

    private void dropInBackground(String name) {
        try {
            if (dropperConnection == null) {
                Properties props = admin.properties();
                props.setProperty("ApplicationName", "miglint-verify");
                dropperConnection = DriverManager.getConnection(admin.jdbcUrl(), props);
            }
            try (Statement st = dropperConnection.createStatement()) {
                dropDatabase(st, name);
            }
            liveDatabases.remove(name);
        } catch (SQLException e) {
            // Still listed: the cluster's deletion at the end takes it.
        }
    }

    private void dropDatabase(Statement st, String name) throws SQLException {
        if (serverVersionNum >= 130000) {
            st.execute("drop database if exists " + name + " with (force)");
        } else {
            st.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + name + "'");
            st.execute("drop database if exists " + name);
        }
    }

    private void cleanUp() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (disposable) {
            synchronized (this) {
                cleanUpDisposable();
            }
            return;
        }
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.properties());
                Statement st = c.createStatement()) {
            for (String name : liveDatabases) {
                dropDatabase(st, name);
            }
            liveDatabases.clear();
            if (runnerGenerated) {
                st.execute("drop role if exists " + runnerRole);
            }
        } catch (SQLException e) {
            // Printed outside the command's guarded writer (this may run in a shutdown hook): the server's text is
            // escaped here, so a hostile server's message cannot write control sequences to the terminal or CI log.
            System.err.println(io.miglint.report.Escape.inline(
                    "miglint: could not drop the scratch databases on " + admin + ": " + Redaction.describe(e)));
        } finally {
            release();
        }
    }

    /** Closes our connections and hands over to the engine's own clean-up. */
    private void release() {
        for (Connection c : new Connection[] {dropperConnection, adminConnection}) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the server may already be gone; nothing left to release
                }
            }
        }
        if (afterCleanup != null) {
            afterCleanup.run();
        }
    }

    /** Dropping databases one by one in a cluster that is about to be deleted would only cost time. */
    private void cleanUpDisposable() {
        if (dropper != null) {
            dropper.shutdownNow();
            try {
                dropper.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        release();
    }

    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; it performs the same clean-up
        }
    }

    /** The SCRAM-SHA-256 verifier of {@code password} (PostgreSQL 10+ stores it as given and never sees the text). */
    static String runnerVerifier(String password) {
        return org.postgresql.util.PasswordUtil.encodeScramSha256(password.toCharArray());
    }
}
