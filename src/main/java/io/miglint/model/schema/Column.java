package io.miglint.model.schema;

import io.miglint.model.Expr;
import io.miglint.model.TypeRef;

/** A column as the migrations so far have left it; {@code defaultExpr} is null without a DEFAULT. */
public record Column(String name, TypeRef type, boolean notNull, Expr defaultExpr) {

    Column withName(String newName) {
        return new Column(newName, type, notNull, defaultExpr);
    }

    Column withType(TypeRef newType) {
        return new Column(name, newType, notNull, defaultExpr);
    }

    Column withNotNull(boolean value) {
        return new Column(name, type, value, defaultExpr);
    }

    Column withDefault(Expr value) {
        return new Column(name, type, notNull, value);
    }
}
