package io.miglint.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comment on every scratch database and generated role: which run made it (host, process id and start) and
 * until when that run may last. A run killed with SIGKILL drops nothing itself; a later run, or
 * {@code miglint verify --cleanup}, drops what a finished run left: made on this host by a process that is gone, or
 * by any host past its deadline (the run's --timeout ends its sessions by then).
 */
record RunMarker(String host, long pid, long startedSecond, Instant until) {
    /** Leftovers of another host are left alone this long after that run's deadline. */
    static final Duration GRACE = Duration.ofMinutes(10);

    private static final Pattern FORMAT =
            Pattern.compile("^miglint run host=(\\S+) pid=(\\d+) started=(\\d+) until=(\\S+)$");

    static RunMarker forThisRun(Duration timeout) {
        ProcessHandle self = ProcessHandle.current();
        long started = self.info().startInstant().map(Instant::getEpochSecond).orElse(0L);
        return new RunMarker(
                hostName(), self.pid(), started, Instant.now().plus(timeout).plus(Duration.ofMinutes(1)));
    }

    static String hostName() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!h.isEmpty()) {
                return h.replaceAll("\\s", "_");
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "unknown" : env.strip().replaceAll("\\s", "_");
    }

    String text() {
        return "miglint run host=" + host + " pid=" + pid + " started=" + startedSecond + " until=" + until;
    }

    /** The marker as an SQL string literal. */
    String literal() {
        return "'" + text().replace("'", "''") + "'";
    }

    static RunMarker parse(String comment) {
        if (comment == null) {
            return null;
        }
        Matcher m = FORMAT.matcher(comment.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            return new RunMarker(
                    m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Instant.parse(m.group(4)));
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }

    /** Whether the run that wrote this marker can no longer be running. */
    boolean runIsGone(Instant now) {
        if (now.isAfter(until.plus(GRACE))) {
            return true;
        }
        if (!host.equals(hostName())) {
            return false;
        }
        return ProcessHandle.of(pid)
                .map(p -> p.info()
                        .startInstant()
                        .map(Instant::getEpochSecond)
                        .map(s -> s != startedSecond)
                        .orElse(false))
                .orElse(true);
    }

    /**
     * Drops the scratch databases and generated roles whose run is gone; answers their names. Objects of live runs,
     * and anything without a marker, are left alone.
     *
     * @param log told each name dropped (null: nothing)
     */
    static List<String> dropLeftovers(Connection admin, int serverVersionNum, java.util.function.Consumer<String> log) {
        List<String> dropped = new ArrayList<>();
        Instant now = Instant.now();
        Map<String, RunMarker> databases = markers(
                admin,
                "select datname, shobj_description(oid, 'pg_database') "
                        + "from pg_database where datname like 'miglint\\_verify\\_%' or datname like 'miglint\\_template\\_%'");
        Map<String, RunMarker> roles = markers(
                admin,
                "select rolname, shobj_description(oid, 'pg_authid') "
                        + "from pg_roles where rolname like 'miglint\\_runner\\_%'");
        try (Statement st = admin.createStatement()) {
            for (Map.Entry<String, RunMarker> e : databases.entrySet()) {
                if (e.getValue().runIsGone(now) && e.getKey().matches("[a-z0-9_]+")) {
                    try {
                        if (serverVersionNum >= 130000) {
                            st.execute("drop database if exists " + e.getKey() + " with (force)");
                        } else {
                            st.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                                    + e.getKey() + "'");
                            st.execute("drop database if exists " + e.getKey());
                        }
                        dropped.add(e.getKey());
                    } catch (SQLException ex) {
                        // not ours to drop (another admin's), or in use: left for its owner
                    }
                }
            }
            for (Map.Entry<String, RunMarker> e : roles.entrySet()) {
                if (e.getValue().runIsGone(now) && e.getKey().matches("[a-z0-9_]+")) {
                    try {
                        st.execute("drop role if exists " + e.getKey());
                        dropped.add(e.getKey());
                    } catch (SQLException ex) {
                        // it still owns a database this admin may not drop
                    }
                }
            }
        } catch (SQLException e) {
            // nothing could be cleaned; the run itself goes on
        }
        if (log != null) {
            dropped.forEach(log);
        }
        return dropped;
    }

    private static Map<String, RunMarker> markers(Connection admin, String sql) {
        Map<String, RunMarker> out = new LinkedHashMap<>();
        try (Statement st = admin.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                RunMarker m = parse(rs.getString(2));
                if (m != null) {
                    out.put(rs.getString(1), m);
                }
            }
        } catch (SQLException e) {
            // no catalog access: nothing to clean
        }
        return out;
    }
}
