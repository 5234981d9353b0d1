package io.miglint.model.schema;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.Expr;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.PgIdentifiers;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The schema the migrations build, statement by statement in version order, so that rules can ask what a table looks
 * like at the point of a statement. It models what PostgreSQL does implicitly too: PRIMARY KEY and UNIQUE create
 * indexes named after their constraints, {@code serial} creates the sequence {@code table_column_seq}, and dropping a
 * table drops its indexes, constraints, triggers, policies and owned sequences
 * (https://www.postgresql.org/docs/current/ddl-constraints.html, .../datatype-numeric.html#DATATYPE-SERIAL).
 * Objects the migrations never created are unknown: questions about them answer "no" / empty.
 */
public final class SchemaModel {
    private final Map<String, TableState> tables;
    private final Map<String, Index> indexes;
    private final Map<String, List<String>> enums;
    private final Set<String> types;
    private final Map<String, String> sequences;
    private final Set<String> functions;
    private final Set<String> views;
    /** The keys of {@link #views} that are materialized views. */
    private final Set<String> materializedViews;
    /** Function key -> the materialized views its body refreshes ({@code REFRESH MATERIALIZED VIEW name}). */
    private final Map<String, List<QualifiedName>> refreshedBy;
    /** Function key -> its last CREATE [OR REPLACE] FUNCTION (overloads share a key: the last one wins). */
    private final Map<String, Statement.CreateFunction> definitions;

    private final Set<String> extensions;
    private final Set<String> schemas;
    private final Map<String, String> triggers;
    private final Map<String, String> policies;
    /** What the current script has done so far (see {@link #beginScript}). */
    private ScriptRecord script;
    /** Index name -> table of the index last dropped under that name (what DROP INDEX locked). */
    private final Map<String, Index> droppedIndexes;
    /** Table key -> the other tables its foreign keys referenced when a DROP TABLE last removed it. */
    private final Map<String, List<QualifiedName>> droppedTableParents;
    /**
     * Table key and a dropped foreign key's constraint name ({@code c:name}) or column ({@code k:column}) -> the
     * other tables the keys an ALTER TABLE dropped there last referenced.
     */
    private final Map<String, List<QualifiedName>> droppedKeyParents;
    /** Names an index had that no index has now: dropped, renamed, or taken over by a constraint. */
    private final java.util.Set<String> goneIndexes;
    /** Table key -> the migration whose CREATE TABLE made it (unknown when none is set). */
    private final Map<String, CreatedBy> tableVersions;
    /** {@link #tableVersions} as it stood when the current up script began. */
    private Map<String, CreatedBy> tableVersionsBeforeScript;
    /** Keys of tables that got rows from a query: CREATE TABLE … AS, INSERT INTO … SELECT. */
    private final Set<String> filledByQuery;
    /** Keys of the tables created with PARTITION BY: they hold no rows of their own, their partitions do. */
    private final Set<String> partitioned;
    /** Partitioned table key -> its PARTITION BY key, where the statement that made it was read whole. */
    private final Map<String, io.miglint.model.PartitionKey> partitionKeys;
    /** {@link #filledByQuery} as it stood when the current up script began. */
    private Set<String> filledByQueryBeforeScript;
    /** The version of the migration being applied, null until {@link #beginUp} names one. */
    private String version;
    /** When the migration being applied was written ({@code Migration.moment()}), null when unknown. */
    private LocalDateTime moment;
    /** Statements applied so far: orders the columns and tables the migrations add ({@link Column.History}). */
    private long step;
    /** Table key -> {@link #step} of the CREATE TABLE that made it. */
    private final Map<String, Long> tableSteps;
    /**
     * Enum labels added by ALTER TYPE … ADD VALUE and not committed yet, with their type and the migration that added
     * them: kept across migrations only where the tool runs several in one transaction ({@link #commitPending}).
     */
    private final Map<String, PendingLabel> uncommittedLabels;
    /** {@link #uncommittedLabels} as the current script found them. */
    private Map<String, PendingLabel> uncommittedBeforeScript;

    public SchemaModel() {
        tables = new LinkedHashMap<>();
        indexes = new LinkedHashMap<>();
        enums = new HashMap<>();
        types = new HashSet<>();
        sequences = new HashMap<>();
        functions = new HashSet<>();
        views = new HashSet<>();
        materializedViews = new HashSet<>();
        refreshedBy = new HashMap<>();
        definitions = new HashMap<>();
        extensions = new HashSet<>();
        schemas = new HashSet<>();
        triggers = new HashMap<>();
        policies = new HashMap<>();
        script = new ScriptRecord();
        droppedIndexes = new HashMap<>();
        droppedTableParents = new HashMap<>();
        droppedKeyParents = new HashMap<>();
        goneIndexes = new java.util.HashSet<>();
        tableVersions = new HashMap<>();
        tableVersionsBeforeScript = Map.of();
        filledByQuery = new HashSet<>();
        partitioned = new HashSet<>();
        partitionKeys = new HashMap<>();
        filledByQueryBeforeScript = Set.of();
        tableSteps = new HashMap<>();
        uncommittedLabels = new LinkedHashMap<>();
        uncommittedBeforeScript = Map.of();
    }

    private SchemaModel(SchemaModel o) {
        tables = new LinkedHashMap<>();
        o.tables.forEach((k, v) -> tables.put(k, v.copy()));
        indexes = new LinkedHashMap<>(o.indexes);
        enums = new HashMap<>();
        o.enums.forEach((k, v) -> enums.put(k, new ArrayList<>(v)));
        types = new HashSet<>(o.types);
        sequences = new HashMap<>(o.sequences);
        functions = new HashSet<>(o.functions);
        views = new HashSet<>(o.views);
        materializedViews = new HashSet<>(o.materializedViews);
        refreshedBy = new HashMap<>(o.refreshedBy);
        definitions = new HashMap<>(o.definitions);
        extensions = new HashSet<>(o.extensions);
        schemas = new HashSet<>(o.schemas);
        triggers = new HashMap<>(o.triggers);
        policies = new HashMap<>(o.policies);
        script = o.script.copy();
        droppedIndexes = new HashMap<>(o.droppedIndexes);
        droppedTableParents = new HashMap<>(o.droppedTableParents);
        droppedKeyParents = new HashMap<>(o.droppedKeyParents);
        goneIndexes = new java.util.HashSet<>(o.goneIndexes);
        tableVersions = new HashMap<>(o.tableVersions);
        tableVersionsBeforeScript = o.tableVersionsBeforeScript;
        filledByQuery = new HashSet<>(o.filledByQuery);
        partitioned = new HashSet<>(o.partitioned);
        partitionKeys = new HashMap<>(o.partitionKeys);
        filledByQueryBeforeScript = o.filledByQueryBeforeScript;
        version = o.version;
        moment = o.moment;
        step = o.step;
        tableSteps = new HashMap<>(o.tableSteps);
        uncommittedLabels = new LinkedHashMap<>(o.uncommittedLabels);
        uncommittedBeforeScript = o.uncommittedBeforeScript;
    }

    /**
     * The transaction the migrations so far ran in has committed: each migration's own, for a tool that commits
     * after every migration (all but drizzle-orm, which runs all pending migrations in one transaction).
     */
    public void commitPending() {
        uncommittedLabels.clear();
    }

    /**
     * Labels added by ALTER TYPE … ADD VALUE that no COMMIT has followed yet, each with its type and the migration
     * that added it.
     */
    public Map<String, PendingLabel> uncommittedEnumLabels() {
        return java.util.Collections.unmodifiableMap(uncommittedLabels);
    }

    /** {@link #uncommittedEnumLabels} as they stood when the current script began. */
    public Map<String, PendingLabel> uncommittedEnumLabelsBeforeScript() {
        return uncommittedBeforeScript;
    }

    /**
     * An enum label not committed yet.
     *
     * @param type    the enum's key
     * @param version the version of the migration that added it, null when it has none
     */
    public record PendingLabel(String type, String version) {}

    /** The version of the migration whose up is being applied, or null. */
    public String currentVersion() {
        return version;
    }

    /** An independent copy: applying statements to it leaves this model unchanged. */
    public SchemaModel copy() {
        return new SchemaModel(this);
    }

    /** Starts a new script: its record ({@link #currentScript}) begins empty. */
    public void beginScript() {
        script = new ScriptRecord();
        uncommittedBeforeScript = Map.copyOf(uncommittedLabels);
    }

    /**
     * What the current script has done so far, as its statements say it: at a statement, what the statements before
     * it did; in a snapshot after a script, what the whole script did.
     */
    public ScriptRecord currentScript() {
        return script;
    }

    /**
     * Starts the up script of the migration with this version, of unknown date ({@link #beginUp(String,
     * LocalDateTime)}).
     */
    public void beginUp(String version) {
        beginUp(version, null);
    }

    /**
     * Starts the up script of the migration with this version, written at {@code moment} (its
     * {@code Migration.moment()}; null when unknown): tables it creates are recorded as created by that migration, and
     * {@link #versionThatCreated} and {@link #momentThatCreated} answer for the tables as they stood before it.
     */
    public void beginUp(String version, LocalDateTime moment) {
        this.version = version;
        this.moment = moment;
        tableVersionsBeforeScript = Map.copyOf(tableVersions);
        filledByQueryBeforeScript = Set.copyOf(filledByQuery);
    }

    // ------------------------------------------------------------------ queries

    /**
     * The version of the migration that created {@code table}, as the schema stood when the current up script began
     * (an earlier script of the same version counts): empty for a table created before the first version known, by
     * this script, or never.
     */
    public Optional<String> versionThatCreated(QualifiedName table) {
        return createdBy(table).map(CreatedBy::version);
    }

    /**
     * When the migration that created {@code table} was written (its {@code Migration.moment()}), as the schema stood
     * when the current up script began: empty where {@link #versionThatCreated} is, or that migration's date is
     * unknown (a sequence number).
     */
    public Optional<LocalDateTime> momentThatCreated(QualifiedName table) {
        return createdBy(table).map(CreatedBy::moment);
    }

    private Optional<CreatedBy> createdBy(QualifiedName table) {
        return table == null ? Optional.empty() : Optional.ofNullable(tableVersionsBeforeScript.get(table.key()));
    }

    /** The migration whose CREATE TABLE made a table: its version, and when it was written (null when unknown). */
    private record CreatedBy(String version, LocalDateTime moment) {}

    /**
     * Whether {@code table}, when the current up script began, had got rows from a query since it was created
     * ({@code CREATE TABLE … AS}, {@code INSERT INTO … SELECT}): a copy of other tables' data, often read at once
     * through views, rather than a table born empty.
     */
    /**
     * Whether the table was created with PARTITION BY: CREATE INDEX CONCURRENTLY is refused on it ("cannot create
     * index on partitioned table concurrently"); each partition's index is built on its own.
     */
    public boolean partitioned(QualifiedName table) {
        return table != null && partitioned.contains(table.key());
    }

    /** The PARTITION BY key of a partitioned table; empty for another table, or a key the parser did not read. */
    public java.util.Optional<io.miglint.model.PartitionKey> partitionKey(QualifiedName table) {
        return table == null
                ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(partitionKeys.get(table.key()));
    }

    public boolean filledByQuery(QualifiedName table) {
        return table != null && filledByQueryBeforeScript.contains(table.key());
    }

    /**
     * When the CREATE TABLE that made the table as it is now ran, on the scale of {@link Column.History#addedAt()};
     * empty for a table the migrations did not create.
     */
    public Optional<Long> tableCreatedAt(QualifiedName table) {
        return table == null ? Optional.empty() : Optional.ofNullable(tableSteps.get(table.key()));
    }

    /**
     * The table of {@code earlier}, a model this one went on from (a snapshot before a migration's up), that is
     * {@code table} here: the one the same CREATE TABLE made, under the name it had then (ory/kratos's
     * {@code selfservice_settings_request_methods} was {@code selfservice_profile_management_request_methods} before
     * its group's ups), or, for a table the migrations did not create, the one under this name. Empty when
     * {@code earlier} had no such table (the table is new since).
     */
    public Optional<Table> sameTableIn(SchemaModel earlier, QualifiedName table) {
        Long made = tableSteps.get(table.key());
        if (made == null) {
            return earlier.table(table);
        }
        for (Map.Entry<String, Long> e : earlier.tableSteps.entrySet()) {
            TableState t = earlier.tables.get(e.getKey());
            if (e.getValue().equals(made) && t != null) {
                return Optional.of(t.snapshot(earlier.indexesOf(t.name)));
            }
        }
        return Optional.empty();
    }

    /**
     * The names (keys) RENAME TO and SET SCHEMA took from the table, oldest first: bcgov/cas-cif's
     * {@code cif.revision_status} was {@code cif.amendment_status}. Empty for a table never renamed, or not known.
     */
    public List<String> formerNames(QualifiedName table) {
        TableState t = table == null ? null : tables.get(table.key());
        return t == null ? List.of() : t.formerNames;
    }

    /** Every table the model knows, as it is now. */
    public List<Table> tables() {
        return tables.values().stream().map(t -> t.snapshot(indexesOf(t.name))).toList();
    }

    public Optional<Table> table(QualifiedName name) {
        TableState t = tables.get(name.key());
        return t == null ? Optional.empty() : Optional.of(t.snapshot(indexesOf(t.name)));
    }

    public boolean tableExists(QualifiedName name) {
        return tables.containsKey(name.key());
    }

    /**
     * Whether {@code table}, as it is now, was created by a migration of the version being applied: by this script or
     * an earlier one of the same version (scripts sharing a version run as one upgrade: MusicBrainz creates a
     * release's tables in one script and adds their keys in the next). False before any version is named.
     */
    public boolean tableCreatedInCurrentVersion(QualifiedName table) {
        if (version == null || table == null) {
            return false;
        }
        CreatedBy c = tableVersions.get(table.key());
        return c != null && version.equals(c.version());
    }

    public boolean indexExists(String indexName) {
        return indexes.containsKey(indexName);
    }

    public Optional<Index> index(String indexName) {
        return Optional.ofNullable(indexes.get(indexName));
    }

    /**
     * Indexes made by CREATE INDEX, oldest first; not those behind a PRIMARY KEY or UNIQUE constraint, which are named
     * after the constraint.
     */
    public List<Index> createdIndexes() {
        List<Index> out = new ArrayList<>();
        for (Index index : indexes.values()) {
            TableState t = tables.get(index.table().key());
            if (t == null || t.constraints.stream().noneMatch(c -> index.name().equals(c.name()))) {
                out.add(index);
            }
        }
        return out;
    }

    private Index removeIndex(String name) {
        Index removed = indexes.remove(name);
        if (removed != null) {
            goneIndexes.add(name);
        }
        return removed;
    }

    public Optional<QualifiedName> tableOfIndex(String indexName) {
        return index(indexName).map(Index::table);
    }

    /**
     * Whether an index had this name earlier in the folder and none has it now (it was dropped, renamed, or taken over
     * by {@code ADD CONSTRAINT … USING INDEX}, which renames it): a {@code DROP INDEX IF EXISTS} of it does nothing.
     */
    public boolean indexGone(String indexName) {
        return !indexes.containsKey(indexName) && goneIndexes.contains(indexName);
    }

    /** The table of the index a DROP INDEX removed under this name, the last time one did: the table it locked. */
    public Optional<QualifiedName> tableOfDroppedIndex(String indexName) {
        return droppedIndex(indexName).map(Index::table);
    }

    /** The index a DROP INDEX removed under this name, the last time one did, as it was. */
    public Optional<Index> droppedIndex(String indexName) {
        return Optional.ofNullable(droppedIndexes.get(indexName));
    }

    /**
     * The other tables the foreign keys of {@code table} referenced when a DROP TABLE last removed it: dropping a
     * table drops its foreign keys, which takes ACCESS EXCLUSIVE on each table they reference (pg_locks on
     * PostgreSQL 15).
     */
    public List<QualifiedName> parentsOfDroppedTable(QualifiedName table) {
        return droppedTableParents.getOrDefault(table.key(), List.of());
    }

    /**
     * The other tables the foreign keys that {@code action} (a DROP CONSTRAINT, a DROP COLUMN) dropped from
     * {@code table} referenced, the last time such an action ran: dropping a foreign key removes its triggers from the
     * referenced table, which takes ACCESS EXCLUSIVE on it (pg_locks on PostgreSQL 15). Empty for other actions and
     * for keys the model did not know.
     */
    public List<QualifiedName> parentsOfDroppedKeys(QualifiedName table, AlterAction action) {
        String key = droppedKeyKey(table, action);
        return key == null ? List.of() : droppedKeyParents.getOrDefault(key, List.of());
    }

    private static String droppedKeyKey(QualifiedName table, AlterAction action) {
        if (action instanceof AlterAction.DropConstraint a) {
            return table.key() + "\u0000c:" + a.name();
        }
        if (action instanceof AlterAction.DropColumn a) {
            return table.key() + "\u0000k:" + a.column();
        }
        return null;
    }

    /** Records what {@link #parentsOfDroppedKeys} answers for {@code action}, before it removes the keys. */
    private void rememberDroppedKeys(TableState t, AlterAction action, java.util.function.Predicate<Constraint> drops) {
        String key = droppedKeyKey(t.name, action);
        List<QualifiedName> parents = t.constraints.stream()
                .filter(drops)
                .filter(c -> c.kind() == TableConstraint.Kind.FOREIGN_KEY
                        && c.references() != null
                        && !c.references().table().sameAs(t.name))
                .map(c -> c.references().table())
                .distinct()
                .toList();
        if (parents.isEmpty()) {
            droppedKeyParents.remove(key);
        } else {
            droppedKeyParents.put(key, parents);
        }
    }

    /** True when an index, PRIMARY KEY or UNIQUE constraint of the table starts with exactly these columns. */
    public boolean hasIndexCovering(QualifiedName table, List<String> columns) {
        if (columns.isEmpty()) {
            return false;
        }
        for (Index index : indexesOf(table)) {
            if (startsWith(index.columns(), columns)) {
                return true;
            }
        }
        TableState t = tables.get(table.key());
        if (t != null) {
            for (Constraint c : t.constraints) {
                if ((c.kind() == TableConstraint.Kind.PRIMARY_KEY || c.kind() == TableConstraint.Kind.UNIQUE)
                        && startsWith(c.columns(), columns)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsWith(List<String> indexColumns, List<String> columns) {
        return indexColumns.size() >= columns.size()
                && indexColumns.subList(0, columns.size()).equals(columns);
    }

    /** A foreign key of {@code table} (the referencing one). */
    public record ForeignKey(QualifiedName table, Constraint constraint) {}

    /**
     * The foreign keys, of any table, that reference {@code column} of {@code table}: naming it among their referenced
     * columns, or naming none while it is part of the table's primary key (which a bare REFERENCES means).
     */
    public List<ForeignKey> foreignKeysReferencing(QualifiedName table, String column) {
        TableState target = tables.get(table.key());
        if (target == null) {
            return List.of();
        }
        boolean inPrimaryKey = target.constraints.stream()
                .anyMatch(c -> c.kind() == TableConstraint.Kind.PRIMARY_KEY
                        && c.columns().contains(column));
        List<ForeignKey> out = new ArrayList<>();
        for (TableState t : tables.values()) {
            for (Constraint c : t.constraints) {
                if (c.kind() == TableConstraint.Kind.FOREIGN_KEY
                        && c.references() != null
                        && c.references().table().key().equals(target.name.key())
                        && (c.references().columns().contains(column)
                                || c.references().columns().isEmpty() && inPrimaryKey)) {
                    out.add(new ForeignKey(t.name, c));
                }
            }
        }
        return out;
    }

    /**
     * The sequence a column's values come from, as far as the migrations show: the one {@code serial} created
     * ({@code table_column_seq}, while it exists and the table owns it), or the one its DEFAULT calls {@code nextval} on. Empty for an
     * identity column (its sequence is internal; see {@link Column#identity()}) and for any other column.
     */
    public Optional<QualifiedName> sequenceOf(QualifiedName table, String column) {
        Optional<Column> col = column(table, column);
        if (col.isEmpty()) {
            return Optional.empty();
        }
        // serial's sequence keeps its name and owner when the column's type changes later (to bigint, say).
        QualifiedName seq = new QualifiedName(table.schema(), table.name() + "_" + column + "_seq");
        if (table.key().equals(sequences.get(seq.key()))) {
            return Optional.of(seq);
        }
        if (col.get().defaultExpr() != null) {
            java.util.regex.Matcher m = NEXTVAL.matcher(col.get().defaultExpr().text());
            if (m.find()) {
                String name = m.group(1).replace("\"", "");
                int dot = name.lastIndexOf('.');
                return Optional.of(
                        dot < 0
                                ? new QualifiedName(null, name)
                                : new QualifiedName(name.substring(0, dot), name.substring(dot + 1)));
            }
        }
        return Optional.empty();
    }

    private static final java.util.regex.Pattern NEXTVAL =
            java.util.regex.Pattern.compile("(?i)nextval\\s*\\(\\s*'([^']+)'");

    public Optional<Column> column(QualifiedName table, String column) {
        TableState t = tables.get(table.key());
        return t == null ? Optional.empty() : Optional.ofNullable(t.columns.get(column));
    }

    /**
     * A validated {@code CHECK (col IS NOT NULL)} lets {@code SET NOT NULL} skip its full-table scan (PostgreSQL 12+,
     * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL).
     */
    public boolean hasValidatedNotNullCheck(QualifiedName table, String column) {
        TableState t = tables.get(table.key());
        if (t == null) {
            return false;
        }
        for (Constraint c : t.constraints) {
            if (c.kind() == TableConstraint.Kind.CHECK
                    && c.validated()
                    && c.check() != null
                    && isNotNullTest(c.check(), column)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNotNullTest(Expr check, String column) {
        String text = check.text().trim().replaceAll("\\s+", " ");
        while (text.startsWith("(") && text.endsWith(")")) {
            text = text.substring(1, text.length() - 1).trim();
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return lower.equals(column.toLowerCase(java.util.Locale.ROOT) + " is not null")
                        && column.equals(column.toLowerCase(java.util.Locale.ROOT))
                || text.equals("\"" + column + "\" IS NOT NULL")
                || text.equals("\"" + column + "\" is not null");
    }

    /**
     * Whether the schema has the object: a table, column, constraint, index (by name alone, as PostgreSQL names an
     * index within its schema), type or domain, sequence, function or procedure, view, materialized view, extension,
     * schema, trigger or policy. Other kinds are not modelled and answer "no".
     */
    public boolean has(ObjectRef o) {
        TableState t = o.table() == null ? null : tables.get(o.table());
        return switch (o.kind()) {
            case TABLE -> tables.containsKey(o.name());
            case COLUMN -> t != null && t.columns.containsKey(o.name());
            case CONSTRAINT ->
                t != null && t.constraints.stream().anyMatch(c -> o.name().equals(c.name()));
            case INDEX -> indexes.containsKey(o.name());
            case TYPE -> types.contains(o.name());
            case SEQUENCE -> sequences.containsKey(o.name());
            case FUNCTION -> functions.contains(o.name());
            case VIEW -> views.contains(o.name()) && !materializedViews.contains(o.name());
            case MATERIALIZED_VIEW -> materializedViews.contains(o.name());
            case EXTENSION -> extensions.contains(o.name());
            case SCHEMA -> schemas.contains(o.name());
            case TRIGGER -> o.table() != null && triggers.containsKey(o.table() + "/" + o.name());
            case POLICY -> o.table() != null && policies.containsKey(o.table() + "/" + o.name());
            default -> false;
        };
    }

    public boolean viewExists(QualifiedName name) {
        return views.contains(name.key());
    }

    /** Whether {@code name} is a materialized view the migrations created (and did not drop). */
    public boolean materializedViewExists(QualifiedName name) {
        return name != null && materializedViews.contains(name.key());
    }

    /**
     * A function the migrations created whose body refreshes the materialized view {@code name} (a trigger function
     * that keeps it current on every write of its tables, or a job's): its name, if there is one. A name the body
     * leaves unqualified is matched by name alone, the function's search_path being unknown.
     */
    public Optional<String> functionRefreshing(QualifiedName name) {
        if (name == null) {
            return Optional.empty();
        }
        return refreshedBy.entrySet().stream()
                .filter(e -> e.getValue().stream()
                        .anyMatch(v -> v.schema() == null ? v.name().equals(name.name()) : v.sameAs(name)))
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst();
    }

    private static final java.util.regex.Pattern REFRESH =
            java.util.regex.Pattern.compile("(?i)\\brefresh\\s+materialized\\s+view\\s+(?:concurrently\\s+)?"
                    + "(\"[^\"]+\"|[a-z_][a-z0-9_$]*)(?:\\s*\\.\\s*(\"[^\"]+\"|[a-z_][a-z0-9_$]*))?");

    /**
     * The folder's last definition of a function of that name ({@code CREATE [OR REPLACE] FUNCTION}), empty when the
     * folder did not define it (a built-in or an extension's) or dropped it. An unqualified name is the function in
     * {@code public}, as {@link QualifiedName#key()} makes it.
     */
    public java.util.Optional<Statement.CreateFunction> functionDefinition(QualifiedName name) {
        return java.util.Optional.ofNullable(definitions.get(name.key()));
    }

    /** The materialized views a function body refreshes, as written. */
    private static List<QualifiedName> refreshedIn(String body) {
        List<QualifiedName> out = new ArrayList<>();
        if (body == null) {
            return out;
        }
        java.util.regex.Matcher m = REFRESH.matcher(body);
        while (m.find()) {
            String first = identifier(m.group(1));
            out.add(m.group(2) == null ? QualifiedName.of(first) : new QualifiedName(first, identifier(m.group(2))));
        }
        return out;
    }

    private static String identifier(String written) {
        return written.startsWith("\"")
                ? written.substring(1, written.length() - 1)
                : written.toLowerCase(java.util.Locale.ROOT);
    }

    /** The labels of an enum type in order; empty when the type is no known enum. */
    public List<String> enumLabels(QualifiedName name) {
        List<String> labels = enums.get(name.key());
        return labels == null ? List.of() : List.copyOf(labels);
    }

    private List<Index> indexesOf(QualifiedName table) {
        List<Index> result = new ArrayList<>();
        for (Index index : indexes.values()) {
            if (index.table().sameAs(table)) {
                result.add(index);
            }
        }
        return result;
    }

    /** Whether the ALTER TABLE rewrites its table: a type change that is no binary-compatible widening, or USING. */
    private boolean rewritesTable(Statement.AlterTable at) {
        for (io.miglint.model.AlterAction a : at.actions()) {
            if (a instanceof io.miglint.model.AlterAction.AlterColumnType act) {
                boolean trivialUsing =
                        act.using() == null || act.using().normalized().equals(act.column());
                Optional<io.miglint.model.TypeRef> old =
                        column(at.table(), act.column()).map(Column::type);
                if (!trivialUsing
                        || old.isPresent() && io.miglint.model.TypeChangeCost.rewritesRows(old.get(), act.type())) {
                    return true;
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ effects

    /**
     * Applies what a statement, the next of the current script, does to the schema, and records it in the script's
     * record; statements that change no modelled object change only the record.
     */
    public void apply(ParsedStatement statement) {
        Boolean viewExisted = null;
        if (statement.node() instanceof Statement.CreateView v && v.orReplace() && !v.materialized()) {
            viewExisted = views.contains(v.name().key());
        } else if (statement.node() instanceof Statement.Drop d
                && (d.kind() == ObjectKind.VIEW || d.kind() == ObjectKind.MATERIALIZED_VIEW)) {
            viewExisted = d.names().stream().anyMatch(n -> views.contains(n.key()));
        }
        if (statement.node() instanceof Statement.Drop d
                && d.kind() == ObjectKind.INDEX
                && d.ifExists()
                && d.names().stream().allMatch(n -> indexGone(n.name()))) {
            script.noteNoOpDrop();
        }
        if (statement.node() instanceof Statement.AlterTable at && rewritesTable(at)) {
            script.noteRewrite(at.table());
        }
        script.apply(statement, viewExisted);
        apply(statement.node());
    }

    private void apply(Statement node) {
        step++;
        if (node instanceof Statement.AlterType t
                && t.action() == Statement.AlterType.TypeAction.ADD_VALUE
                && t.value() != null) {
            uncommittedLabels.putIfAbsent(t.value(), new PendingLabel(t.name().key(), version));
        } else if (node instanceof Statement.Transaction t
                && (t.kind() == Statement.Transaction.TxKind.COMMIT
                        || t.kind() == Statement.Transaction.TxKind.ROLLBACK)) {
            uncommittedLabels.clear();
        }
        if (node instanceof Statement.CreateTable s) {
            createTable(s);
        } else if (node instanceof Statement.AlterTable s) {
            alterTable(s);
        } else if (node instanceof Statement.CreateIndex s) {
            createIndex(s);
        } else if (node instanceof Statement.Drop s) {
            drop(s);
        } else if (node instanceof Statement.Create s) {
            create(s);
        } else if (node instanceof Statement.CreateType s) {
            types.add(s.name().key());
            if (s.shape() == Statement.CreateType.TypeShape.ENUM) {
                enums.put(s.name().key(), new ArrayList<>(s.labels()));
            }
        } else if (node instanceof Statement.AlterType s) {
            alterType(s);
        } else if (node instanceof Statement.CreateFunction s) {
            functions.add(s.name().key());
            definitions.put(s.name().key(), s);
            List<QualifiedName> refreshed = refreshedIn(s.body());
            if (refreshed.isEmpty()) {
                refreshedBy.remove(s.name().key());
            } else {
                refreshedBy.put(s.name().key(), refreshed);
            }
        } else if (node instanceof Statement.CreateView s) {
            if (!(s.ifNotExists() && views.contains(s.name().key()))) {
                views.add(s.name().key());
                if (s.materialized()) {
                    materializedViews.add(s.name().key());
                } else {
                    materializedViews.remove(s.name().key());
                }
            }
        } else if (node instanceof Statement.CreateTrigger s) {
            triggers.put(s.table().key() + "/" + s.name(), s.name());
        } else if (node instanceof Statement.CreatePolicy s) {
            policies.put(s.table().key() + "/" + s.name(), s.name());
        } else if (node instanceof Statement.Rename s) {
            rename(s);
        } else if (node instanceof Statement.Insert s
                && s.values().isEmpty()
                && tables.containsKey(s.table().key())) {
            filledByQuery.add(s.table().key());
        } else if (node instanceof Statement.Update s && s.table() != null) {
            update(s);
        }
    }

    /** An UPDATE that writes one column of the table from another ({@code SET b = a::uuid}) copied it there. */
    private void update(Statement.Update s) {
        TableState t = tables.get(s.table().key());
        if (t == null || version == null) {
            return;
        }
        for (Statement.Assignment a : s.assignments()) {
            if (a.value() == null || !t.columns.containsKey(a.column())) {
                continue;
            }
            String value = a.value().text().toLowerCase(java.util.Locale.ROOT);
            Column target = t.columns.get(a.column());
            String self = s.table().name().toLowerCase(java.util.Locale.ROOT);
            if (version.equals(target.history().addedIn())
                    && value.contains("select")
                    && java.util.regex.Pattern.compile(
                                    "(^|[^a-z0-9_$\"])\"?" + java.util.regex.Pattern.quote(self) + "\"?\\.")
                            .matcher(value)
                            .find()) {
                // filled from other tables by the migration that added it, row by row (a query correlated with the
                // row: "WHERE jobs.uuid = jv.job_uuid"), a copy of them; one value picked for every row copies nothing
                List<String> from = new ArrayList<>();
                for (TableState other : tables.values()) {
                    String n = other.name.name().toLowerCase(java.util.Locale.ROOT);
                    if (!other.name.sameAs(s.table())
                            && java.util.regex.Pattern.compile("\\b(from|join)\\s+(\"?[a-z0-9_$]+\"?\\.)?\"?"
                                            + java.util.regex.Pattern.quote(n) + "\"?($|[^a-z0-9_$\"])")
                                    .matcher(value)
                                    .find()) {
                        from.add(other.name.name());
                    }
                }
                if (!from.isEmpty()) {
                    t.columns.computeIfPresent(
                            a.column(), (k, v) -> v.withHistory(v.history().filled(from)));
                }
            }
            for (String source : List.copyOf(t.columns.keySet())) {
                if (!source.equals(a.column())
                        && java.util.regex.Pattern.compile("(^|[^a-z0-9_$\"])\"?"
                                        + java.util.regex.Pattern.quote(source) + "\"?($|[^a-z0-9_$\"(])")
                                .matcher(value)
                                .find()) {
                    t.columns.computeIfPresent(
                            a.column(), (k, v) -> v.withHistory(v.history().copied(source, version)));
                }
            }
        }
    }

    private void createTable(Statement.CreateTable s) {
        String key = s.table().key();
        if (tables.containsKey(key) && s.ifNotExists()) {
            return;
        }
        removeTable(s.table());
        TableState t = new TableState(s.table());
        tables.put(key, t);
        if (version != null) {
            tableVersions.put(key, new CreatedBy(version, moment));
        }
        tableSteps.put(key, step);
        filledByQuery.remove(key);
        if (s.asQuery()) {
            filledByQuery.add(key);
        }
        partitioned.remove(key);
        partitionKeys.remove(key);
        if (s.partitioned()) {
            partitioned.add(key);
            if (s.partitionKey() != null) {
                partitionKeys.put(key, s.partitionKey());
            }
        }
        if (s.partitionOf() != null) {
            TableState parent = tables.get(s.partitionOf().key());
            if (parent != null) {
                parent.columns.values().forEach(c -> t.columns.put(c.name(), c));
            }
        }
        for (ColumnDef def : s.columns()) {
            addColumn(t, def);
        }
        for (TableConstraint c : s.constraints()) {
            addConstraint(t, c);
        }
    }

    private void addColumn(TableState t, ColumnDef def) {
        boolean notNull = def.notNull() || def.primaryKey() || def.isIdentity() || def.isSerial();
        t.columns.put(
                def.name(),
                new Column(
                        def.name(),
                        def.type(),
                        notNull,
                        def.defaultExpr(),
                        def.generated() == ColumnDef.Generated.STORED,
                        def.isIdentity(),
                        new Column.History(version, step, null, Map.of())));
        String table = t.name.name();
        if (def.isSerial()) {
            QualifiedName seq = new QualifiedName(t.name.schema(), table + "_" + def.name() + "_seq");
            sequences.put(seq.key(), t.name.key());
        }
        if (def.primaryKey()) {
            addConstraint(
                    t,
                    new TableConstraint(
                            def.constraintNames().get("primary"),
                            TableConstraint.Kind.PRIMARY_KEY,
                            List.of(def.name()),
                            null,
                            null,
                            false,
                            null,
                            def.span()));
        }
        if (def.unique()) {
            addConstraint(
                    t,
                    new TableConstraint(
                            def.constraintNames().get("unique"),
                            TableConstraint.Kind.UNIQUE,
                            List.of(def.name()),
                            null,
                            null,
                            false,
                            null,
                            def.span()));
        }
        if (def.references() != null) {
            addConstraint(
                    t,
                    new TableConstraint(
                            def.constraintNames().get("references"),
                            TableConstraint.Kind.FOREIGN_KEY,
                            List.of(def.name()),
                            def.references(),
                            null,
                            false,
                            null,
                            def.span()));
        }
        if (def.check() != null) {
            t.constraints.add(new Constraint(
                    def.constraintNames().getOrDefault("check", table + "_" + def.name() + "_check"),
                    TableConstraint.Kind.CHECK,
                    List.of(def.name()),
                    true,
                    def.check(),
                    null));
        }
    }

    /** Names PostgreSQL gives unnamed constraints: {@code t_pkey}, {@code t_a_b_key}, {@code t_a_fkey}, … */
    private static String defaultName(String table, TableConstraint c) {
        String cols = String.join("_", c.columns());
        return switch (c.kind()) {
            case PRIMARY_KEY -> PgIdentifiers.generated(table, null, "pkey");
            case UNIQUE -> PgIdentifiers.generated(table, cols, "key");
            case FOREIGN_KEY -> PgIdentifiers.generated(table, cols, "fkey");
            case EXCLUDE -> PgIdentifiers.generated(table, null, "excl");
            case NOT_NULL -> PgIdentifiers.generated(table, cols, "not_null");
            case CHECK -> PgIdentifiers.generated(table, null, "check");
        };
    }

    private void addConstraint(TableState t, TableConstraint c) {
        String name = c.name() != null ? c.name() : defaultName(t.name.name(), c);
        List<String> columns = c.columns();
        boolean keyConstraint = c.kind() == TableConstraint.Kind.PRIMARY_KEY || c.kind() == TableConstraint.Kind.UNIQUE;
        if (keyConstraint && c.usingIndex() != null) {
            // ADD CONSTRAINT … USING INDEX takes the index over and renames it to the constraint's name.
            Index taken = removeIndex(c.usingIndex());
            columns = taken != null ? taken.columns() : List.of();
        }
        t.constraints.add(
                new Constraint(name, c.kind(), List.copyOf(columns), !c.notValid(), c.check(), c.references()));
        if (c.kind() == TableConstraint.Kind.PRIMARY_KEY || c.kind() == TableConstraint.Kind.NOT_NULL) {
            for (String col : columns) {
                t.columns.computeIfPresent(col, (k, v) -> v.withNotNull(true));
            }
        }
        if (keyConstraint) {
            indexes.put(name, new Index(name, t.name, List.copyOf(columns), true, true));
        }
    }

    private void alterTable(Statement.AlterTable s) {
        TableState t = tables.get(s.table().key());
        if (t == null) {
            return;
        }
        for (AlterAction action : s.actions()) {
            t = alter(t, action);
        }
    }

    private TableState alter(TableState t, AlterAction action) {
        if (action instanceof AlterAction.AddColumn a) {
            if (!(a.ifNotExists() && t.columns.containsKey(a.column().name()))) {
                addColumn(t, a.column());
            }
        } else if (action instanceof AlterAction.DropColumn a) {
            rememberDroppedKeys(t, a, c -> c.columns().contains(a.column()));
            dropColumn(t, a.column());
        } else if (action instanceof AlterAction.AlterColumnType a) {
            t.columns.computeIfPresent(a.column(), (k, v) -> v.withType(a.type()));
        } else if (action instanceof AlterAction.SetNotNull a) {
            t.columns.computeIfPresent(a.column(), (k, v) -> v.withNotNull(true));
        } else if (action instanceof AlterAction.DropNotNull a) {
            t.columns.computeIfPresent(
                    a.column(),
                    (k, v) -> v.withNotNull(false).withHistory(v.history().relaxed(version)));
        } else if (action instanceof AlterAction.Identity a && a.what() != null) {
            String what = a.what().trim().toLowerCase(java.util.Locale.ROOT);
            if (what.startsWith("add")) {
                t.columns.computeIfPresent(a.column(), (k, v) -> v.withIdentity(true));
            } else if (what.startsWith("drop") && what.contains("identity")) {
                t.columns.computeIfPresent(a.column(), (k, v) -> v.withIdentity(false));
            }
        } else if (action instanceof AlterAction.SetDefault a) {
            t.columns.computeIfPresent(a.column(), (k, v) -> v.withDefault(a.value()));
        } else if (action instanceof AlterAction.DropDefault a) {
            t.columns.computeIfPresent(a.column(), (k, v) -> v.withDefault(null));
        } else if (action instanceof AlterAction.AddConstraint a) {
            addConstraint(t, a.constraint());
        } else if (action instanceof AlterAction.DropConstraint a) {
            rememberDroppedKeys(t, a, c -> a.name().equals(c.name()));
            t.constraints.stream()
                    .filter(c -> a.name().equals(c.name())
                            && (c.kind() == TableConstraint.Kind.PRIMARY_KEY
                                    || c.kind() == TableConstraint.Kind.UNIQUE))
                    .findFirst()
                    .ifPresent(c -> script.droppedKey(
                            t.name,
                            new ScriptRecord.DroppedKey(
                                    c.name(), c.kind() == TableConstraint.Kind.PRIMARY_KEY, List.copyOf(c.columns()))));
            t.constraints.removeIf(c -> a.name().equals(c.name()));
            Index index = indexes.get(a.name());
            if (index != null && index.table().sameAs(t.name)) {
                removeIndex(a.name());
            }
        } else if (action instanceof AlterAction.ValidateConstraint a) {
            t.constraints.replaceAll(c -> a.name().equals(c.name()) ? c.validate() : c);
        } else if (action instanceof AlterAction.RenameColumn a) {
            renameColumn(t, a.from(), a.to());
        } else if (action instanceof AlterAction.RenameConstraint a) {
            t.constraints.replaceAll(c -> a.from().equals(c.name()) ? c.withName(a.to()) : c);
            Index index = indexes.get(a.from());
            if (index != null && index.table().sameAs(t.name)) {
                removeIndex(a.from());
                indexes.put(a.to(), index.withName(a.to()));
            }
        } else if (action instanceof AlterAction.RenameTable a) {
            return moveTable(t, new QualifiedName(t.name.schema(), a.to()));
        } else if (action instanceof AlterAction.SetSchema a) {
            return moveTable(t, new QualifiedName(a.schema(), t.name.name()));
        }
        return t;
    }

    /**
     * Dropping a column drops the indexes and constraints that use it: a key, a CHECK whose condition names it (of
     * one column or several), an index over it, over an expression or with a predicate that names it
     * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DROP-COLUMN).
     */
    private void dropColumn(TableState t, String column) {
        t.columns.remove(column);
        t.constraints.removeIf(c -> c.columns().contains(column) || c.check() != null && names(c.check(), column));
        indexes.values()
                .removeIf(i -> i.table().sameAs(t.name)
                        && (i.columns().contains(column)
                                || i.columns().stream().anyMatch(e -> names(e, column))
                                || i.where() != null && names(i.where(), column)));
    }

    /** Whether the expression names the column, quoted or not. */
    private static boolean names(Expr e, String column) {
        return names(e.text(), column);
    }

    /**
     * Whether the text of an expression names the column, quoted or not, outside its string literals; not as a
     * function ({@code lower(}).
     */
    private static boolean names(String text, String column) {
        return java.util.regex.Pattern.compile(
                        "(^|[^\\p{L}0-9_$\"])\"?" + java.util.regex.Pattern.quote(column) + "\"?($|[^\\p{L}0-9_$\"(])")
                .matcher(text.replaceAll("'(?:[^']|'')*'", "''").toLowerCase(java.util.Locale.ROOT))
                .find();
    }

    private void renameColumn(TableState t, String from, String to) {
        Column col = t.columns.remove(from);
        if (col == null) {
            return;
        }
        LinkedHashMap<String, Column> reordered = new LinkedHashMap<>();
        t.columns.put(from, col);
        for (Map.Entry<String, Column> e : t.columns.entrySet()) {
            if (e.getKey().equals(from)) {
                reordered.put(to, col.withName(to).withHistory(col.history().renamedFrom(from)));
            } else {
                reordered.put(e.getKey(), e.getValue());
            }
        }
        t.columns.clear();
        t.columns.putAll(reordered);
        t.constraints.replaceAll(c -> c.withColumns(replace(c.columns(), from, to)));
        indexes.replaceAll((k, i) -> i.table().sameAs(t.name) ? i.withColumns(replace(i.columns(), from, to)) : i);
    }

    private static List<String> replace(List<String> names, String from, String to) {
        return names.stream().map(n -> n.equals(from) ? to : n).toList();
    }

    private TableState moveTable(TableState t, QualifiedName to) {
        String fromKey = t.name.key();
        tables.remove(fromKey);
        TableState moved = t.renamed(to);
        tables.put(to.key(), moved);
        indexes.replaceAll((k, i) -> i.table().key().equals(fromKey) ? i.withTable(to) : i);
        CreatedBy createdBy = tableVersions.remove(fromKey);
        if (createdBy != null) {
            tableVersions.put(to.key(), createdBy);
        }
        Long createdAt = tableSteps.remove(fromKey);
        if (createdAt != null) {
            tableSteps.put(to.key(), createdAt);
        }
        if (filledByQuery.remove(fromKey)) {
            filledByQuery.add(to.key());
        }
        if (partitioned.remove(fromKey)) {
            partitioned.add(to.key());
        }
        io.miglint.model.PartitionKey partitionKey = partitionKeys.remove(fromKey);
        if (partitionKey != null) {
            partitionKeys.put(to.key(), partitionKey);
        }
        return moved;
    }

    private void createIndex(Statement.CreateIndex s) {
        String name = s.name() != null
                ? s.name()
                : PgIdentifiers.generated(s.table().name(), String.join("_", s.columns()), "idx");
        if (indexes.containsKey(name) && s.ifNotExists()) {
            return;
        }
        indexes.put(name, new Index(name, s.table(), s.columns(), s.unique(), s.plainKey(), s.where()));
    }

    private void drop(Statement.Drop s) {
        for (QualifiedName name : s.names()) {
            switch (s.kind()) {
                case TABLE -> {
                    Optional<Table> dropped = table(name);
                    // A DROP TABLE IF EXISTS of a table that is not there drops no key: no parents of an earlier drop.
                    droppedTableParents.remove(name.key());
                    if (dropped.isPresent()) {
                        droppedTableParents.put(
                                name.key(),
                                dropped.get().constraints().stream()
                                        .filter(c -> c.kind() == TableConstraint.Kind.FOREIGN_KEY
                                                && c.references() != null
                                                && !c.references().table().sameAs(name))
                                        .map(c -> c.references().table())
                                        .distinct()
                                        .toList());
                    }
                    removeTable(name);
                }
                case INDEX -> {
                    Index dropped = removeIndex(name.name());
                    if (dropped != null) {
                        droppedIndexes.put(name.name(), dropped);
                    }
                }
                case VIEW, MATERIALIZED_VIEW -> {
                    views.remove(name.key());
                    materializedViews.remove(name.key());
                    // its indexes and triggers go with it
                    indexes.values().removeIf(i -> i.table().key().equals(name.key()));
                    triggers.keySet().removeIf(k -> k.startsWith(name.key() + "/"));
                }
                case SEQUENCE -> sequences.remove(name.key());
                case TYPE, DOMAIN -> {
                    types.remove(name.key());
                    enums.remove(name.key());
                }
                case FUNCTION, PROCEDURE -> {
                    functions.remove(name.key());
                    refreshedBy.remove(name.key());
                    definitions.remove(name.key());
                }
                case EXTENSION -> extensions.remove(name.name());
                case SCHEMA -> dropSchema(name.name());
                case TRIGGER -> {
                    if (s.onTable() != null) {
                        triggers.remove(s.onTable().key() + "/" + name.name());
                    }
                }
                case POLICY -> {
                    if (s.onTable() != null) {
                        policies.remove(s.onTable().key() + "/" + name.name());
                    }
                }
                default -> {}
            }
        }
    }

    private void removeTable(QualifiedName name) {
        String key = name.key();
        if (tables.remove(key) == null) {
            return;
        }
        tableVersions.remove(key);
        tableSteps.remove(key);
        filledByQuery.remove(key);
        partitioned.remove(key);
        partitionKeys.remove(key);
        // its indexes go with it: a later DROP INDEX IF EXISTS of one finds nothing (trieve drops user_plans, then
        // its index)
        indexes.values().removeIf(i -> {
            if (i.table().key().equals(key)) {
                goneIndexes.add(i.name());
                return true;
            }
            return false;
        });
        sequences.values().removeIf(owner -> owner.equals(key));
        triggers.keySet().removeIf(k -> k.startsWith(key + "/"));
        policies.keySet().removeIf(k -> k.startsWith(key + "/"));
    }

    private void dropSchema(String schema) {
        String prefix = schema + ".";
        new ArrayList<>(tables.values())
                .stream().filter(t -> schema.equals(t.name.schema())).forEach(t -> removeTable(t.name));
        types.removeIf(k -> k.startsWith(prefix));
        enums.keySet().removeIf(k -> k.startsWith(prefix));
        sequences.keySet().removeIf(k -> k.startsWith(prefix));
        functions.removeIf(k -> k.startsWith(prefix));
        views.removeIf(k -> k.startsWith(prefix));
        materializedViews.removeIf(k -> k.startsWith(prefix));
        refreshedBy.keySet().removeIf(k -> k.startsWith(prefix));
        schemas.remove(schema);
    }

    private void create(Statement.Create s) {
        switch (s.kind()) {
            case SEQUENCE -> sequences.putIfAbsent(s.name().key(), "");
            case SCHEMA -> schemas.add(s.name().name());
            case EXTENSION -> extensions.add(s.name().name());
            case DOMAIN -> types.add(s.name().key());
            default -> {}
        }
    }

    private void alterType(Statement.AlterType s) {
        String key = s.name().key();
        switch (s.action()) {
            case ADD_VALUE -> {
                List<String> labels = enums.get(key);
                if (labels != null && !labels.contains(s.value())) {
                    labels.add(s.value());
                }
            }
            case RENAME -> {
                QualifiedName to = new QualifiedName(s.name().schema(), s.value());
                if (types.remove(key)) {
                    types.add(to.key());
                }
                List<String> labels = enums.remove(key);
                if (labels != null) {
                    enums.put(to.key(), labels);
                }
                // A column keeps its type when the type is renamed: it now has the type under its new name.
                for (TableState t : tables.values()) {
                    t.columns.replaceAll((name, c) ->
                            c.type() != null && c.type().key().equals(key)
                                    ? c.withType(new io.miglint.model.TypeRef(
                                            to.toString(),
                                            c.type().modifiers(),
                                            c.type().array(),
                                            to + (c.type().array() ? "[]" : "")))
                                    : c);
                }
            }
            default -> {}
        }
    }

    private void rename(Statement.Rename s) {
        QualifiedName to = new QualifiedName(s.from().schema(), s.to());
        switch (s.kind()) {
            case INDEX -> {
                Index index = removeIndex(s.from().name());
                if (index != null) {
                    indexes.put(s.to(), index.withName(s.to()));
                    for (TableState t : tables.values()) {
                        t.constraints.replaceAll(c -> s.from().name().equals(c.name()) ? c.withName(s.to()) : c);
                    }
                }
            }
            case SEQUENCE -> {
                String owner = sequences.remove(s.from().key());
                if (owner != null) {
                    sequences.put(to.key(), owner);
                }
            }
            case VIEW, MATERIALIZED_VIEW -> {
                if (views.remove(s.from().key())) {
                    views.add(to.key());
                }
                if (materializedViews.remove(s.from().key())) {
                    materializedViews.add(to.key());
                }
            }
            case FUNCTION, PROCEDURE -> {
                if (functions.remove(s.from().key())) {
                    functions.add(to.key());
                }
                List<QualifiedName> refreshed = refreshedBy.remove(s.from().key());
                if (refreshed != null) {
                    refreshedBy.put(to.key(), refreshed);
                }
                Statement.CreateFunction def = definitions.remove(s.from().key());
                if (def != null) {
                    definitions.put(to.key(), def);
                }
            }
            case TYPE, DOMAIN ->
                alterType(
                        new Statement.AlterType(s.from(), Statement.AlterType.TypeAction.RENAME, s.to(), false, null));
            case TABLE -> {
                TableState t = tables.get(s.from().key());
                if (t != null) {
                    moveTable(t, to);
                }
            }
            default -> {}
        }
    }

    /** Mutable table state inside the model; {@link Table} is its immutable view. */
    private static final class TableState {
        final QualifiedName name;
        final LinkedHashMap<String, Column> columns;
        final List<Constraint> constraints;
        /** The keys of the names RENAME TO and SET SCHEMA took from the table, oldest first. */
        final List<String> formerNames;

        TableState(QualifiedName name) {
            this(name, new LinkedHashMap<>(), new ArrayList<>(), List.of());
        }

        private TableState(
                QualifiedName name,
                LinkedHashMap<String, Column> columns,
                List<Constraint> constraints,
                List<String> formerNames) {
            this.name = name;
            this.columns = columns;
            this.constraints = constraints;
            this.formerNames = formerNames;
        }

        TableState copy() {
            return new TableState(name, new LinkedHashMap<>(columns), new ArrayList<>(constraints), formerNames);
        }

        TableState renamed(QualifiedName to) {
            List<String> names = new ArrayList<>(formerNames);
            names.add(name.key());
            return new TableState(to, columns, constraints, List.copyOf(names));
        }

        Table snapshot(List<Index> indexes) {
            return new Table(name, List.copyOf(columns.values()), List.copyOf(constraints), List.copyOf(indexes));
        }
    }
}
