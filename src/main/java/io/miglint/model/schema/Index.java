package io.miglint.model.schema;

import io.miglint.model.Expr;
import io.miglint.model.QualifiedName;
import java.util.List;

/**
 * An index, including the ones PostgreSQL creates for PRIMARY KEY and UNIQUE constraints. {@code plainKey}: a b-tree
 * over exactly {@code columns}, bare, with no predicate, expression, operator class or INCLUDE list (always so for
 * a key constraint's index); false when the index is any of those or not known to be plain. {@code where}: the
 * predicate of a partial index, null for none.
 */
public record Index(
        String name, QualifiedName table, List<String> columns, boolean unique, boolean plainKey, Expr where) {

    public Index(String name, QualifiedName table, List<String> columns, boolean unique, boolean plainKey) {
        this(name, table, columns, unique, plainKey, null);
    }

    public Index(String name, QualifiedName table, List<String> columns, boolean unique) {
        this(name, table, columns, unique, false);
    }

    Index withName(String newName) {
        return new Index(newName, table, columns, unique, plainKey, where);
    }

    Index withTable(QualifiedName newTable) {
        return new Index(name, newTable, columns, unique, plainKey, where);
    }

    Index withColumns(List<String> newColumns) {
        return new Index(name, table, newColumns, unique, plainKey, where);
    }
}
