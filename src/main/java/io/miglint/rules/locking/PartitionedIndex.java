package io.miglint.rules.locking;

import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rules.WrittenSql;
import io.miglint.sql.Token;
import java.util.List;

/**
 * Index work on a partitioned table (created with PARTITION BY), where PostgreSQL refuses CONCURRENTLY: "cannot create
 * index on partitioned table … concurrently", "cannot drop partitioned index … concurrently", and ADD CONSTRAINT …
 * USING INDEX "is not supported on partitioned tables" (all checked on PostgreSQL 15). Helps that would propose those
 * propose instead what works there:
 *
 * <ul>
 *   <li>a build: the parent's index {@code ON ONLY} the parent, which builds nothing and stays invalid, each
 *       partition's built CONCURRENTLY and attached with {@code ALTER INDEX … ATTACH PARTITION} (a catalog change),
 *       after which the parent's index is valid
 *       (https://www.postgresql.org/docs/current/sql-createindex.html, "Indexes on partitioned tables");
 *   <li>a UNIQUE or PRIMARY KEY constraint: each partition's own, its index built CONCURRENTLY and attached with USING
 *       INDEX; the parent's ADD CONSTRAINT then takes them over and builds nothing;
 *   <li>a drop: no concurrent way; DROP INDEX locks the parent and every partition ACCESS EXCLUSIVE until COMMIT, so
 *       it goes in a transaction of its own, with a lock_timeout, retried, at a quiet time.
 * </ul>
 */
public final class PartitionedIndex {
    private PartitionedIndex() {}

    /** A down that runs as one transaction, on a partitioned table: no build without the blocking lock. */
    static String noWayInDown(io.miglint.rule.RuleContext ctx, QualifiedName table) {
        return "This down cannot build the index CONCURRENTLY: " + OwnMigration.noWayInDown(ctx.script())
                + "; nor could any migration, " + table + " being a partitioned table. Roll back when " + table
                + " can be blocked for the build.";
    }

    /** {@code SELECT …} listing the partitions of {@code table}: the {@code <partition>} of the helps' SQL. */
    public static String listPartitions(QualifiedName table) {
        return "`SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = '"
                + WrittenSql.name(table).replace("'", "''") + "'::regclass;`";
    }

    /** The name a partition's index takes in the helps' SQL: the parent index's name with the partition's table. */
    static String partitionIndexName(QualifiedName table, String name) {
        String prefix = table.name() + "_";
        return name != null && name.startsWith(prefix) && name.length() > prefix.length()
                ? "<partition>_" + name.substring(prefix.length())
                : "<partition>_idx";
    }

    /**
     * The steps that build an index on partitioned {@code table} without blocking its writes. {@code create} is the
     * statement's head ({@code CREATE UNIQUE INDEX}), {@code name} the index's name as written, {@code tail} what
     * follows the table's name (method, columns, INCLUDE, WHERE …), {@code where} where each partition's build runs
     * (a migration of its own, or by hand).
     */
    public static String build(
            QualifiedName table, String create, boolean ifNotExists, String name, String tail, String where) {
        String part = partitionIndexName(table, name);
        return "create the index on the parent alone, which builds nothing (the index stays invalid until every "
                + "partition has its own): `" + create + (ifNotExists ? " IF NOT EXISTS " : " ") + name + " ON ONLY "
                + WrittenSql.name(table) + " " + tail
                + ";`; then, for each partition, build its index with CONCURRENTLY, `" + create
                + " CONCURRENTLY " + part + " ON <partition> " + tail + ";`, " + where
                + ", and attach it (a catalog change): `ALTER INDEX " + name + " ATTACH PARTITION " + part
                + ";`. Once every partition's is attached, the parent's index is valid. "
                + listPartitions(table)
                + " lists the partitions; one that is itself partitioned gets the same steps, ON ONLY it, then its "
                + "own partitions.";
    }

    /** {@link #build} for a CREATE INDEX as written, under {@code name} (its own, or the name a rebuild takes). */
    static String build(ParsedStatement s, String name, String where) {
        Statement.CreateIndex ci = (Statement.CreateIndex) s.node();
        String[] parts = split(s);
        return build(ci.table(), parts[0], ci.ifNotExists(), name, parts[1], where);
    }

    /**
     * The index's name as SQL: its own, or for an unnamed one the name PostgreSQL would give it ({@code
     * table_columns_idx}), which the ATTACH steps need.
     */
    static String name(Statement.CreateIndex ci) {
        return WrittenSql.ident(
                ci.name() != null
                        ? ci.name()
                        : WrittenSql.defaultConstraintName(
                                ci.table().name(), ci.bareColumns() ? ci.columns() : List.of("expr"), "idx"));
    }

    /**
     * A CREATE INDEX statement as written, cut around its index name and table: {@code CREATE [UNIQUE] INDEX} (without
     * CONCURRENTLY, IF NOT EXISTS and the name), and everything after the table's name.
     */
    private static String[] split(ParsedStatement s) {
        List<Token> body = s.raw().body();
        StringBuilder head = new StringBuilder();
        StringBuilder tail = new StringBuilder();
        int i = 0;
        for (; i < body.size(); i++) {
            Token t = body.get(i);
            if (i > 0) {
                head.append(' ');
            }
            head.append(s.raw().source().slice(t.start(), t.end()));
            if (t.is("index")) {
                i++;
                break;
            }
        }
        while (i < body.size() && !body.get(i).is("on")) {
            i++; // CONCURRENTLY, IF NOT EXISTS, the name
        }
        i++;
        if (i < body.size() && body.get(i).is("only")) {
            i++;
        }
        i++; // the table's name
        while (i + 1 < body.size() && body.get(i).isPunct('.')) {
            i += 2;
        }
        Token previous = null;
        for (; i < body.size(); i++) {
            Token t = body.get(i);
            if (previous != null && t.start() > previous.end()) {
                tail.append(' ');
            }
            tail.append(s.raw().source().slice(t.start(), t.end()));
            previous = t;
        }
        return new String[] {head.toString(), tail.toString()};
    }

    /**
     * What a drop of an index of partitioned {@code table} locks, and what can be done about it: there is no
     * concurrent way. {@code down}: the drop is a rollback's, which runs when it is needed, not at a chosen time.
     */
    public static String drop(QualifiedName table, String dropSql, boolean down) {
        return "PostgreSQL cannot drop an index of " + table + " CONCURRENTLY: it is a partitioned table (\"cannot "
                + "drop partitioned index … concurrently\"), and there is no other way around the lock. "
                + dropLock(table, dropSql, down);
    }

    /** What the plain drop locks, for how long, and how to keep that short. */
    public static String dropLock(QualifiedName table, String dropSql, boolean down) {
        return "`" + dropSql + "` takes an ACCESS EXCLUSIVE lock on " + table + " and on every one of its partitions "
                + "until the transaction commits; the drop itself is quick, what blocks is its wait for the queries "
                + "running on any partition, with every query queued behind it. "
                + (down
                        ? "Roll back at a time of low traffic, with `SET LOCAL lock_timeout = '5s';` before the drop, "
                                + "and retry when it times out."
                        : "Run it in a transaction of its own, at a time of low traffic, with `SET LOCAL lock_timeout "
                                + "= '5s';` before it, and retry when it times out.");
    }

    /**
     * The steps that add a UNIQUE or PRIMARY KEY constraint to partitioned {@code table} without building its index
     * under the lock: each partition's own constraint first, its index built CONCURRENTLY; the parent's constraint,
     * added after, takes them over (checked on PostgreSQL 15: it builds nothing and attaches them).
     */
    static String constraint(
            QualifiedName table, String kind, List<String> columns, String nulls, String addConstraint, String where) {
        String part = "<partition>_" + (kind.equals("PRIMARY KEY") ? "pkey" : String.join("_", columns) + "_key");
        return "PostgreSQL refuses ADD CONSTRAINT … USING INDEX on " + table + ", a partitioned table, and builds no "
                + "index CONCURRENTLY on it; but the constraint, added to the parent, takes over an equal one that "
                + "each partition already has, and builds nothing. For each partition, build the index with "
                + "CONCURRENTLY, `CREATE UNIQUE INDEX CONCURRENTLY " + part + " ON <partition> ("
                + WrittenSql.idents(columns) + ")" + nulls + ";`, " + where + ", then make it the partition's "
                + "constraint, `ALTER TABLE <partition> ADD CONSTRAINT " + part + " " + kind + " USING INDEX " + part
                + ";`; then `" + addConstraint + ";` only attaches them (a brief lock on " + table + " and its "
                + "partitions, no build). " + listPartitions(table)
                + " lists the partitions; one that is itself partitioned gets the same steps, level by level.";
    }
}
