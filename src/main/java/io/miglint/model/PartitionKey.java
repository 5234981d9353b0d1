package io.miglint.model;

import java.util.List;

/**
 * {@code PARTITION BY strategy (elements)} of a partitioned table: the strategy lower-cased (list, range, hash) and
 * each key element as written (a column name, quoted or not, or an expression with its collation or operator class).
 */
public record PartitionKey(String strategy, List<String> elements) {
    public PartitionKey {
        elements = List.copyOf(elements);
    }

    /** The key's one column as written, when it is a single bare column name; empty otherwise. */
    public java.util.Optional<String> column() {
        return elements.size() == 1 && elements.get(0).matches("[A-Za-z_][A-Za-z0-9_$]*|\"([^\"]|\"\")+\"")
                ? java.util.Optional.of(elements.get(0))
                : java.util.Optional.empty();
    }
}
