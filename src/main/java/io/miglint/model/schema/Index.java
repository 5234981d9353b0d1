package io.miglint.model.schema;

import io.miglint.model.QualifiedName;
import java.util.List;

/**
 * An index, including the ones PostgreSQL creates for PRIMARY KEY and UNIQUE constraints. {@code plainKey}: a b-tree
 * over exactly {@code columns}, bare, with no predicate, expression, operator class or INCLUDE list (always so for
 * a key constraint's index); false when the index is any of those or not known to be plain.
 */
public record Index(String name, QualifiedName table, List<String> columns, boolean unique, boolean plainKey) {

    public Index(String name, QualifiedName table, List<String> columns, boolean unique) {
        this(name, table, columns, unique, false);
    }

    Index withName(String newName) {
        return new Index(newName, table, columns, unique, plainKey);
    }

    Index withTable(QualifiedName newTable) {
        return new Index(name, newTable, columns, unique, plainKey);
    }

    Index withColumns(List<String> newColumns) {
        return new Index(name, table, newColumns, unique, plainKey);
    }
}
