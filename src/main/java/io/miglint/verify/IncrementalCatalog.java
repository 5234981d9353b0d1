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
 * the history). Between two reads, {@link CatalogReader#signatures} tells which relations had a catalog row written
 * or removed, and which functions, types, schemas, collations and extensions did. New relations are read; for
 * objects that existed and changed, {@link CatalogReader#dependents} adds the relations whose definitions name them
 * (views, foreign keys, sequences, defaults, triggers, partitions, columns of a renamed type). Only the objects of
 * those relations are read again, and the schemas, functions, types and extensions only when one of them changed;
 * everything else is carried over.
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
    private SchemaSnapshot last;

    IncrementalCatalog(CatalogReader reader) {
        this.reader = reader;
    }

    SchemaSnapshot read(Connection connection) throws SQLException {
        Map<String, CatalogReader.Signature> now = reader.signatures(connection);
        SchemaSnapshot snapshot;
        try {
            snapshot = connection == on && last != null ? update(connection, now) : full(connection);
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

    private SchemaSnapshot full(Connection connection) throws SQLException {
        byOwner = new HashMap<>();
        unowned = new ArrayList<>();
        current = new TreeMap<>();
        for (CatalogReader.Owned o : reader.read(connection, null, true)) {
            add(o);
        }
        return assemble();
    }

    private SchemaSnapshot update(Connection connection, Map<String, CatalogReader.Signature> now)
            throws SQLException {
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
                default -> {
                }
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
        forget(dirty);
        if (unownedChanged) {
            unowned.forEach(o -> current.remove(o.key()));
            unowned = new ArrayList<>();
        }
        if (!dirty.isEmpty() || unownedChanged) {
            long[] reread = dirty.stream().mapToLong(Long::longValue).toArray();
            for (CatalogReader.Owned o : reader.read(connection, reread, unownedChanged)) {
                add(o);
            }
        }
        return assemble();
    }

    private void forget(Set<Long> owners) {
        for (Long owner : owners) {
            List<SchemaObject> objects = byOwner.remove(owner);
            if (objects != null) {
                objects.forEach(o -> current.remove(o.key()));
            }
        }
    }

    private void add(CatalogReader.Owned o) {
        if (o.owner() == null) {
            unowned.add(o.object());
        } else {
            byOwner.computeIfAbsent(o.owner(), k -> new ArrayList<>()).add(o.object());
        }
        current.put(o.object().key(), o.object());
    }

    private SchemaSnapshot assemble() {
        return new SchemaSnapshot(current);
    }
}
