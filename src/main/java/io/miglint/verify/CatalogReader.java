package io.miglint.verify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a {@link SchemaSnapshot} from the system catalogs (no pg_dump), in one round trip. Every query yields
 * {@code kind, name} and then one column per attribute, named as the attribute; NULL means "absent". Definitions come
 * from PostgreSQL's own deparsers ({@code pg_get_indexdef}, {@code pg_get_constraintdef}, {@code pg_get_viewdef},
 * {@code pg_get_functiondef}, …: https://www.postgresql.org/docs/current/functions-info.html), so they are stable and
 * carry no OIDs. Objects that belong to an extension are represented by the extension alone. Needs PostgreSQL 12+
 * ({@code attgenerated}, {@code prokind}).
 */
public final class CatalogReader {
    private static final String NS = "n.nspname not in ('pg_catalog', 'information_schema') "
            + "and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'";

    private final List<String> queries;
    private final String batch;
    private Connection preparedOn;

    public CatalogReader(List<String> ignoredTables) {
        String ignored = ignoredTables.isEmpty() ? "array[]::name[]" : ignoredTables.stream()
                .map(t -> "'" + t.replace("'", "''") + "'").collect(Collectors.joining(", ", "array[", "]::name[]"));
        this.queries = List.of(
                "select 'schema' as kind, n.nspname as name, obj_description(n.oid, 'pg_namespace') as comment "
                        + "from pg_namespace n where " + NS + " and " + notExtension("pg_namespace", "n.oid"),
                "select case c.relkind when 'r' then 'table' when 'p' then 'table' when 'f' then 'foreign table' "
                        + "when 'v' then 'view' when 'm' then 'materialized view' when 'c' then 'type' end as kind, "
                        + qualified("n", "c.relname") + " as name, "
                        + "case c.relpersistence when 'u' then 'unlogged' when 't' then 'temporary' end "
                        + "as persistence, "
                        + "pg_get_partkeydef(c.oid) as \"partitioned by\", "
                        + "case when c.relispartition then (select " + qualified("pn", "p.relname")
                        + " from pg_inherits i join pg_class p on p.oid = i.inhparent join pg_namespace pn on "
                        + "pn.oid = p.relnamespace where i.inhrelid = c.oid) end as \"partition of\", "
                        + "pg_get_expr(c.relpartbound, c.oid) as \"partition bound\", "
                        + "case when not c.relispartition then (select string_agg(" + qualified("pn", "p.relname")
                        + ", ', ' order by i.inhseqno) from pg_inherits i join pg_class p on p.oid = i.inhparent "
                        + "join pg_namespace pn on pn.oid = p.relnamespace where i.inhrelid = c.oid) end as inherits, "
                        + "case when c.relrowsecurity then 'enabled' end as \"row level security\", "
                        + "case when c.relforcerowsecurity then 'forced' end as \"row level security for owner\", "
                        + "case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid, true) end as definition, "
                        + "array_to_string(c.reloptions, ', ') as options, "
                        + "ds.description as comment "
                        + "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                        + comment("c.oid", "pg_class", "0")
                        + "where c.relkind in ('r', 'p', 'f', 'v', 'm', 'c') and " + NS + " and "
                        + notExtension("pg_class", "c.oid") + " and c.relname <> all (" + ignored + ")",
                "select 'sequence' as kind, " + qualified("n", "c.relname") + " as name, "
                        + "format_type(s.seqtypid, null) as type, s.seqstart::text as start, "
                        + "s.seqincrement::text as increment, s.seqmin::text as minvalue, "
                        + "s.seqmax::text as maxvalue, s.seqcache::text as cache, "
                        + "case when s.seqcycle then 'cycle' end as cycle, "
                        + "(select " + qualified("tn", "t.relname") + " || '.' || a.attname from pg_depend d "
                        + "join pg_class t on t.oid = d.refobjid join pg_namespace tn on tn.oid = t.relnamespace "
                        + "join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid "
                        + "where d.classid = 'pg_class'::regclass and d.objid = c.oid "
                        + "and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i') limit 1) "
                        + "as \"owned by\", ds.description as comment "
                        + "from pg_sequence s join pg_class c on c.oid = s.seqrelid "
                        + "join pg_namespace n on n.oid = c.relnamespace " + comment("c.oid", "pg_class", "0")
                        + "where " + NS + " and "
                        + notExtension("pg_class", "c.oid") + " and not exists (select 1 from pg_depend d join "
                        + "pg_class t on t.oid = d.refobjid where d.classid = 'pg_class'::regclass and "
                        + "d.objid = c.oid and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i') "
                        + "and t.relname = any (" + ignored + "))",
                "select 'column' as kind, " + qualified("n", "c.relname") + " || '.' || a.attname as name, "
                        + "format_type(a.atttypid, a.atttypmod) as type, "
                        + "case when a.attnotnull then 'not null' end as \"not null\", "
                        + "case when a.attgenerated = '' then pg_get_expr(ad.adbin, ad.adrelid) end as default, "
                        + "case a.attidentity when 'a' then 'always' when 'd' then 'by default' end as identity, "
                        + "case when a.attgenerated = 's' then pg_get_expr(ad.adbin, ad.adrelid) end "
                        + "as generated, "
                        + "case when a.attcollation <> 0 and a.attcollation <> t.typcollation then co.collname end "
                        + "as collation, ds.description as comment "
                        + "from pg_attribute a join pg_class c on c.oid = a.attrelid "
                        + "join pg_namespace n on n.oid = c.relnamespace join pg_type t on t.oid = a.atttypid "
                        + "left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum "
                        + "left join pg_collation co on co.oid = a.attcollation "
                        + comment("c.oid", "pg_class", "a.attnum")
                        + "where a.attnum > 0 and not a.attisdropped "
                        + "and c.relkind in ('r', 'p', 'f', 'v', 'm', 'c') and " + NS + " and "
                        + notExtension("pg_class", "c.oid") + " and c.relname <> all (" + ignored + ")",
                // NOT NULL constraints appear in pg_constraint from PostgreSQL 18 on; nullability is a column
                // attribute here so that snapshots of different server versions read the same.
                "select 'constraint' as kind, " + qualified("n", "c.relname") + " || '.' || co.conname as name, "
                        + "regexp_replace(pg_get_constraintdef(co.oid), ' NOT VALID$', '') as definition, "
                        + "case when not co.convalidated then 'not valid' end as \"not valid\", "
                        + "obj_description(co.oid, 'pg_constraint') as comment "
                        + "from pg_constraint co join pg_class c on c.oid = co.conrelid "
                        + "join pg_namespace n on n.oid = c.relnamespace where co.contype <> 'n' and " + NS
                        + " and " + notExtension("pg_class", "c.oid") + " and c.relname <> all (" + ignored + ")",
                "select 'index' as kind, " + qualified("n", "ic.relname") + " as name, "
                        + "pg_get_indexdef(i.indexrelid) as definition, "
                        + "case when not i.indisvalid then 'invalid' end as invalid, "
                        + "ds.description as comment "
                        + "from pg_index i join pg_class ic on ic.oid = i.indexrelid "
                        + "join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = ic.relnamespace "
                        + comment("ic.oid", "pg_class", "0") + "where " + NS + " and "
                        + notExtension("pg_class", "c.oid")
                        + " and c.relname <> all (" + ignored + ")",
                "select case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' "
                        + "when 'w' then 'window function' else 'function' end as kind, "
                        + qualified("n", "p.proname") + " || '(' || pg_get_function_identity_arguments(p.oid) "
                        + "|| ')' as name, "
                        + "case when p.prokind <> 'a' then pg_get_functiondef(p.oid) end as definition, "
                        + "obj_description(p.oid, 'pg_proc') as comment "
                        + "from pg_proc p join pg_namespace n on n.oid = p.pronamespace where " + NS + " and "
                        + notExtension("pg_proc", "p.oid"),
                "select 'trigger' as kind, " + qualified("n", "c.relname") + " || '.' || t.tgname as name, "
                        + "pg_get_triggerdef(t.oid) as definition, "
                        + "case t.tgenabled when 'D' then 'disabled' when 'R' then 'replica' when 'A' then 'always' "
                        + "end as state, obj_description(t.oid, 'pg_trigger') as comment "
                        + "from pg_trigger t join pg_class c on c.oid = t.tgrelid "
                        + "join pg_namespace n on n.oid = c.relnamespace where not t.tgisinternal and " + NS
                        + " and " + notExtension("pg_class", "c.oid") + " and c.relname <> all (" + ignored + ")",
                "select case t.typtype when 'e' then 'enum' when 'd' then 'domain' when 'r' then 'range type' "
                        + "end as kind, " + qualified("n", "t.typname") + " as name, "
                        + "case when t.typtype = 'e' then (select string_agg(quote_literal(e.enumlabel), ', ' "
                        + "order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid) end as labels, "
                        + "case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end as type, "
                        + "case when t.typnotnull then 'not null' end as \"not null\", "
                        + "t.typdefault as default, "
                        + "case when t.typtype = 'd' then (select string_agg(co.conname || ' ' || "
                        + "pg_get_constraintdef(co.oid), ', ' order by co.conname) from pg_constraint co "
                        + "where co.contypid = t.oid and co.contype <> 'n') end as constraints, "
                        + "case when t.typtype = 'r' then (select format_type(r.rngsubtype, null) from pg_range r "
                        + "where r.rngtypid = t.oid) end as subtype, "
                        + "obj_description(t.oid, 'pg_type') as comment "
                        + "from pg_type t join pg_namespace n on n.oid = t.typnamespace "
                        + "where t.typtype in ('e', 'd', 'r') and " + NS + " and " + notExtension("pg_type", "t.oid"),
                "select 'extension' as kind, e.extname as name, e.extversion as version, n.nspname as schema "
                        + "from pg_extension e join pg_namespace n on n.oid = e.extnamespace",
                "select 'policy' as kind, " + qualified("n", "c.relname") + " || '.' || p.polname as name, "
                        + "case p.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update' "
                        + "when 'd' then 'delete' else 'all' end as command, "
                        + "case when not p.polpermissive then 'restrictive' end as restrictive, "
                        + "(select string_agg(x.role, ', ' order by x.role) from (select case when r = 0 then "
                        + "'public' else pg_get_userbyid(r)::text end as role from unnest(p.polroles) r) x) "
                        + "as roles, pg_get_expr(p.polqual, p.polrelid) as using, "
                        + "pg_get_expr(p.polwithcheck, p.polrelid) as \"with check\", "
                        + "obj_description(p.oid, 'pg_policy') as comment "
                        + "from pg_policy p join pg_class c on c.oid = p.polrelid "
                        + "join pg_namespace n on n.oid = c.relnamespace where " + NS
                        + " and c.relname <> all (" + ignored + ")");
        // A fixed search_path makes the deparsers qualify names the same way whatever the migrations SET; LOCAL
        // keeps the migrations' own session settings intact for the next script.
        // JIT compiling these small catalog queries would cost more than running them (their estimated cost can pass
        // jit_above_cost): https://www.postgresql.org/docs/current/jit-decision.html
        StringBuilder b = new StringBuilder("begin; set local search_path = pg_catalog, public; set local jit = off; ");
        for (int i = 0; i < queries.size(); i++) {
            b.append("execute ").append(statementName(i)).append("; ");
        }
        this.batch = b.append("commit").toString();
    }

    private static String qualified(String ns, String name) {
        return "(case when " + ns + ".nspname = 'public' then '' else " + ns + ".nspname || '.' end || " + name + ")";
    }

    /** A join instead of obj_description(): one lookup per query instead of one SQL function call per row. */
    private static String comment(String oid, String catalog, String subId) {
        return "left join pg_description ds on ds.objoid = " + oid + " and ds.classoid = '" + catalog
                + "'::regclass and ds.objsubid = " + subId + " ";
    }

    private static String notExtension(String catalog, String oid) {
        return "not exists (select 1 from pg_depend dx where dx.classid = '" + catalog + "'::regclass "
                + "and dx.objid = " + oid + " and dx.deptype = 'e')";
    }

    private static String statementName(int i) {
        return "miglint_snapshot_" + i;
    }

    /**
     * Planning these catalog joins costs more than running them (~2 ms each), so they are prepared once per
     * session; a statement without parameters then always reuses its generic plan
     * (https://www.postgresql.org/docs/current/sql-prepare.html). Row changes in the catalogs do not invalidate it.
     */
    private void prepare(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            for (int i = 0; i < queries.size(); i++) {
                try {
                    st.execute("prepare " + statementName(i) + " as " + queries.get(i));
                } catch (SQLException e) {
                    // 42P05: still prepared from before (the migrations deallocated only some); keep it.
                    if (!"42P05".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        }
        preparedOn = connection;
    }

    public SchemaSnapshot read(Connection connection) throws SQLException {
        if (preparedOn != connection) {
            prepare(connection);
        }
        try {
            return readPrepared(connection);
        } catch (SQLException e) {
            // 26000: the migrations ran DEALLOCATE ALL or DISCARD ALL; prepare again.
            if (!"26000".equals(e.getSQLState())) {
                throw e;
            }
            try (Statement st = connection.createStatement()) {
                st.execute("rollback");
            }
            prepare(connection);
            return readPrepared(connection);
        }
    }

    private SchemaSnapshot readPrepared(Connection connection) throws SQLException {
        List<SchemaObject> objects = new ArrayList<>();
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            boolean isResult = st.execute(batch);
            while (true) {
                if (isResult) {
                    try (ResultSet rs = st.getResultSet()) {
                        ResultSetMetaData md = rs.getMetaData();
                        while (rs.next()) {
                            String kind = rs.getString(1);
                            if (kind == null) {
                                continue;
                            }
                            Map<String, String> attrs = new LinkedHashMap<>();
                            for (int i = 3; i <= md.getColumnCount(); i++) {
                                String v = rs.getString(i);
                                if (v != null && !v.isEmpty()) {
                                    attrs.put(md.getColumnLabel(i), v);
                                }
                            }
                            objects.add(SchemaObject.of(kind, rs.getString(2), attrs));
                        }
                    }
                } else if (st.getUpdateCount() == -1) {
                    break;
                }
                isResult = st.getMoreResults();
            }
        }
        return SchemaSnapshot.of(objects);
    }
}
