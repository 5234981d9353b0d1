package io.miglint.gate;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.SqitchPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * sqitch's registry (lib/App/Sqitch/Engine/pg.sql, sqitch 1.6.1): the schema {@code sqitch} (the engine's
 * {@code registry}) with {@code changes} keyed by {@code change_id}, the SHA-1 sqitch derives from the change's plan
 * line and its parent ({@link SqitchPlan}), and {@code script_hash}, the SHA-1 of the deploy script's bytes
 * (Plan/Change.pm {@code _deploy_hash}). A change is applied when its id is in the table for the plan's project; a
 * deploy script whose SHA-1 differs from the recorded one was edited after it was deployed. miglint reads the registry
 * for status and gate; deploying and reverting stay with sqitch, which also records tags, dependencies and events.
 */
public record SqitchLedger(TableName table) implements Ledger {
    /** Where sqitch keeps its registry on PostgreSQL unless {@code engine.pg.registry} says otherwise. */
    public static final TableName DEFAULT = new TableName("sqitch", "changes");

    /** Plans read, by file; a plan changed on disk since (its time or size) is read again. */
    private static final Map<Path, CachedPlan> PLANS = new ConcurrentHashMap<>();

    private record CachedPlan(java.nio.file.attribute.FileTime modified, long size, SqitchPlan plan) {}

    @Override
    public LayoutKind layout() {
        return LayoutKind.SQITCH;
    }

    @Override
    public Ledger withTable(TableName other) {
        return new SqitchLedger(other);
    }

    /** The change's id, as sqitch computes it from the plan. */
    @Override
    public String key(Migration m) {
        return change(m).id();
    }

    /** Plan/Change.pm {@code _deploy_hash}: SHA-1 of the deploy script's raw bytes. */
    @Override
    public String checksum(Migration m, byte[] upFile) {
        return HexFormat.of().formatHex(Checksums.sha1(upFile));
    }

    /**
     * The registry as sqitch creates it (pg.sql, comments included), so a replay in a throwaway database has what the
     * target has and the gate's schema comparison finds no difference in it. The schema is the registry: the table's
     * schema, {@code sqitch} unless configured.
     */
    @Override
    public List<String> createStatements() {
        String registry = TableName.quote(table.schema() == null ? DEFAULT.schema() : table.schema());
        String sql;
        try (var in = SqitchLedger.class.getResourceAsStream("sqitch-registry.sql")) {
            if (in == null) {
                throw new IOException("not found");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("sqitch-registry.sql is part of the jar", e);
        }
        List<String> ddl = new ArrayList<>();
        for (String statement : sql.replaceAll("(?m)^--.*\\n", "").split(";\\n")) {
            if (!statement.isBlank()) {
                ddl.add(statement
                        .strip()
                        .replace("CREATE TABLE :\"registry\"", "CREATE TABLE IF NOT EXISTS :\"registry\"")
                        .replace(":\"registry\"", registry));
            }
        }
        return ddl;
    }

    /** The deployed changes of the plan's project; sqitch keeps one registry for all projects of a database. */
    @Override
    public List<LedgerRow> read(Connection c, List<LocalMigration> local) throws SQLException {
        List<LedgerRow> rows = new ArrayList<>();
        String project = local.isEmpty() ? null : plan(local.get(0).migration()).project();
        try (PreparedStatement ps = c.prepareStatement("select change_id, change, script_hash from " + table.sql()
                + " where project = ? or ?::text is null order by committed_at, change_id")) {
            ps.setString(1, project);
            ps.setString(2, project);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new LedgerRow(rs.getString(1), rs.getString(2), rs.getString(3), false, ""));
                }
            }
        }
        return rows;
    }

    @Override
    public void recordUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        throw new SQLException(refusal());
    }

    @Override
    public void recordDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        throw new SQLException(refusal());
    }

    @Override
    public String force(Connection c, String version) throws SQLException {
        throw new SQLException(refusal());
    }

    /** Why miglint does not deploy a sqitch project, in one line. */
    public static String refusal() {
        return "miglint does not write sqitch's registry (tags, dependencies and events go with every change): deploy "
                + "and revert with `sqitch deploy` / `sqitch revert`; `miglint status` and `miglint gate` read the "
                + "registry";
    }

    @Override
    public String recoveryHint(boolean down, String version, String previous) {
        return "sqitch reverts what a failed deploy script did by running its revert script; check the database, then "
                + "`sqitch deploy` again";
    }

    @Override
    public String lockKeyOrigin() {
        return "sqitch's own: LOCK TABLE changes IN EXCLUSIVE MODE and pg_try_advisory_lock(75474063)";
    }

    @Override
    public long lockKey(String database, String schema) {
        return 75474063L; // Engine/pg.pm try_lock
    }

    private static SqitchPlan.Change change(Migration m) {
        SqitchPlan plan = plan(m);
        int position = m.version().parts().get(0).intValueExact();
        return plan.changes().get(position - 1);
    }

    /** The plan of the project a change's script belongs to: sqitch.plan above its deploy/ or revert/ folder. */
    static SqitchPlan plan(Migration m) {
        Path script = (m.up() != null ? m.up() : m.down()).file();
        for (Path d = script.getParent(); d != null; d = d.getParent()) {
            Path planFile = d.resolve("sqitch.plan");
            if (Files.isRegularFile(planFile)) {
                return PLANS.compute(planFile, (k, cached) -> fresh(k, cached)).plan();
            }
        }
        throw new IllegalStateException("no sqitch.plan above " + script);
    }

    private static CachedPlan fresh(Path planFile, CachedPlan cached) {
        try {
            java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(planFile);
            long size = Files.size(planFile);
            if (cached != null && cached.modified().equals(modified) && cached.size() == size) {
                return cached;
            }
            return new CachedPlan(
                    modified, size, SqitchPlan.parse(new String(Files.readAllBytes(planFile), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
