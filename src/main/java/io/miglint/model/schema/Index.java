package io.miglint.model.schema;

import io.miglint.model.QualifiedName;
import java.util.List;

/** An index, including the ones PostgreSQL creates for PRIMARY KEY and UNIQUE constraints. */
public record Index(String name, QualifiedName table, List<String> columns, boolean unique) {

    Index withName(String newName) {
        return new Index(newName, table, columns, unique);
    }

    Index withTable(QualifiedName newTable) {
        return new Index(name, newTable, columns, unique);
    }

    Index withColumns(List<String> newColumns) {
        return new Index(name, table, newColumns, unique);
    }
}
