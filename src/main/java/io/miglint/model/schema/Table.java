package io.miglint.model.schema;

import io.miglint.model.QualifiedName;
import java.util.List;
import java.util.Optional;

/** A table as the migrations so far have left it. */
public record Table(QualifiedName name, List<Column> columns, List<Constraint> constraints, List<Index> indexes) {

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public Optional<Constraint> constraint(String constraintName) {
        return constraints.stream()
                .filter(c -> c.name() != null && c.name().equals(constraintName))
                .findFirst();
    }
}
