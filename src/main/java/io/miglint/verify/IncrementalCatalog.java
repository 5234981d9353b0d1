package io.miglint.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Snapshots of one connection's database, each read incrementally from the one before: the verifier takes three per
 * migration, and rendering every object of a long history each time made snapshots most of its work (and grew with
 * the history). What changed between two reads is found one of two ways. Where the database has {@link ChangeCapture}
 * and the SQL under test runs as a non-superuser, from its log of DDL commands ({@link #updateFromChanges}); otherwise
 * from the catalogs' row versions: {@link CatalogReader#signatures} tells which relations had a catalog row written
 * or removed, and which functions, types, schemas, collations and extensions did. Either way, for objects that
 * changed, {@link CatalogReader#dependents} adds the relations whose definitions name them (views, foreign keys,
 * sequences, defaults, triggers, partitions, columns of a renamed type). Only the objects of those relations are read
 * again, and the schemas, functions, types and extensions only when one of them changed; everything else is carried
 * over.
 *
 * <p>With the system property {@code miglint.verify.checkIncremental=true} (the test suite sets it) every read is
 * compared with a full one, and a difference is an {@link IllegalStateException}.
 */
final class IncrementalCatalog {
    private static final boolean CHECK = Boolean.getBoolean("miglint.verify.checkIncremental");

    private final CatalogReader reader;
    private Connection on;
    private Map<String, CatalogReader.Signature> signatures;
    private Map<Long, List<SchemaObject>> byOwner;
    private List<SchemaObject> unowned;
    /** Every object of {@link #byOwner} and {@link #unowned}, by key: a snapshot is a copy, not a new sort. */
    private TreeMap<String, SchemaObject> current;
    /** The relation each index of {@link #current} belongs to (a dropped index's log entry names no table). */
    private Map<String, Long> indexOwners;
    /**
     * For {@link #partitionsOf}: the name of each table of {@link #current} and of each partition's parent, by OID,
     * and the partitions of each parent, by name.
     */
    private Map<Long, String> tableNames;

    private Map<Long, String> partitionParents;
    private Map<String, Set<Long>> partitions;
    private SchemaSnapshot last;
    /**
     * With {@link ChangeCapture}: the last change the previous read took into account, and the role names then
     * (null while the snapshot has no policy, the only objects that name roles).
     */
    private long lastChange;

    private String roles;
    private int fullReads;

    IncrementalCatalog(CatalogReader reader) {
        this.reader = reader;
    }

    SchemaSnapshot read(Connection connection) throws SQLException {
        return read(connection, true);
    }

    /**
     * @param expectChanges whether the step before most likely changed relations (an up) rather than only removed
     *                      them (a down): a read that expects changes asks for the objects of changed relations in
     *                      the same round trip; one that does not reads the log alone, and asks in a second round
     *                      trip only if the step created or altered objects, or dropped parts of a relation that
     *                      stays. Either way the snapshot is the same.
     */
    SchemaSnapshot read(Connection connection, boolean expectChanges) throws SQLException {
        Map<String, CatalogReader.Signature> now = reader.changeCapture() ? null : reader.signatures(connection);
        return settle(connection, now, () -> {
            if (connection != on || last == null) {
                return full(connection);
            } else if (now == null) {
                return updateFromChanges(connection, expectChanges);
            } else {
                return update(connection, now);
            }
        });
    }

    private interface Update {
        SchemaSnapshot run() throws SQLException;
    }

    /** Takes an update's snapshot as the last read, or starts over at the next read if it failed. */
    private SchemaSnapshot settle(Connection connection, Map<String, CatalogReader.Signature> now, Update update)
            throws SQLException {
        SchemaSnapshot snapshot;
        try {
            snapshot = update.run();
        } catch (SQLException | RuntimeException e) {
            last = null; // the carried-over state may be half updated: the next read is a full one
            throw e;
        }
        on = connection;
        signatures = now;
        last = snapshot;
        if (CHECK) {
            SchemaDiff diff = SchemaDiff.between(snapshot, reader.read(connection));
            if (!diff.isEmpty()) {
                throw new IllegalStateException("incremental snapshot differs from a full one: " + diff.render(20));
            }
        }
        return snapshot;
    }

    /** How many reads so far were full ones. */
    int fullReads() {
        return fullReads;
    }

    private SchemaSnapshot full(Connection connection) throws SQLException {
        fullReads++;
        if (reader.changeCapture()) {
            CatalogReader.Changes mark = reader.changeMark(connection);
            lastChange = mark.last();
            roles = mark.roles();
        }
        byOwner = new HashMap<>();
        unowned = new ArrayList<>();
        current = new TreeMap<>();
        indexOwners = new HashMap<>();
        tableNames = new HashMap<>();
        partitionParents = new HashMap<>();
        partitions = new HashMap<>();
        for (CatalogReader.Owned o : reader.read(connection, null, true)) {
            add(o);
        }
        if (reader.changeCapture()) {
            trackRoles(connection);
        }
        return assemble();
    }

    private SchemaSnapshot update(Connection connection, Map<String, CatalogReader.Signature> now) throws SQLException {
        List<CatalogReader.Signature> roots = new ArrayList<>();
        Set<Long> created = new HashSet<>();
        List<Long> schemas = new ArrayList<>();
        boolean unownedChanged = false;
        for (Map.Entry<String, CatalogReader.Signature> e : now.entrySet()) {
            CatalogReader.Signature before = signatures.get(e.getKey());
            CatalogReader.Signature sig = e.getValue();
            if (before != null && before.digest().equals(sig.digest())) {
                continue;
            }
            // Whatever names a new object wrote that reference into its own rows in this step, so it changed too:
            // a new object needs no dependents looked up.
            if (before == null) {
                if (sig.kind().equals("r")) {
                    created.add(sig.objid());
                } else {
                    unownedChanged = true;
                }
                continue;
            }
            roots.add(sig);
            switch (sig.kind()) {
                case "n" -> {
                    schemas.add(sig.objid());
                    unownedChanged = true;
                }
                case "p", "t", "x" -> unownedChanged = true;
                default -> {}
            }
        }
        Set<Long> vanished = new HashSet<>();
        for (Map.Entry<String, CatalogReader.Signature> e : signatures.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                CatalogReader.Signature gone = e.getValue();
                if (gone.kind().equals("r")) {
                    vanished.add(gone.objid());
                } else {
                    unownedChanged = true;
                }
            }
        }
        if (roots.isEmpty() && created.isEmpty() && vanished.isEmpty() && !unownedChanged) {
            return last;
        }
        Set<Long> owners = new HashSet<>();
        for (CatalogReader.Signature sig : now.values()) {
            if (sig.kind().equals("r")) {
                owners.add(sig.objid());
            }
        }
        Set<Long> dirty = new HashSet<>(created);
        if (!roots.isEmpty()) {
            for (long oid : reader.dependents(connection, roots, schemas)) {
                if (owners.contains(oid)) {
                    dirty.add(oid);
                }
            }
        }
        forget(vanished);
        reread(connection, dirty, unownedChanged);
        return assemble();
    }

    /** Replaces the objects of these relations, and with {@code unowned} all unowned objects, by a fresh read. */
    private void reread(Connection connection, Set<Long> owners, boolean unownedChanged) throws SQLException {
        forget(owners);
        if (unownedChanged) {
            unowned.forEach(o -> current.remove(o.key()));
            unowned = new ArrayList<>();
        }
        if (!owners.isEmpty() || unownedChanged) {
            long[] oids = owners.stream().mapToLong(Long::longValue).toArray();
            for (CatalogReader.Owned o : reader.read(connection, oids, unownedChanged)) {
                add(o);
            }
        }
    }

    /** Commands that only change privileges, which snapshots leave out; they report no object. */
    private static final Set<String> PRIVILEGE_COMMANDS = Set.of("GRANT", "REVOKE", "ALTER DEFAULT PRIVILEGES");

    /** Catalogs whose objects belong to no relation: any change to them re-reads all such objects. */
    private static final Set<String> UNOWNED_CATALOGS =
            Set.of("pg_proc", "pg_type", "pg_namespace", "pg_collation", "pg_extension");

    /**
     * The update from what {@link ChangeCapture} logged since the last read, in one round trip for the usual step:
     * {@link CatalogReader#changes} reads the log and, again, the relations the database finds changed from it. The
     * log's dropped objects are matched here too: a dropped relation is forgotten, and an index's table (its log
     * entry names none) is taken from the previous read and read again if the database did not already. Whatever
     * cannot be matched safely makes the read a full one: a command that reported no object, a role renamed, an
     * index the previous read did not know dropped by name. Schemas, functions, types and extensions, which belong to
     * no relation, are read again, all of them, when one of them changed; a changed schema's relations too. So are,
     * from the previous read, the partitions (all the way down) of a table altered, which may have detached them,
     * and of a table attached as a partition.
     */
    private SchemaSnapshot updateFromChanges(Connection connection, boolean expectChanges) throws SQLException {
        boolean withRoles = roles != null;
        CatalogReader.Changes log = reader.changes(connection, lastChange, expectChanges, withRoles);
        if (!expectChanges
                && log.changes().stream()
                        .anyMatch(c -> !c.dropped()
                                && !c.catalog().isEmpty()
                                && !c.catalog().equals("-"))) {
            // The step created or altered objects after all: what they changed, as after an up.
            expectChanges = true;
            log = reader.changes(connection, lastChange, true, withRoles);
        }
        if (withRoles && !log.roles().equals(roles)) {
            return full(connection);
        }
        lastChange = log.last();
        Set<Long> created = new HashSet<>();
        List<Long> schemas = new ArrayList<>();
        for (CatalogReader.Change c : log.changes()) {
            if (!c.dropped() && c.tag().startsWith("CREATE ")) {
                created.add(c.objid());
            }
        }
        Set<Long> extra = new HashSet<>();
        Set<Long> vanished = new HashSet<>();
        boolean unownedChanged = false;
        for (CatalogReader.Change c : log.changes()) {
            if (c.catalog().isEmpty() || c.catalog().equals("-")) {
                if (PRIVILEGE_COMMANDS.contains(c.tag())) {
                    continue;
                }
                return full(connection);
            }
            if (UNOWNED_CATALOGS.contains(c.catalog()) || "domain constraint".equals(c.objectType())) {
                // A relation's row type and an array type go with what they belong to, which is logged itself.
                if (!c.dropped() || !c.catalog().equals("pg_type") || c.original() || c.normal()) {
                    unownedChanged = true;
                }
                // A schema's name is in every name in it: renamed, its contents read differently; created or
                // commented, they do not.
                if (!c.dropped()
                        && c.catalog().equals("pg_namespace")
                        && !c.tag().startsWith("CREATE ")
                        && !c.tag().equals("COMMENT")) {
                    schemas.add(c.objid());
                }
                continue;
            }
            if (c.dropped() && c.catalog().equals("pg_class") && c.objsubid() == 0) {
                if (byOwner.containsKey(c.objid())) {
                    vanished.add(c.objid());
                } else if ("index".equals(c.objectType())
                        && !(c.names().size() == 2 && c.names().get(0).equals("pg_toast"))) {
                    Long table = c.names().size() == 2
                            ? indexOwners.get("index "
                                    + (c.names().get(0).equals("public")
                                            ? ""
                                            : c.names().get(0) + ".")
                                    + c.names().get(1))
                            : null;
                    if (table != null) {
                        extra.add(table);
                    } else if (!created.contains(c.objid())) {
                        return full(connection);
                    }
                }
                // any other relation the previous read did not know had nothing in the snapshot
            }
            // everything else is in the database's dirty set
        }
        if (!schemas.isEmpty()) {
            extra.addAll(reader.dependents(connection, List.of(), schemas));
        }
        for (CatalogReader.Change c : log.changes()) {
            if (!c.dropped() && c.catalog().equals("pg_class") && c.tag().equals("ALTER TABLE")) {
                extra.addAll(partitionsOf(c.objid()));
            }
        }
        Set<Long> fetched = expectChanges ? log.dirty() : Set.of();
        // A table attached as a partition (ALTER TABLE … ATTACH PARTITION) is found from its new parent, but its own
        // partitions, which get copies of the new parent's triggers, are not: the previous read knows them.
        for (CatalogReader.Owned o : log.objects()) {
            String kind = o.object().kind();
            if (o.owner() != null
                    && (kind.equals("table") || kind.equals("foreign table"))
                    && !java.util.Objects.equals(
                            o.object().attribute("partition of"), partitionParents.get(o.owner()))) {
                extra.addAll(partitionsOf(o.owner()));
            }
        }
        if (!expectChanges) {
            extra.addAll(CatalogReader.droppedOwners(log.changes()));
        }
        extra.removeAll(fetched);
        extra.removeAll(vanished);
        if (fetched.isEmpty() && extra.isEmpty() && vanished.isEmpty() && !unownedChanged) {
            return last;
        }
        forget(vanished);
        forget(fetched);
        for (CatalogReader.Owned o : log.objects()) {
            add(o);
        }
        reread(connection, extra, unownedChanged);
        trackRoles(connection);
        return assemble();
    }

    /**
     * The partitions a relation had at the previous read, and theirs, all the way down. A command that altered the
     * relation may have detached one of them (ALTER TABLE … DETACH PARTITION, also CONCURRENTLY): that changes the
     * partition (its bound, its constraints and indexes no longer inherited, the copies of the parent's triggers
     * dropped on it and on its own partitions) but logs the parent alone, and leaves no dependency in the catalogs
     * that leads from the parent to the partition any more. Only the previous read knows it was one.
     */
    private Set<Long> partitionsOf(long relation) {
        Set<Long> found = new HashSet<>();
        List<String> parents = new ArrayList<>();
        String name = tableNames.get(relation);
        if (name != null) {
            parents.add(name);
        }
        while (!parents.isEmpty()) {
            for (Long partition : partitions.getOrDefault(parents.remove(parents.size() - 1), Set.of())) {
                String child = tableNames.get(partition);
                if (found.add(partition) && child != null) {
                    parents.add(child);
                }
            }
        }
        return found;
    }

    /** Keeps {@link #roles} while the snapshot has policies: the first policy of a step asks for them. */
    private void trackRoles(Connection connection) throws SQLException {
        String policy = current.ceilingKey("policy ");
        if (policy == null || !policy.startsWith("policy ")) {
            roles = null;
        } else if (roles == null) {
            roles = reader.changeMark(connection).roles();
        }
    }

    private void forget(Set<Long> owners) {
        for (Long owner : owners) {
            List<SchemaObject> objects = byOwner.remove(owner);
            if (objects != null) {
                for (SchemaObject o : objects) {
                    current.remove(o.key());
                    indexOwners.remove(o.key(), owner);
                }
                tableNames.remove(owner);
                String parent = partitionParents.remove(owner);
                if (parent != null) {
                    Set<Long> siblings = partitions.get(parent);
                    siblings.remove(owner);
                    if (siblings.isEmpty()) {
                        partitions.remove(parent);
                    }
                }
            }
        }
    }

    private void add(CatalogReader.Owned o) {
        if (o.owner() == null) {
            unowned.add(o.object());
        } else {
            byOwner.computeIfAbsent(o.owner(), k -> new ArrayList<>()).add(o.object());
            if (o.object().kind().equals("index")) {
                indexOwners.put(o.object().key(), o.owner());
            } else if (o.object().kind().equals("table") || o.object().kind().equals("foreign table")) {
                tableNames.put(o.owner(), o.object().name());
                String parent = o.object().attribute("partition of");
                if (parent != null) {
                    partitionParents.put(o.owner(), parent);
                    partitions.computeIfAbsent(parent, k -> new HashSet<>()).add(o.owner());
                }
            }
        }
        current.put(o.object().key(), o.object());
    }

    private SchemaSnapshot assemble() {
        return new SchemaSnapshot(current);
    }
}
