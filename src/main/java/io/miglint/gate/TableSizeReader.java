package io.miglint.gate;

import io.miglint.model.QualifiedName;
import io.miglint.model.schema.TableStats;
import io.miglint.verify.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Measures the tables of a production database for {@code miglint table-stats} (docs/table-stats.md), read-only and
 * with nothing but the right to connect: the planner's row estimates ({@code pg_class.reltuples}), the activity
 * counters ({@code pg_stat_user_tables}: live rows, rows written), and sizes on disk
 * ({@code pg_total_relation_size}), all of which PostgreSQL shows to every role
 * (https://www.postgresql.org/docs/current/monitoring-stats.html, .../functions-admin.html#FUNCTIONS-ADMIN-DBSIZE).
 * No table is read, so a table the role may not select is measured too.
 *
 * <p>Ordinary tables, partitioned tables and materialized views of every schema but PostgreSQL's own
 * ({@code pg_*}, {@code information_schema}); temporary tables are left out. A partitioned table holds no rows itself:
 * its numbers are the sums over its leaf partitions (a row count only when every partition's is known), since an
 * index built or a column changed on it works through all of them; each partition is listed under its own name too.
 */
public final class TableSizeReader {
    private TableSizeReader() {}

    /**
     * pg_total_relation_size briefly takes ACCESS SHARE on the table
     * (src/backend/utils/adt/dbsize.c), which waits behind an ACCESS EXCLUSIVE lock another session holds or awaits
     * (a migration running): such a table is sized from its page count instead (as of its last VACUUM or ANALYZE),
     * and a lock taken in between makes the query fail on lock_timeout, after which it is tried again.
     */
    private static final String QUERY = """
            with recursive measured as (
                select c.oid, n.nspname, c.relname
                from pg_catalog.pg_class c
                join pg_catalog.pg_namespace n on n.oid = c.relnamespace
                where c.relkind in ('r', 'p', 'm') and c.relpersistence <> 't'
                  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
            ), tree(root, rel) as (
                select oid, oid from measured
                union all
                select t.root, i.inhrelid
                from tree t
                join pg_catalog.pg_class parent on parent.oid = t.rel and parent.relkind = 'p'
                join pg_catalog.pg_inherits i on i.inhparent = t.rel
            ), leaf as (
                select t.root,
                       greatest(case when c.reltuples >= 0 then round(c.reltuples)::bigint end, s.n_live_tup) as rows,
                       case when exists (select 1 from pg_catalog.pg_locks l
                                         where l.locktype = 'relation' and l.relation = c.oid
                                           and l.database = (select oid from pg_catalog.pg_database
                                                             where datname = pg_catalog.current_database())
                                           and l.mode = 'AccessExclusiveLock')
                            then c.relpages::bigint * pg_catalog.current_setting('block_size')::bigint
                            else pg_catalog.pg_total_relation_size(c.oid) end as bytes,
                       s.n_tup_ins + s.n_tup_upd + s.n_tup_del as writes
                from tree t
                join pg_catalog.pg_class c on c.oid = t.rel and c.relkind in ('r', 'm')
                left join pg_catalog.pg_stat_user_tables s on s.relid = c.oid
            )
            select m.nspname, m.relname,
                   case when count(l.root) = 0 then 0 when bool_and(l.rows is not null) then sum(l.rows) end,
                   coalesce(sum(l.bytes), 0),
                   case when count(l.root) = 0 then 0 when bool_and(l.writes is not null) then sum(l.writes) end
            from measured m
            left join leaf l on l.root = m.oid
            group by m.oid, m.nspname, m.relname
            order by m.nspname, m.relname
            """;

    private static final String SERVER = "select pg_catalog.now(), pg_catalog.current_database(), "
            + "pg_catalog.current_setting('server_version'), (select stats_reset from pg_catalog.pg_stat_database "
            + "where datname = pg_catalog.current_database())";

    private static final int ATTEMPTS = 3;

    /** Every measured table; the stats' threshold is the default (a snapshot file does not record one). */
    public static TableStats read(TargetDatabase target) throws DatabaseUnavailableException {
        try (Connection c = target.connect(true, "miglint-table-stats")) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return read(c);
                } catch (SQLException e) {
                    if (!"55P03".equals(e.getSQLState()) || attempt == ATTEMPTS) {
                        throw e;
                    }
                    c.rollback();
                }
            }
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                throw new DatabaseUnavailableException("cannot measure the tables of " + target + ": another "
                        + "session kept a table locked (a migration running?); try again when it is done");
            }
            throw target.unavailable(e);
        }
    }

    private static TableStats read(Connection c) throws SQLException {
        c.setAutoCommit(false); // one snapshot for both queries
        try (Statement st = c.createStatement()) {
            Instant taken;
            String database;
            String version;
            Optional<Instant> reset;
            try (ResultSet rs = st.executeQuery(SERVER)) {
                rs.next();
                taken = rs.getObject(1, OffsetDateTime.class).toInstant();
                database = rs.getString(2);
                version = rs.getString(3);
                reset = Optional.ofNullable(rs.getObject(4, OffsetDateTime.class))
                        .map(OffsetDateTime::toInstant);
            }
            List<TableStats.Measured> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(QUERY)) {
                while (rs.next()) {
                    tables.add(new TableStats.Measured(
                            new QualifiedName(rs.getString(1), rs.getString(2)),
                            optionalLong(rs, 3),
                            rs.getLong(4),
                            optionalLong(rs, 5)));
                }
            }
            c.commit();
            return TableStats.of(taken, database, version, reset, tables, TableStats.Threshold.DEFAULT);
        }
    }

    private static OptionalLong optionalLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
