package io.miglint.verify;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One catalog object as the snapshot sees it: a kind ("table", "column", "index", …), a name that is stable across
 * re-creation (schema-qualified unless in {@code public}; columns as {@code table.column}) and attributes rendered
 * by PostgreSQL's own deparsers. No OIDs, so dropping and re-creating an object yields an equal record.
 */
public record SchemaObject(String kind, String name, SortedMap<String, String> attributes) {
    public SchemaObject {
        attributes = new TreeMap<>(attributes);
    }

    public String key() {
        return kind + " " + name;
    }

    public String attribute(String key) {
        return attributes.get(key);
    }

    static SchemaObject of(String kind, String name, Map<String, String> attributes) {
        return new SchemaObject(kind, name, new TreeMap<>(attributes));
    }
}
