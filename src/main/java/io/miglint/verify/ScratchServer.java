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
 * Creates and drops scratch databases on one PostgreSQL server, connected as an admin role. The untrusted SQL runs as
 * a generated non-superuser login role that owns each scratch database, so {@code COPY … PROGRAM} and other
 * superuser-only features cannot reach the host (https://www.postgresql.org/docs/current/sql-copy.html). Everything
 * it created is dropped on {@link #close()} and, should the JVM stop early (Ctrl-C), by a shutdown hook.
 */
final class ScratchServer implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseUrl admin;
    private final boolean adminIsSuperuser;
    private final int serverVersionNum;
    private final String runnerRole;
    private final String runnerPassword;
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

    private ScratchServer(DatabaseUrl admin, Connection adminConnection, boolean adminIsSuperuser,
                          int serverVersionNum, String runnerRole, String runnerPassword, Runnable afterCleanup) {
        this.admin = admin;
        this.adminConnection = adminConnection;
        this.adminIsSuperuser = adminIsSuperuser;
        this.serverVersionNum = serverVersionNum;
        this.runnerRole = runnerRole;
        this.runnerPassword = runnerPassword;
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
     * Connects as {@code admin}, creates the runner role and, when {@code useTemplate}, a template database that each
     * scratch database is copied from (a file copy, much cheaper than a new cluster).
     */
    static ScratchServer open(DatabaseUrl admin, boolean useTemplate, Runnable afterCleanup)
            throws DatabaseUnavailableException {
        return open(admin, useTemplate, false, afterCleanup);
    }

    /**
     * @param disposable the cluster is ours, runs without fsync and is deleted after {@code afterCleanup}: clone the
     *                   template with STRATEGY FILE_COPY, drop scratch databases in the background, and leave the
     *                   ones still there at the end to the cluster's deletion
     */
    static ScratchServer open(DatabaseUrl admin, boolean useTemplate, boolean disposable, Runnable afterCleanup)
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
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select r.rolsuper, r.rolcreaterole, r.rolcreatedb, "
                     + "current_setting('server_version_num')::int from pg_roles r where r.rolname = current_user")) {
            rs.next();
            boolean superuser = rs.getBoolean(1);
            boolean createRole = rs.getBoolean(2);
            boolean createDb = rs.getBoolean(3);
            int version = rs.getInt(4);
            if (!superuser && !createDb) {
                c.close();
                throw new DatabaseUnavailableException("role " + admin.user() + " on " + admin.host() + ":"
                        + admin.port() + " may not create databases; grant it CREATEDB or use --engine embedded");
            }
            String role = admin.user();
            String password = admin.password();
            if (superuser || createRole) {
                role = "miglint_runner_" + randomSuffix();
                password = randomSuffix() + randomSuffix();
                Redaction.register(password);
                st.execute("create role " + role + " login password '" + password + "' nosuperuser nocreatedb "
                        + "nocreaterole noreplication" + (version >= 90500 ? " nobypassrls" : ""));
            }
            ScratchServer server = new ScratchServer(admin, c, superuser, version, role, password, afterCleanup);
            if (useTemplate) {
                String templateName = "miglint_template_" + randomSuffix();
                server.liveDatabases.add(templateName);
                try {
                    st.execute("create database " + templateName + " template template0 owner " + role);
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

    int serverVersionNum() {
        return serverVersionNum;
    }

    /** Whether the runner is a role of ours, made without CREATEROLE, CREATEDB or SUPERUSER. */
    boolean runnerIsRestricted() {
        return !runnerRole.equals(admin.user());
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
        return new ScratchDatabase(name, db.withCredentials(runnerRole, runnerPassword), db, captured);
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
            done = dropper.submit(() -> { });
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
            if (!runnerRole.equals(admin.user())) {
                st.execute("drop role if exists " + runnerRole);
            }
        } catch (SQLException e) {
            System.err.println("miglint: could not drop the scratch databases on " + admin + ": "
                    + Redaction.describe(e));
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
}
