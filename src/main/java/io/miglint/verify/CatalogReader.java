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
    private static final String NS = "n.nspname not in ('pg_catalog', 'information_schema', '"
            + ChangeCapture.SCHEMA + "') and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'";

    /**
     * How every read starts. A fixed search_path makes the deparsers qualify names the same way whatever the
     * migrations SET; local to the read's transaction (the query string's implicit one), it keeps the migrations' own
     * session settings intact for the next script. JIT compiling these small catalog queries would cost more than
     * running them (their estimated cost can pass jit_above_cost:
     * https://www.postgresql.org/docs/current/jit-decision.html). Generic plans: PostgreSQL would otherwise plan a
     * parameterised statement afresh for its first five executions, and planning these joins costs more than running
     * them for the few relations an incremental read asks for (bench/verify-overhead.sh).
     *
     * <p>With {@code fewRows}, for the statements that look up a few objects by OID: planned generically, they would
     * scan pg_class, pg_description and pg_depend whole (a hash or merge join sized for thousands of rows) where index
     * lookups cost a fraction. The settings count where a statement is first executed, which is where it is planned.
     *
     * <p>The settings the deparsers' output depends on are fixed too, so that a migration that sets them for its
     * session (the migrations after it run in that session) changes nothing in how the schema reads: interval,
     * timestamp, float and bytea constants in defaults, string literals, quoted names. A statement timeout the
     * migrations set does not apply to the read either.
     *
     * <p>One statement for all settings (each statement of a read costs its own parse and execution); its one row,
     * labelled {@value #SETTINGS_LABEL}, is no object.
     */
    private static String settings(boolean fewRows) {
        return "select null::text as \"" + SETTINGS_LABEL + "\", "
                + "set_config('search_path', 'pg_catalog, public', true), "
                + "set_config('jit', 'off', true), set_config('plan_cache_mode', 'force_generic_plan', true), "
                + "set_config('statement_timeout', '0', true), set_config('IntervalStyle', 'postgres', true), "
                + "set_config('TimeZone', 'UTC', true), set_config('extra_float_digits', '1', true), "
                + "set_config('bytea_output', 'hex', true), set_config('standard_conforming_strings', 'on', true), "
                + "set_config('quote_all_identifiers', 'off', true)"
                + (fewRows ? ", set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true), "
                + "set_config('enable_mergejoin', 'off', true)" : "") + "; ";
    }

    private static final String SETTINGS_LABEL = "miglint settings";

    /** Column 3 of every query: the relation an object belongs to (NULL for schemas, functions, types, extensions). */
    private static final String OWNER = "\"miglint owner\"";
    /**
     * Restricts an owner-bound query to the relations in its parameter. Each such query is prepared twice, with and
     * without it, so that both plans are simple: the restricted one looks the relations up by OID.
     */
    private static final String OWNED_BY_ANY = " and c.oid = any ($1::oid[])";
    /**
     * The same restriction on triggers' own column: without it the generic plan reads every trigger of the database
     * through pg_trigger's OID index (thousands in a long history, a foreign key's internal ones included) and joins
     * each to its table; with it, it looks up the triggers of the given tables by pg_trigger's tgrelid index.
     */
    private static final String TRIGGERS_ON_ANY = " and t.tgrelid = any ($1::oid[])";

    private final List<String> queries;
    private final boolean changeCapture;
    private Connection preparedOn;

    public CatalogReader(List<String> ignoredTables) {
        this(ignoredTables, false);
    }

    /** @param changeCapture whether the database has {@link ChangeCapture}, for {@link #changes} */
    CatalogReader(List<String> ignoredTables, boolean changeCapture) {
        this.changeCapture = changeCapture;
        String ignored = ignoredTables.isEmpty() ? "array[]::name[]" : ignoredTables.stream()
                .map(t -> "'" + t.replace("'", "''") + "'").collect(Collectors.joining(", ", "array[", "]::name[]"));
        this.queries = List.of(
                "select 'schema' as kind, n.nspname as name, null::oid as " + OWNER + ", "
                        + "ds.description as comment "
                        + "from pg_namespace n " + comment("n.oid", "pg_namespace", "0") + "where " + NS + " and "
                        + notExtension("pg_namespace", "n.oid"),
                "select case c.relkind when 'r' then 'table' when 'p' then 'table' when 'f' then 'foreign table' "
                        + "when 'v' then 'view' when 'm' then 'materialized view' when 'c' then 'type' end as kind, "
                        + qualified("n", "c.relname") + " as name, c.oid as " + OWNER + ", "
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
                        + notExtension("pg_class", "c.oid") + " and c.relname <> all (" + ignored + ")" + OWNED_BY_ANY,
                "select 'sequence' as kind, " + qualified("n", "c.relname") + " as name, c.oid as " + OWNER + ", "
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
                        + "and t.relname = any (" + ignored + "))" + OWNED_BY_ANY,
                "select 'column' as kind, " + qualified("n", "c.relname") + " || '.' || a.attname as name, "
                        + "c.oid as " + OWNER + ", "
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
                        + notExtension("pg_class", "c.oid") + " and c.relname <> all (" + ignored + ")" + OWNED_BY_ANY,
                // NOT NULL constraints appear in pg_constraint from PostgreSQL 18 on; nullability is a column
                // attribute here so that snapshots of different server versions read the same.
                "select 'constraint' as kind, " + qualified("n", "c.relname") + " || '.' || co.conname as name, "
                        + "c.oid as " + OWNER + ", "
                        + "regexp_replace(pg_get_constraintdef(co.oid), ' NOT VALID$', '') as definition, "
                        + "case when not co.convalidated then 'not valid' end as \"not valid\", "
                        + "ds.description as comment "
                        + "from pg_constraint co join pg_class c on c.oid = co.conrelid "
                        + "join pg_namespace n on n.oid = c.relnamespace " + comment("co.oid", "pg_constraint", "0")
                        + "where co.contype <> 'n' and " + NS
                        + " and " + notExtension("pg_class", "c.oid") + " and c.relname <> all (" + ignored + ")"
                        + OWNED_BY_ANY,
                "select 'index' as kind, " + qualified("n", "ic.relname") + " as name, c.oid as " + OWNER + ", "
                        + "pg_get_indexdef(i.indexrelid) as definition, "
                        + "case when not i.indisvalid then 'invalid' end as invalid, "
                        + "ds.description as comment "
                        + "from pg_index i join pg_class ic on ic.oid = i.indexrelid "
                        + "join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = ic.relnamespace "
                        + comment("ic.oid", "pg_class", "0") + "where " + NS + " and "
                        + notExtension("pg_class", "c.oid")
                        + " and c.relname <> all (" + ignored + ")" + OWNED_BY_ANY,
                "select case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' "
                        + "when 'w' then 'window function' else 'function' end as kind, "
                        + qualified("n", "p.proname") + " || '(' || pg_get_function_identity_arguments(p.oid) "
                        + "|| ')' as name, null::oid as " + OWNER + ", "
                        + "case when p.prokind <> 'a' then pg_get_functiondef(p.oid) end as definition, "
                        + "ds.description as comment "
                        + "from pg_proc p join pg_namespace n on n.oid = p.pronamespace "
                        + comment("p.oid", "pg_proc", "0")
                        // OIDs below FirstNormalObjectId are initdb's: a range scan of the OID index skips the
                        // thousands of built-in functions instead of reading each to test its schema.
                        + "where p.oid >= 16384 and " + NS + " and "
                        + notExtension("pg_proc", "p.oid"),
                "select 'trigger' as kind, " + qualified("n", "c.relname") + " || '.' || t.tgname as name, "
                        + "c.oid as " + OWNER + ", "
                        + "pg_get_triggerdef(t.oid) as definition, "
                        + "case t.tgenabled when 'D' then 'disabled' when 'R' then 'replica' when 'A' then 'always' "
                        + "end as state, ds.description as comment "
                        + "from pg_trigger t join pg_class c on c.oid = t.tgrelid "
                        + "join pg_namespace n on n.oid = c.relnamespace " + comment("t.oid", "pg_trigger", "0")
                        + "where not t.tgisinternal and " + NS
                        + " and " + notExtension("pg_class", "c.oid") + " and c.relname <> all (" + ignored + ")"
                        + OWNED_BY_ANY + TRIGGERS_ON_ANY,
                "select case t.typtype when 'e' then 'enum' when 'd' then 'domain' when 'r' then 'range type' "
                        + "end as kind, " + qualified("n", "t.typname") + " as name, null::oid as " + OWNER + ", "
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
                        + "ds.description as comment "
                        + "from pg_type t join pg_namespace n on n.oid = t.typnamespace "
                        + comment("t.oid", "pg_type", "0")
                        + "where t.oid >= 16384 and t.typtype in ('e', 'd', 'r') and " + NS + " and "
                        + notExtension("pg_type", "t.oid"),
                "select 'extension' as kind, e.extname as name, null::oid as " + OWNER + ", e.extversion as version, "
                        + "n.nspname as schema "
                        + "from pg_extension e join pg_namespace n on n.oid = e.extnamespace",
                "select 'policy' as kind, " + qualified("n", "c.relname") + " || '.' || p.polname as name, "
                        + "c.oid as " + OWNER + ", "
                        + "case p.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update' "
                        + "when 'd' then 'delete' else 'all' end as command, "
                        + "case when not p.polpermissive then 'restrictive' end as restrictive, "
                        + "(select string_agg(x.role, ', ' order by x.role) from (select case when r = 0 then "
                        + "'public' else pg_get_userbyid(r)::text end as role from unnest(p.polroles) r) x) "
                        + "as roles, pg_get_expr(p.polqual, p.polrelid) as using, "
                        + "pg_get_expr(p.polwithcheck, p.polrelid) as \"with check\", "
                        + "ds.description as comment "
                        + "from pg_policy p join pg_class c on c.oid = p.polrelid "
                        + "join pg_namespace n on n.oid = c.relnamespace " + comment("p.oid", "pg_policy", "0")
                        + "where " + NS
                        + " and c.relname <> all (" + ignored + ")" + OWNED_BY_ANY);
    }

    /** One object read from the catalogs, with the OID of the relation it belongs to (null when none). */
    record Owned(Long owner, SchemaObject object) {
    }

    /** The queries to run, in one round trip. */
    private String batch(long[] owners, boolean unowned) {
        String array = owners == null ? null : "'" + java.util.Arrays.stream(owners).mapToObj(Long::toString)
                .collect(Collectors.joining(",", "{", "}")) + "'";
        return settings(owners != null) + statements(array, unowned);
    }

    /** The read statements for the relations in the oid[] expression {@code owners} (null: all). */
    private String statements(String owners, boolean unowned) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < queries.size(); i++) {
            if (ownerBound(i) && owners != null) {
                b.append("execute ").append(statementName(i)).append("_for(").append(owners).append("); ");
            } else if (ownerBound(i) || unowned) {
                b.append("execute ").append(statementName(i)).append("; ");
            }
        }
        return b.toString();
    }

    private boolean ownerBound(int i) {
        return queries.get(i).contains(OWNED_BY_ANY);
    }

    private static String qualified(String ns, String name) {
        return "(case when " + ns + ".nspname = 'public' then '' else " + ns + ".nspname || '.' end || " + name + ")";
    }

    /**
     * A join instead of obj_description(), an SQL function whose body PostgreSQL plans again in every query that
     * calls it (~0.1 ms per read statement) before calling it once per row.
     */
    private static String comment(String oid, String catalog, String subId) {
        return "left join pg_description ds on ds.objoid = " + oid + " and ds.classoid = '" + catalog
                + "'::regclass and ds.objsubid = " + subId + " ";
    }

    private static String notExtension(String catalog, String oid) {
        return "not exists (select 1 from pg_depend dx where dx.classid = '" + catalog + "'::regclass "
                + "and dx.objid = " + oid + " and dx.deptype = 'e')";
    }

    /**
     * One row per relation that can own snapshot objects (its OID and a digest of the catalog rows its objects are
     * rendered from: pg_class, pg_attribute, pg_attrdef, pg_constraint, pg_index and the index's pg_class row,
     * pg_trigger, pg_policy with its roles' names, pg_rewrite, pg_sequence, pg_inherits, its owned-by and extension
     * dependencies, and the comments on all of these; a foreign key's internal triggers are left out, as the snapshot
     * leaves them out), and one per function, enum, domain, range type, schema, collation and extension with the
     * versions of its rows (a table's row type and the array types follow their table or element type, which the
     * dependents query walks through).
     *
     * <p>A relation's digest is the number of its rows and the sum of their xmins (modulo 2^32, computed from
     * {@code age()} relative to transaction 3, so no text is built per row). Between two reads in this database, only
     * this session writes its catalogs, and every row it writes carries a transaction ID newer than every row that
     * existed at the first read: if a step removes k rows and adds k, the sum grows. So equal counts and sums mean
     * no row was written or removed. Writes PostgreSQL makes in place (statistics, relhasindex) keep their xmin; none
     * of them is rendered. User objects have OIDs of 16384 (FirstNormalObjectId) and above, which keeps the scans on
     * the catalogs' indexes.
     */
    private static final String SIGNATURES = "with u as materialized (select c.oid from pg_class c join pg_namespace n "
            + "on n.oid = c.relnamespace where c.oid >= 16384 and c.relkind in ('r', 'p', 'f', 'v', 'm', 'c', 'S') "
            + "and " + NS + ") "
            + "select 'pg_class'::regclass::oid as classid, x.owner as objid, 'r' as kind, "
            + "sum(x.n) || ':' || ((sum(x.age) - sum(x.n) * age('3'::xid)) % 4294967296 + 4294967296) % 4294967296 "
            + "|| ':' || sum(x.roles) as sig from ("
            + "select c.oid as owner, 1 as n, age(c.xmin)::bigint as age, 0 as roles from pg_class c "
            + "where c.oid >= 16384 "
            + "union all select a.attrelid, 1, age(a.xmin), 0 from pg_attribute a "
            + "where a.attrelid >= 16384 and a.attnum > 0 "
            + "union all select ad.adrelid, 1, age(ad.xmin), 0 from pg_attrdef ad where ad.adrelid >= 16384 "
            + "union all select co.conrelid, 1, age(co.xmin), 0 from pg_constraint co where co.conrelid >= 16384 "
            + "union all select i.indrelid, 2, age(i.xmin)::bigint + age(ic.xmin), 0 from pg_index i "
            + "join pg_class ic on ic.oid = i.indexrelid where i.indrelid >= 16384 "
            + "union all select t.tgrelid, 1, age(t.xmin), 0 from pg_trigger t "
            + "where t.tgrelid >= 16384 and not t.tgisinternal "
            + "union all select p.polrelid, 1, age(p.xmin), hashtextextended(coalesce((select "
            + "string_agg(r.rolname, ',' order by r.rolname) from pg_roles r where r.oid = any (p.polroles)), ''), 0) "
            + "from pg_policy p "
            + "union all select rw.ev_class, 1, age(rw.xmin), 0 from pg_rewrite rw where rw.ev_class >= 16384 "
            + "union all select s.seqrelid, 1, age(s.xmin), 0 from pg_sequence s where s.seqrelid >= 16384 "
            + "union all select h.inhrelid, 1, age(h.xmin), 0 from pg_inherits h "
            + "union all select d.objid, 1, age(d.xmin), 0 from pg_depend d where d.classid = 'pg_class'::regclass "
            + "and d.objid >= 16384 and d.deptype in ('a', 'i', 'e') "
            + "union all select coalesce(i.indrelid, co.conrelid, tg.tgrelid, po.polrelid, ds.objoid), 1, "
            + "age(ds.xmin), 0 from pg_description ds "
            + "left join pg_index i on ds.classoid = 'pg_class'::regclass and i.indexrelid = ds.objoid "
            + "left join pg_constraint co on ds.classoid = 'pg_constraint'::regclass and co.oid = ds.objoid "
            + "left join pg_trigger tg on ds.classoid = 'pg_trigger'::regclass and tg.oid = ds.objoid "
            + "left join pg_policy po on ds.classoid = 'pg_policy'::regclass and po.oid = ds.objoid "
            + "where ds.objoid >= 16384 and ds.classoid in ('pg_class'::regclass, 'pg_constraint'::regclass, "
            + "'pg_trigger'::regclass, 'pg_policy'::regclass)"
            + ") x where x.owner in (select oid from u) group by x.owner "
            + "union all select 'pg_proc'::regclass::oid, p.oid, 'p', p.xmin::text || ':' || coalesce((select "
            + "string_agg(ds.xmin::text, ',') from pg_description ds where ds.objoid = p.oid "
            + "and ds.classoid = 'pg_proc'::regclass), '') from pg_proc p where p.oid >= 16384 "
            + "union all select 'pg_type'::regclass::oid, t.oid, 't', t.xmin::text || ':' || coalesce((select "
            + "string_agg(e.oid || '/' || e.xmin::text, ',' "
            + "order by e.oid) from pg_enum e where e.enumtypid = t.oid), '') || ':' || coalesce((select "
            + "string_agg(co.oid || '/' || co.xmin::text, ',' order by co.oid) from pg_constraint co "
            + "where co.contypid = t.oid), '') || ':' || coalesce((select r.xmin::text from pg_range r "
            + "where r.rngtypid = t.oid), '') || ':' || coalesce((select string_agg(ds.xmin::text, ',') "
            + "from pg_description ds where ds.objoid = t.oid and ds.classoid = 'pg_type'::regclass), '') "
            + "from pg_type t where t.oid >= 16384 and t.typtype in ('e', 'd', 'r', 'm') "
            + "union all select 'pg_namespace'::regclass::oid, n.oid, 'n', n.xmin::text || ':' || coalesce((select "
            + "string_agg(ds.xmin::text, ',') from pg_description ds where ds.objoid = n.oid "
            + "and ds.classoid = 'pg_namespace'::regclass), '') from pg_namespace n where " + NS + " "
            + "union all select 'pg_collation'::regclass::oid, co.oid, 'C', co.xmin::text from pg_collation co "
            + "where co.oid >= 16384 "
            + "union all select 'pg_extension'::regclass::oid, e.oid, 'x', e.xmin::text from pg_extension e";

    /**
     * The relation the catalog object {@code hit(classid, objid)} belongs to, as {@code o.owner}, for the objects
     * that belong to one: a rule to its view, a default, constraint, trigger or policy to its table, an index to its
     * table, a composite type to its relation; a relation to itself. OFFSET 0 keeps the subquery whole: flattened,
     * its lookups would be planned again for every place {@code o.owner} is used.
     */
    private static final String OWNER_OF_HIT = "cross join lateral (select case hit.classid "
            + "when 'pg_class'::regclass then coalesce((select i.indrelid from pg_index i "
            + "where i.indexrelid = hit.objid), hit.objid) "
            + "when 'pg_rewrite'::regclass then (select rw.ev_class from pg_rewrite rw where rw.oid = hit.objid) "
            + "when 'pg_attrdef'::regclass then (select ad.adrelid from pg_attrdef ad where ad.oid = hit.objid) "
            + "when 'pg_constraint'::regclass then (select nullif(co.conrelid, 0) from pg_constraint co "
            + "where co.oid = hit.objid) "
            + "when 'pg_trigger'::regclass then (select t.tgrelid from pg_trigger t where t.oid = hit.objid) "
            + "when 'pg_policy'::regclass then (select p.polrelid from pg_policy p where p.oid = hit.objid) "
            + "when 'pg_type'::regclass then (select nullif(t.typrelid, 0) from pg_type t where t.oid = hit.objid) "
            + "end as owner offset 0) o where o.owner is not null";

    /**
     * Log entries whose object changes how no other relation reads, so the relation it belongs to is all there is
     * to read again, without walking pg_depend ({@code c} is the log row). An object a command created has no
     * dependents from before the command; one it replaced (CREATE OR REPLACE of a view, function, trigger or rule)
     * keeps its name and the names and types of its columns or arguments, which is all a dependent's definition
     * shows of it; a comment changes only the commented object. Except what PostgreSQL creates on the partitions of
     * a partitioned table too: an index on one (relkind 'I') and a trigger on one have copies on the partitions,
     * which depend on them in pg_depend and are found the usual way.
     */
    private static final String OWNED_ONLY = "((c.tag like 'CREATE %' or c.tag = 'COMMENT') "
            + "and not (c.classid = 'pg_class'::regclass and exists (select 1 from pg_class i "
            + "where i.oid = c.objid and i.relkind = 'I')) "
            + "and not (c.classid = 'pg_trigger'::regclass and exists (select 1 from pg_trigger t "
            + "join pg_class r on r.oid = t.tgrelid where t.oid = c.objid and r.relkind = 'p')))";

    /**
     * The relations whose objects must be read again after the given catalog objects changed ({@code $1} class OIDs,
     * {@code $2} object OIDs) and the given schemas were renamed or commented ({@code $3}, standing for everything in
     * them). A changed object takes along what it is internally part of or consists of (a composite type's relation
     * and pg_type, a table's row type, an enum's array type: renamed together), and then whatever names one of those
     * directly in pg_depend: a view's rule, a default, a constraint, a trigger, a policy, an index, an owned
     * sequence, a partition or a column of that type. One step is enough: a definition names its dependencies, not
     * theirs, so a view over a view over a renamed table reads as before. Each hit is mapped to the relation it
     * belongs to (a rule to its view, a default, constraint, trigger or policy to its table, an index to its table).
     */
    private static final String DEPENDENTS = dependents("", "select * from unnest($1::oid[], $2::oid[])", "$3::oid[]",
            null);

    /**
     * The relations whose objects must be read again after what {@link ChangeCapture} logged after change {@code $1},
     * kept in the transaction's setting {@code miglint.dirty} (an oid[]) for the read statements that follow, and
     * returned. They are the {@link #DEPENDENTS} of the objects DDL commands altered, the relations the objects
     * they created or commented belong to ({@link #OWNED_ONLY}), the tables of dropped columns, and the relations
     * dropped constraints, triggers (but a foreign key's internal ones), policies, rules and defaults belonged to. The
     * contents of a schema among the logged objects are looked up separately: planned for a whole schema's worth of
     * rows, the lookup would cost several times more for the few objects a read usually has.
     */
    private static final String CHANGE_DIRTY = "select set_config('miglint.dirty', coalesce((select "
            + "array_agg(distinct x.oid)::text from ("
            + dependents("logged(classid, objid, owned) as materialized (select c.classid, c.objid, " + OWNED_ONLY
                    + " from " + ChangeCapture.SCHEMA + ".changes c where c.id > $1 and not c.dropped "
                    + "and c.classid <> 0), ", "select distinct classid, objid from logged where not owned", null,
                    "select classid, objid from logged where owned")
            + " union select c.owner from " + ChangeCapture.SCHEMA + ".changes c where c.id > $1 and c.dropped "
            + "and c.owner is not null and not (c.classid = 'pg_trigger'::regclass and not c.normal "
            + "and c.names[3] like 'RI\\_ConstraintTrigger\\_%') "
            + "union select c.objid from " + ChangeCapture.SCHEMA + ".changes c where c.id > $1 and c.dropped "
            + "and c.classid = 'pg_class'::regclass and c.objsubid <> 0) x(oid)), '{}'), true) as dirty";


    /** Every change {@link ChangeCapture} logged after {@code $1}, in order. */
    private static final String CHANGES = "select c.id, coalesce(c.classid::regclass::text, ''), c.objid, "
            + "c.objsubid, c.tag, c.object_type, c.dropped, c.original, c.normal, c.names, c.owner from "
            + ChangeCapture.SCHEMA + ".changes c where c.id > $1 order by c.id";

    /**
     * The last change logged, and the role names: renaming a role fires no event trigger (roles are shared objects)
     * but changes how the policies naming it read.
     */
    private static final String CHANGE_MARK = "select (select coalesce(max(c.id), 0) from " + ChangeCapture.SCHEMA
            + ".changes c) as last, (select coalesce(string_agg(r.oid || ':' || r.rolname, ',' order by r.oid), '') "
            + "from pg_roles r) as roles";

    /**
     * Planned with nested loops over the catalogs' indexes only (see {@link #settings}), whatever the row estimates:
     * a generic plan sized for thousands of rows would scan pg_depend whole. Executing a small statement costs mostly
     * setting up its plan, so the plan has each lookup once.
     *
     * @param ctes     common table expressions the roots draw on, each followed by a comma, or ""
     * @param schemas  an array of schema OIDs whose contents are roots too, or null
     * @param moreHits objects whose relations are read again without walking from them, or null
     */
    private static String dependents(String ctes, String roots, String schemas, String moreHits) {
        String inSchemas = " = any (" + schemas + ") ";
        String schemaContents = schemas == null ? "" : "union select 'pg_class'::regclass, c.oid from pg_class c "
                + "where c.relnamespace" + inSchemas + "union select 'pg_type'::regclass, t.oid from pg_type t "
                + "where t.typnamespace" + inSchemas + "union select 'pg_proc'::regclass, p.oid from pg_proc p "
                + "where p.pronamespace" + inSchemas;
        return "with " + ctes + "r0(classid, objid) as (" + roots + " " + schemaContents + "), "
                + "r1(classid, objid) as (select * from r0 " + internal("r0") + "), "
                + "r2(classid, objid) as (select * from r1 " + internal("r1") + "), "
                + "hit(classid, objid) as (select * from r2 union select d.classid, d.objid from r2 join pg_depend d "
                + "on d.refclassid = r2.classid and d.refobjid = r2.objid and d.deptype <> 'p'"
                + (moreHits == null ? "" : " union " + moreHits) + ") "
                + "select distinct o.owner from hit " + OWNER_OF_HIT;
    }


    /** The objects {@code from} is internally part of, and those internally part of it. */
    private static String internal(String from) {
        return "union select d.refclassid, d.refobjid from " + from + " join pg_depend d on d.classid = " + from
                + ".classid and d.objid = " + from + ".objid and d.deptype = 'i' "
                + "union select d.classid, d.objid from " + from + " join pg_depend d on d.refclassid = " + from
                + ".classid and d.refobjid = " + from + ".objid and d.deptype = 'i'";
    }

    /** A catalog row's identity and version, as {@link #SIGNATURES} reports it. */
    record Signature(long classid, long objid, String kind, String digest) {
    }

    /** Every relation's and unowned object's {@link Signature}, keyed by class and object OID. */
    Map<String, Signature> signatures(Connection connection) throws SQLException {
        return withPrepared(connection, () -> {
            Map<String, Signature> result = new java.util.HashMap<>();
            inBatch(connection, false, "execute miglint_snapshot_signatures", (rs, md) -> {
                Signature sig = new Signature(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4));
                result.put(sig.classid() + "/" + sig.objid(), sig);
            });
            return result;
        });
    }

    /** The relations {@link #DEPENDENTS} finds for these roots and schemas. */
    java.util.Set<Long> dependents(Connection connection, List<Signature> roots, List<Long> schemas)
            throws SQLException {
        String classes = roots.stream().map(r -> Long.toString(r.classid())).collect(Collectors.joining(",", "{", "}"));
        String objects = roots.stream().map(r -> Long.toString(r.objid())).collect(Collectors.joining(",", "{", "}"));
        String spaces = schemas.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
        return withPrepared(connection, () -> {
            java.util.Set<Long> result = new java.util.HashSet<>();
            inBatch(connection, true, "execute miglint_snapshot_dependents('" + classes + "', '"
                    + objects + "', '" + spaces + "')", (rs, md) -> result.add(rs.getLong(1)));
            return result;
        });
    }

    /** One object a DDL command reported to {@link ChangeCapture}; see its log table for the columns. */
    record Change(long id, String catalog, long objid, int objsubid, String tag, String objectType, boolean dropped,
                  boolean original, boolean normal, List<String> names, Long owner) {
    }

    /**
     * What {@link ChangeCapture} logged after a change, the last change logged and the role names
     * ({@link #CHANGE_MARK}), the relations {@link #CHANGE_DIRTY} found ({@code dirty}), and, if asked for, their
     * objects read again.
     */
    record Changes(List<Change> changes, long last, String roles, java.util.Set<Long> dirty, List<Owned> objects) {
    }

    boolean changeCapture() {
        return changeCapture;
    }

    /** The last change logged and the role names, for a read that starts over. */
    Changes changeMark(Connection connection) throws SQLException {
        return readChanges(connection, 0, "execute miglint_snapshot_change_mark; ");
    }

    /**
     * {@link Changes} after change {@code after}, in one round trip; without {@code withObjects} the changed
     * relations and their objects are left out ({@code dirty} is empty then: for a step that only dropped objects,
     * {@link #droppedOwners} tells), without {@code withRoles} the role names (null then).
     */
    Changes changes(Connection connection, long after, boolean withObjects, boolean withRoles) throws SQLException {
        return readChanges(connection, after, changeStatements(after, withObjects, withRoles));
    }

    private String changeStatements(long after, boolean withObjects, boolean withRoles) {
        return "execute miglint_snapshot_changes(" + after + "); "
                + (withRoles ? "execute miglint_snapshot_change_mark; " : "")
                + (withObjects ? "execute miglint_snapshot_change_dirty(" + after + "); "
                + statements("current_setting('miglint.dirty')::oid[]", false) : "");
    }

    /**
     * The query string of {@link #changes}, for a caller that sends it itself (after a script, in the script's own
     * query string) and hands the statement to {@link #changesFrom}; null unless the statements are prepared on this
     * connection, which a read on it did.
     */
    String changesQuery(Connection connection, long after, boolean withObjects, boolean withRoles) {
        if (!changeCapture || preparedOn != connection) {
            return null;
        }
        return settings(true) + changeStatements(after, withObjects, withRoles);
    }

    /** The {@link Changes} of a {@link #changesQuery} that ran, from its first result on. */
    Changes changesFrom(Statement statement, boolean isResult, long after) throws SQLException {
        ChangesCollector collector = new ChangesCollector(after);
        drain(statement, isResult, collector);
        return collector.changes();
    }


    /**
     * The relations {@link #CHANGE_DIRTY} finds from dropped objects alone, from their log entries: those dropped
     * constraints, triggers (but a foreign key's internal ones), policies, rules and defaults belonged to, and the
     * tables of dropped columns.
     */
    static java.util.Set<Long> droppedOwners(List<Change> changes) {
        java.util.Set<Long> owners = new java.util.HashSet<>();
        for (Change c : changes) {
            if (!c.dropped()) {
                continue;
            }
            boolean foreignKeyTrigger = c.catalog().equals("pg_trigger") && !c.normal() && c.names().size() > 2
                    && c.names().get(2).startsWith("RI_ConstraintTrigger_");
            if (c.owner() != null && !foreignKeyTrigger) {
                owners.add(c.owner());
            }
            if (c.catalog().equals("pg_class") && c.objsubid() != 0) {
                owners.add(c.objid());
            }
        }
        return owners;
    }

    private Changes readChanges(Connection connection, long after, String statements) throws SQLException {
        if (!changeCapture) {
            throw new IllegalStateException("this database has no change capture");
        }
        return withPrepared(connection, () -> {
            ChangesCollector collector = new ChangesCollector(after);
            inBatch(connection, true, statements, collector);
            return collector.changes();
        });
    }

    /** Takes the rows of a change read apart, by the first column's name. */
    private static final class ChangesCollector implements RowHandler {
        private final List<Change> changes = new ArrayList<>();
        /** Without the mark, the last change is the last one read (this session alone writes the log). */
        private long last;
        private String roles;
        private final java.util.Set<Long> dirty = new java.util.HashSet<>();
        private final List<Owned> objects = new ArrayList<>();

        ChangesCollector(long after) {
            this.last = after;
        }

        @Override
        public void row(ResultSet rs, ResultSetMetaData md) throws SQLException {
            String first = md.getColumnLabel(1);
            if (first.equals("kind")) {
                Owned o = owned(rs, md);
                if (o != null) {
                    objects.add(o);
                }
            } else if (first.equals("id")) {
                java.sql.Array names = rs.getArray(10);
                long owner = rs.getLong(11);
                Long ownerOid = rs.wasNull() ? null : owner;
                changes.add(new Change(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4),
                        rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8),
                        rs.getBoolean(9), names == null ? List.of() : List.of((String[]) names.getArray()),
                        ownerOid));
                last = Math.max(last, rs.getLong(1));
            } else if (first.equals("last")) {
                last = rs.getLong(1);
                roles = rs.getString(2);
            } else if (first.equals("dirty")) {
                for (String oid : rs.getString(1).replaceAll("[{}]", "").split(",")) {
                    if (!oid.isEmpty()) {
                        dirty.add(Long.parseLong(oid));
                    }
                }
            }
        }

        Changes changes() {
            return new Changes(changes, last, roles, dirty, objects);
        }
    }

    private interface RowHandler {
        void row(ResultSet rs, ResultSetMetaData md) throws SQLException;
    }

    /** Runs statements after the read's {@link #settings} and hands over their rows. */
    private static void inBatch(Connection connection, boolean fewRows, String statements, RowHandler rows)
            throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            drain(st, st.execute(settings(fewRows) + statements), rows);
        }
    }

    /** Hands over the rows of every result from the current one on, but the settings' row. */
    private static void drain(Statement st, boolean isResult, RowHandler rows) throws SQLException {
        while (true) {
            if (isResult) {
                try (ResultSet rs = st.getResultSet()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (!md.getColumnLabel(1).equals(SETTINGS_LABEL) && rs.next()) {
                        rows.row(rs, md);
                    }
                }
            } else if (st.getUpdateCount() == -1) {
                break;
            }
            isResult = st.getMoreResults();
        }
    }

    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    /** Prepares the statements on a new connection; prepares again when the migrations deallocated them. */
    private <T> T withPrepared(Connection connection, SqlCall<T> call) throws SQLException {
        if (preparedOn != connection) {
            prepare(connection);
        }
        try {
            return call.call();
        } catch (SQLException e) {
            // 26000: the migrations ran DEALLOCATE ALL or DISCARD ALL; prepare again.
            if (!"26000".equals(e.getSQLState())) {
                throw e;
            }
            try (Statement st = connection.createStatement()) {
                st.execute("rollback");
            }
            prepare(connection);
            return call.call();
        }
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
                prepareOne(st, statementName(i), queries.get(i).replace(OWNED_BY_ANY, "").replace(TRIGGERS_ON_ANY, ""));
                if (ownerBound(i)) {
                    prepareOne(st, statementName(i) + "_for(oid[])", queries.get(i));
                }
            }
            prepareOne(st, "miglint_snapshot_signatures", SIGNATURES);
            prepareOne(st, "miglint_snapshot_dependents(oid[], oid[], oid[])", DEPENDENTS);
            if (changeCapture) {
                prepareOne(st, "miglint_snapshot_changes(bigint)", CHANGES);
                prepareOne(st, "miglint_snapshot_change_dirty(bigint)", CHANGE_DIRTY);
                prepareOne(st, "miglint_snapshot_change_mark", CHANGE_MARK);
            }
        }
        preparedOn = connection;
    }

    /**
     * Prepares {@code sql} as the select list of an outer query. Executed with EXECUTE in a simple query, a prepared
     * statement's analysed select list is copied for every execution (to describe its result); the outer list is a
     * few column references where the inner one holds every subquery and CASE of a read. The planner pulls the
     * inner query up, so the plan is the same.
     */
    private static void prepareOne(Statement st, String name, String sql) throws SQLException {
        try {
            st.execute("prepare " + name + " as select * from (" + sql + ") q");
        } catch (SQLException e) {
            // 42P05: still prepared from before (the migrations deallocated only some); keep it.
            if (!"42P05".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    public SchemaSnapshot read(Connection connection) throws SQLException {
        List<SchemaObject> objects = new ArrayList<>();
        for (Owned o : read(connection, null, true)) {
            objects.add(o.object());
        }
        return SchemaSnapshot.of(objects);
    }

    /**
     * The objects of the given relations ({@code null}: of all), and with {@code unowned} also the schemas,
     * functions, types and extensions, which belong to no relation.
     */
    List<Owned> read(Connection connection, long[] owners, boolean unowned) throws SQLException {
        String batch = batch(owners, unowned);
        return withPrepared(connection, () -> readPrepared(connection, batch));
    }

    /** One row of a read statement: kind, name, owner, then the attributes (null: not an object). */
    private static Owned owned(ResultSet rs, ResultSetMetaData md) throws SQLException {
        String kind = rs.getString(1);
        if (kind == null) {
            return null;
        }
        long owner = rs.getLong(3);
        Long ownerOid = rs.wasNull() ? null : owner;
        Map<String, String> attrs = new LinkedHashMap<>();
        for (int i = 4; i <= md.getColumnCount(); i++) {
            String v = rs.getString(i);
            if (v != null && !v.isEmpty()) {
                attrs.put(md.getColumnLabel(i), v);
            }
        }
        return new Owned(ownerOid, SchemaObject.of(kind, rs.getString(2), attrs));
    }

    private static List<Owned> readPrepared(Connection connection, String batch) throws SQLException {
        List<Owned> objects = new ArrayList<>();
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            boolean isResult = st.execute(batch);
            while (true) {
                if (isResult) {
                    try (ResultSet rs = st.getResultSet()) {
                        ResultSetMetaData md = rs.getMetaData();
                        while (rs.next()) {
                            Owned o = owned(rs, md);
                            if (o != null) {
                                objects.add(o);
                            }
                        }
                    }
                } else if (st.getUpdateCount() == -1) {
                    break;
                }
                isResult = st.getMoreResults();
            }
        }
        return objects;
    }
}
