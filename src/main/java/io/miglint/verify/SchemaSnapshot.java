package io.miglint.verify;

import java.util.Collection;
import java.util.SortedMap;
import java.util.TreeMap;

/** The user-visible schema of a database at one moment, keyed by {@link SchemaObject#key()}. */
public record SchemaSnapshot(SortedMap<String, SchemaObject> objects) {
    public SchemaSnapshot {
        // Always in the keys' natural order (SchemaDiff walks two snapshots in step); a copy of a map already in
        // that order is linear.
        TreeMap<String, SchemaObject> copy = new TreeMap<>();
        copy.putAll(objects);
        objects = copy;
    }

    static SchemaSnapshot of(Collection<SchemaObject> objects) {
        SortedMap<String, SchemaObject> map = new TreeMap<>();
        for (SchemaObject o : objects) {
            map.put(o.key(), o);
        }
        return new SchemaSnapshot(map);
    }

    public SchemaObject get(String kind, String name) {
        return objects.get(kind + " " + name);
    }

    public int size() {
        return objects.size();
    }
}
