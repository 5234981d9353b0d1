package io.miglint.verify;

import io.miglint.rule.Finding;
import io.miglint.sql.RawStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code --trace-locks}: replays an up statement by statement inside a transaction that is rolled back, and after
 * each statement reads the locks our own backend holds (pg_locks of pg_backend_pid(): locks stay held until the
 * transaction ends, https://www.postgresql.org/docs/current/explicit-locking.html) and the relfilenode of every
 * relation that existed before the migration (a new one means the table or index was rewritten). Statements that
 * PostgreSQL refuses inside a transaction block (CONCURRENTLY …) are skipped: they take no blocking lock.
 */
final class LockTracer {
    /** A relation that existed before the migration. */
    record Relation(long oid, String name, String kind, long relfilenode) {}

    private static final Map<String, Integer> STRENGTH =
            Map.of("ShareLock", 1, "ShareRowExclusiveLock", 2, "ExclusiveLock", 3, "AccessExclusiveLock", 4);

    private final Connection connection;

    LockTracer(Connection connection) {
        this.connection = connection;
    }

    Map<Long, Relation> existingRelations() throws SQLException {
        Map<Long, Relation> out = new HashMap<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("select c.oid::bigint, case when n.nspname = 'public' then '' else "
                        + "n.nspname || '.' end || c.relname, c.relkind::text, c.relfilenode::bigint from pg_class c "
                        + "join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'p', 'm', 'i', 'I') "
                        + "and n.nspname not in ('pg_catalog', 'information_schema', '" + ChangeCapture.SCHEMA + "') "
                        + "and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'")) {
            while (rs.next()) {
                out.put(rs.getLong(1), new Relation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
        }
        return out;
    }

    List<Finding> trace(LoadedScript script, Map<Long, Relation> before, List<StatementTiming> timings)
            throws SQLException {
        List<Finding> findings = new ArrayList<>();
        if (before.isEmpty()) {
            return findings;
        }
        Map<Long, Integer> reportedStrength = new HashMap<>();
        Set<Long> rewritten = new HashSet<>();
        String oids = before.values().stream()
                .filter(r -> r.relfilenode() != 0)
                .map(r -> Long.toString(r.oid()))
                .collect(Collectors.joining(","));
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            st.execute("begin");
            try {
                for (RawStatement s : script.sqlStatements()) {
                    if (StatementNature.isTransactionControl(s)
                            || StatementNature.refusesTransactionBlock(s)
                            || StatementNature.isCopyFromStdin(s)) {
                        continue;
                    }
                    st.execute("savepoint miglint_trace");
                    long t0 = System.nanoTime();
                    try {
                        st.execute(s.text());
                    } catch (SQLException e) {
                        // The real run reports failures; here only statements that ran can have taken locks.
                        st.execute("rollback to savepoint miglint_trace");
                        continue;
                    }
                    timings.add(new StatementTiming(
                            script.displayPath(),
                            s.span().line(),
                            script.script().direction(),
                            "trace",
                            (System.nanoTime() - t0) / 1_000_000.0));
                    locks(st, s, script, before, reportedStrength, findings);
                    if (!oids.isEmpty()) {
                        rewrites(st, s, script, before, oids, rewritten, findings);
                    }
                    st.execute("release savepoint miglint_trace");
                }
            } finally {
                st.execute("rollback");
            }
        }
        return findings;
    }

    private static void locks(
            Statement st,
            RawStatement s,
            LoadedScript script,
            Map<Long, Relation> before,
            Map<Long, Integer> reported,
            List<Finding> findings)
            throws SQLException {
        Map<Long, String> strongest = new HashMap<>();
        try (ResultSet rs = st.executeQuery("select l.relation::bigint, l.mode from pg_locks l "
                + "where l.pid = pg_backend_pid() and l.locktype = 'relation' and l.granted "
                + "and l.mode in ('AccessExclusiveLock', 'ExclusiveLock', 'ShareRowExclusiveLock', 'ShareLock')")) {
            while (rs.next()) {
                long oid = rs.getLong(1);
                Relation r = before.get(oid);
                if (r == null
                        || !(r.kind().equals("r")
                                || r.kind().equals("p")
                                || r.kind().equals("m"))) {
                    continue;
                }
                String mode = rs.getString(2);
                strongest.merge(oid, mode, (a, b) -> STRENGTH.get(a) >= STRENGTH.get(b) ? a : b);
            }
        }
        strongest.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            int strength = STRENGTH.get(e.getValue());
            if (reported.getOrDefault(e.getKey(), 0) >= strength) {
                return;
            }
            reported.put(e.getKey(), strength);
            Relation r = before.get(e.getKey());
            findings.add(VerifyRule.DANGEROUS_LOCK.finding(
                    "takes " + modeName(e.getValue()) + " lock on " + r.name() + ": " + blocks(e.getValue(), r.name()),
                    "Keep the lock short: set lock_timeout before the statement, and prefer the non-blocking form "
                            + "(CREATE INDEX CONCURRENTLY, ADD CONSTRAINT … NOT VALID then VALIDATE CONSTRAINT).",
                    script.location(s),
                    script.ref(),
                    ScriptRunner.statementText(s)));
        });
    }

    private static void rewrites(
            Statement st,
            RawStatement s,
            LoadedScript script,
            Map<Long, Relation> before,
            String oids,
            Set<Long> rewritten,
            List<Finding> findings)
            throws SQLException {
        try (ResultSet rs = st.executeQuery("select c.oid::bigint, c.relfilenode::bigint from pg_class c "
                + "where c.oid in (" + oids + ") order by c.oid")) {
            while (rs.next()) {
                Relation r = before.get(rs.getLong(1));
                if (r.relfilenode() != rs.getLong(2) && rewritten.add(r.oid())) {
                    boolean index = r.kind().equals("i");
                    findings.add(VerifyRule.TABLE_REWRITE.finding(
                            "rewrites " + (index ? "index " : "table ") + r.name() + " (new relfilenode): the whole "
                                    + (index ? "index is rebuilt" : "table is copied") + " while an ACCESS EXCLUSIVE "
                                    + "lock blocks every query on it, for a time that grows with its size",
                            "Avoid the rewrite: add columns without a volatile default, change types in a new column "
                                    + "that is backfilled in batches, rebuild indexes with REINDEX CONCURRENTLY.",
                            script.location(s),
                            script.ref(),
                            ScriptRunner.statementText(s)));
                }
            }
        }
    }

    private static String modeName(String mode) {
        return switch (mode) {
            case "AccessExclusiveLock" -> "ACCESS EXCLUSIVE";
            case "ExclusiveLock" -> "EXCLUSIVE";
            case "ShareRowExclusiveLock" -> "SHARE ROW EXCLUSIVE";
            default -> "SHARE";
        };
    }

    /** https://www.postgresql.org/docs/current/explicit-locking.html#TABLE-LOCK-COMPATIBILITY */
    private static String blocks(String mode, String rel) {
        return switch (mode) {
            case "AccessExclusiveLock" -> "blocks every read and write of " + rel + " until the transaction ends";
            case "ExclusiveLock" ->
                "blocks INSERT, UPDATE, DELETE and SELECT … FOR UPDATE on " + rel
                        + " until the transaction ends (plain reads continue)";
            case "ShareRowExclusiveLock" ->
                "blocks INSERT, UPDATE and DELETE on " + rel + " and other schema changes until the transaction ends";
            default -> "blocks INSERT, UPDATE and DELETE on " + rel + " until the transaction ends";
        };
    }
}
