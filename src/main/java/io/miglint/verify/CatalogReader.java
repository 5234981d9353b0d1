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
 * Reads a {@link SchemaSnapshot} from the system catalogs (no pg_dump), in one round trip. Every statement is a file
 * of its own in {@code src/main/resources/io/miglint/verify/catalog/}, which runs in psql as it is; its header says
 * what it returns and which PostgreSQL versions it supports (12 and later: {@code attgenerated},
 * {@code plan_cache_mode}). Every object read yields {@code kind, name, "miglint owner"} and then one column per
 * attribute, named as the attribute; NULL means "absent". Definitions come from PostgreSQL's own deparsers
 * ({@code pg_get_indexdef}, {@code pg_get_constraintdef}, {@code pg_get_viewdef}, {@code pg_get_functiondef}, …:
 * https://www.postgresql.org/docs/current/functions-info.html), so they are stable and carry no OIDs. Objects that
 * belong to an extension are represented by the extension alone.
 *
 * <p>A read's inputs (the tables left out, the change to read the log after, the objects to find the dependents of)
 * are settings of its transaction named {@code miglint.*}, which the files read with {@code current_setting}; unset,
 * as in psql, they mean "none" or "from the start". {@link #settings} sets them with the settings every read starts
 * with ({@code settings.sql}), in the read's first statement.
 */
public final class CatalogReader {
    /** The columns every object read starts with; an object's attributes follow. */
    private static final List<String> OBJECT = List.of("kind", "name", "miglint owner");

    /**
     * The columns this class reads from each file, in order: an object read's are the attributes of its objects, by
     * name (SchemaDiff words its differences and advice by them); of {@code settings.sql} only the first column's
     * label, which marks its row as no object. {@code CatalogSqlTest} runs every file, through JDBC and psql, and
     * checks it returns exactly these.
     */
    static final Map<String, List<String>> COLUMNS = columns();

    private static Map<String, List<String>> columns() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("settings", List.of(SETTINGS_LABEL));
        c.put("schemas", objectColumns("comment"));
        c.put(
                "relations",
                objectColumns(
                        "persistence",
                        "partitioned by",
                        "partition of",
                        "partition bound",
                        "inherits",
                        "row level security",
                        "row level security for owner",
                        "definition",
                        "options",
                        "comment"));
        c.put(
                "sequences",
                objectColumns(
                        "type", "start", "increment", "minvalue", "maxvalue", "cache", "cycle", "owned by", "comment"));
        c.put("columns", objectColumns("type", "not null", "default", "identity", "generated", "collation", "comment"));
        c.put("constraints", objectColumns("definition", "not valid", "comment"));
        c.put("indexes", objectColumns("definition", "invalid", "comment"));
        c.put("functions", objectColumns("definition", "comment"));
        c.put("triggers", objectColumns("definition", "state", "comment"));
        c.put("types", objectColumns("labels", "type", "not null", "default", "constraints", "subtype", "comment"));
        c.put("extensions", objectColumns("version", "schema"));
        c.put("policies", objectColumns("command", "restrictive", "roles", "using", "with check", "comment"));
        c.put("signatures", List.of("classid", "objid", "kind", "sig"));
        c.put("dependents", List.of("owner"));
        c.put(
                "changes",
                List.of(
                        "id",
                        "catalog",
                        "objid",
                        "objsubid",
                        "tag",
                        "object_type",
                        "dropped",
                        "original",
                        "normal",
                        "names",
                        "owner"));
        c.put("change-mark", List.of("last", "roles"));
        c.put("change-dirty", List.of("dirty"));
        return java.util.Collections.unmodifiableMap(c);
    }

    private static List<String> objectColumns(String... attributes) {
        List<String> all = new ArrayList<>(OBJECT);
        all.addAll(List.of(attributes));
        return List.copyOf(all);
    }

    /**
     * The object reads, in the order a read executes them, and whether their objects belong to a relation (their
     * "miglint owner" is never NULL): those are also read for a few relations at a time.
     */
    private record ObjectRead(String file, boolean ownerBound) {}

    private static final List<ObjectRead> OBJECT_READS = List.of(
            new ObjectRead("schemas", false),
            new ObjectRead("relations", true),
            new ObjectRead("sequences", true),
            new ObjectRead("columns", true),
            new ObjectRead("constraints", true),
            new ObjectRead("indexes", true),
            new ObjectRead("functions", false),
            new ObjectRead("triggers", true),
            new ObjectRead("types", false),
            new ObjectRead("extensions", false),
            new ObjectRead("policies", true));

    /** Each file's text as sent: without its header comment and final semicolon, so that it nests in a query. */
    private static final Map<String, String> SQL = load();

    private static Map<String, String> load() {
        Map<String, String> sql = new java.util.HashMap<>();
        for (String name : COLUMNS.keySet()) {
            sql.put(name, statement(file(name)));
        }
        return sql;
    }

    /** The file {@code catalog/<name>.sql} as it is. */
    static String file(String name) {
        try (var in = CatalogReader.class.getResourceAsStream("catalog/" + name + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("catalog/" + name + ".sql is missing from the build");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The statement of a file: its text from the first line that is not a comment, up to its final semicolon. */
    static String statement(String file) {
        int start = 0;
        while (start < file.length() && file.startsWith("--", start)) {
            int eol = file.indexOf('\n', start);
            start = eol < 0 ? file.length() : eol + 1;
        }
        String body = file.substring(start).strip();
        return body.endsWith(";") ? body.substring(0, body.length() - 1) : body;
    }

    /**
     * For the statements that look up a few objects by OID: planned generically, they would scan pg_class,
     * pg_description and pg_depend whole (a hash or merge join sized for thousands of rows) where index lookups cost a
     * fraction. The settings count where a statement is first executed, which is where it is planned.
     */
    private static final Map<String, String> FEW_ROWS =
            orderedMap("enable_seqscan", "off", "enable_hashjoin", "off", "enable_mergejoin", "off");

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /**
     * How every read starts: {@code settings.sql} with the read's own inputs ({@code miglint.*}) and, with
     * {@code fewRows}, {@link #FEW_ROWS} added to its select list, all local to the read's transaction (the query
     * string's implicit one), so the migrations' own session settings stay intact for the next script. One statement
     * for all (each statement of a read costs its own parse and execution); its one row, labelled
     * {@value #SETTINGS_LABEL}, is no object.
     */
    private String settings(boolean fewRows, Map<String, String> inputs) {
        StringBuilder b = new StringBuilder(SQL.get("settings"));
        Map<String, String> all = new LinkedHashMap<>();
        all.put("miglint.ignored_tables", ignored);
        all.putAll(inputs);
        if (fewRows) {
            all.putAll(FEW_ROWS);
        }
        all.forEach((name, value) -> b.append(", set_config(")
                .append(literal(name))
                .append(", ")
                .append(literal(value))
                .append(", true)"));
        return b.append("; ").toString();
    }

    /** A string constant that reads the same whatever standard_conforming_strings the migrations left. */
    private static String literal(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The text of an array of these strings ({@code {"a","b"}}), as {@code current_setting} hands it to a cast. */
    private static String arrayText(List<String> values) {
        return values.stream()
                .map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String oidArray(java.util.Collection<Long> oids) {
        return oids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    private static final String SETTINGS_LABEL = "miglint settings";

    /** The relations left out, as the value of {@code miglint.ignored_tables}. */
    private final String ignored;

    private final boolean changeCapture;
    private Connection preparedOn;

    public CatalogReader(List<String> ignoredTables) {
        this(ignoredTables, false);
    }

    /** @param changeCapture whether the database has {@link ChangeCapture}, for {@link #changes} */
    CatalogReader(List<String> ignoredTables, boolean changeCapture) {
        this.changeCapture = changeCapture;
        this.ignored = arrayText(ignoredTables);
    }

    /** One object read from the catalogs, with the OID of the relation it belongs to (null when none). */
    record Owned(Long owner, SchemaObject object) {}

    /** The read statements for the relations in the oid[] expression {@code owners} (null: all). */
    private static String statements(String owners, boolean unowned) {
        StringBuilder b = new StringBuilder();
        for (ObjectRead read : OBJECT_READS) {
            if (read.ownerBound() && owners != null) {
                b.append("execute ")
                        .append(statementName(read.file()))
                        .append("_for(")
                        .append(owners)
                        .append("); ");
            } else if (read.ownerBound() || unowned) {
                b.append("execute ").append(statementName(read.file())).append("; ");
            }
        }
        return b.toString();
    }

    /** A catalog row's identity and version, as {@code signatures.sql} reports it. */
    record Signature(long classid, long objid, String kind, String digest) {}

    /** Every relation's and unowned object's {@link Signature}, keyed by class and object OID. */
    Map<String, Signature> signatures(Connection connection) throws SQLException {
        return withPrepared(connection, () -> {
            Map<String, Signature> result = new java.util.HashMap<>();
            inBatch(connection, false, Map.of(), "execute miglint_snapshot_signatures", (rs, md) -> {
                Signature sig = new Signature(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4));
                result.put(sig.classid() + "/" + sig.objid(), sig);
            });
            return result;
        });
    }

    /** The relations {@code dependents.sql} finds for these roots and schemas. */
    java.util.Set<Long> dependents(Connection connection, List<Signature> roots, List<Long> schemas)
            throws SQLException {
        Map<String, String> inputs = orderedMap(
                "miglint.root_classes",
                        oidArray(roots.stream().map(Signature::classid).toList()),
                "miglint.root_objects",
                        oidArray(roots.stream().map(Signature::objid).toList()),
                "miglint.root_schemas", oidArray(schemas));
        return withPrepared(connection, () -> {
            java.util.Set<Long> result = new java.util.HashSet<>();
            inBatch(
                    connection,
                    true,
                    inputs,
                    "execute miglint_snapshot_dependents",
                    (rs, md) -> result.add(rs.getLong(1)));
            return result;
        });
    }

    /** One object a DDL command reported to {@link ChangeCapture}; see its log table for the columns. */
    record Change(
            long id,
            String catalog,
            long objid,
            int objsubid,
            String tag,
            String objectType,
            boolean dropped,
            boolean original,
            boolean normal,
            List<String> names,
            Long owner) {}

    /**
     * What {@link ChangeCapture} logged after a change, the last change logged and the role names
     * ({@code change-mark.sql}), the relations {@code change-dirty.sql} found ({@code dirty}), and, if asked for,
     * their objects read again.
     */
    record Changes(List<Change> changes, long last, String roles, java.util.Set<Long> dirty, List<Owned> objects) {}

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
        return readChanges(connection, after, changeStatements(withObjects, withRoles));
    }

    private static String changeStatements(boolean withObjects, boolean withRoles) {
        return "execute miglint_snapshot_changes; "
                + (withRoles ? "execute miglint_snapshot_change_mark; " : "")
                + (withObjects
                        ? "execute miglint_snapshot_change_dirty; "
                                + statements("current_setting('miglint.dirty')::oid[]", false)
                        : "");
    }

    /**
     * The relations {@code change-dirty.sql} finds from dropped objects alone, from their log entries: those dropped
     * constraints, triggers (but a foreign key's internal ones), policies, rules and defaults belonged to, and the
     * tables of dropped columns.
     */
    static java.util.Set<Long> droppedOwners(List<Change> changes) {
        java.util.Set<Long> owners = new java.util.HashSet<>();
        for (Change c : changes) {
            if (!c.dropped()) {
                continue;
            }
            boolean foreignKeyTrigger = c.catalog().equals("pg_trigger")
                    && !c.normal()
                    && c.names().size() > 2
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

    private static Map<String, String> changesAfter(long after) {
        return Map.of("miglint.changes_after", Long.toString(after));
    }

    private Changes readChanges(Connection connection, long after, String statements) throws SQLException {
        if (!changeCapture) {
            throw new IllegalStateException("this database has no change capture");
        }
        return withPrepared(connection, () -> {
            ChangesCollector collector = new ChangesCollector(after);
            inBatch(connection, true, changesAfter(after), statements, collector);
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
                changes.add(new Change(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getInt(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getBoolean(7),
                        rs.getBoolean(8),
                        rs.getBoolean(9),
                        names == null ? List.of() : List.of((String[]) names.getArray()),
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
    private void inBatch(
            Connection connection, boolean fewRows, Map<String, String> inputs, String statements, RowHandler rows)
            throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            drain(st, st.execute(settings(fewRows, inputs) + statements), rows);
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

    private static String statementName(String file) {
        return "miglint_snapshot_" + file.replace('-', '_');
    }

    /**
     * Planning these catalog joins costs more than running them (~2 ms each), so they are prepared once per
     * session; a statement without parameters then always reuses its generic plan
     * (https://www.postgresql.org/docs/current/sql-prepare.html). Row changes in the catalogs do not invalidate it.
     */
    private void prepare(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            for (ObjectRead read : OBJECT_READS) {
                prepareOne(st, statementName(read.file()), read.file(), "");
                if (read.ownerBound()) {
                    prepareOne(st, statementName(read.file()) + "_for(oid[])", read.file(), OWNED_BY_ANY);
                }
            }
            for (String file : List.of("signatures", "dependents")) {
                prepareOne(st, statementName(file), file, "");
            }
            if (changeCapture) {
                for (String file : List.of("changes", "change-dirty", "change-mark")) {
                    prepareOne(st, statementName(file), file, "");
                }
            }
        }
        preparedOn = connection;
    }

    /**
     * Restricts an object read to the relations in the statement's parameter. Each such read is prepared twice, with
     * and without it, so that both plans are simple: the restricted one looks the relations up by OID (the planner
     * pulls the file's query up, so this is a condition on the catalog column "miglint owner" comes from).
     */
    private static final String OWNED_BY_ANY = " where q.\"miglint owner\" = any ($1::oid[])";

    /**
     * Prepares a file's statement as the select list of an outer query, followed by {@code where}. Executed with
     * EXECUTE in a simple query, a prepared statement's analysed select list is copied for every execution (to
     * describe its result); the outer list is a few column references where the inner one holds every subquery and
     * CASE of a read. The planner pulls the inner query up, so the plan is the same.
     */
    private static void prepareOne(Statement st, String name, String file, String where) throws SQLException {
        try {
            st.execute("prepare " + name + " as select * from (" + SQL.get(file) + "\n) q" + where);
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
        String restriction = owners == null
                ? null
                : "'" + oidArray(java.util.Arrays.stream(owners).boxed().toList()) + "'";
        return withPrepared(connection, () -> {
            List<Owned> objects = new ArrayList<>();
            inBatch(connection, owners != null, Map.of(), statements(restriction, unowned), (rs, md) -> {
                Owned o = owned(rs, md);
                if (o != null) {
                    objects.add(o);
                }
            });
            return objects;
        });
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
}
