package io.miglint.model.schema;

import io.miglint.model.Expr;
import io.miglint.model.ForeignKeyRef;
import io.miglint.model.TableConstraint;
import java.util.List;

/**
 * A table constraint. {@code validated} is false for a constraint added NOT VALID until VALIDATE CONSTRAINT runs
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-VALIDATE-CONSTRAINT).
 */
public record Constraint(
        String name,
        TableConstraint.Kind kind,
        List<String> columns,
        boolean validated,
        Expr check,
        ForeignKeyRef references) {

    Constraint withName(String newName) {
        return new Constraint(newName, kind, columns, validated, check, references);
    }

    Constraint withColumns(List<String> newColumns) {
        return new Constraint(name, kind, newColumns, validated, check, references);
    }

    Constraint validate() {
        return new Constraint(name, kind, columns, true, check, references);
    }
}
