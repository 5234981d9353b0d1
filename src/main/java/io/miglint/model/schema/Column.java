package io.miglint.model.schema;

import io.miglint.model.Expr;
import io.miglint.model.TypeRef;

/**
 * A column as the migrations so far have left it; {@code defaultExpr} is null without a DEFAULT, {@code identity} is
 * true for a GENERATED … AS IDENTITY column (its values come from a sequence the column owns).
 */
public record Column(String name, TypeRef type, boolean notNull, Expr defaultExpr, boolean identity) {

    public Column(String name, TypeRef type, boolean notNull, Expr defaultExpr) {
        this(name, type, notNull, defaultExpr, false);
    }

    Column withName(String newName) {
        return new Column(newName, type, notNull, defaultExpr, identity);
    }

    Column withType(TypeRef newType) {
        return new Column(name, newType, notNull, defaultExpr, identity);
    }

    Column withNotNull(boolean value) {
        return new Column(name, type, value, defaultExpr, identity);
    }

    Column withDefault(Expr value) {
        return new Column(name, type, notNull, value, identity);
    }

    Column withIdentity(boolean value) {
        return new Column(name, type, notNull || value, defaultExpr, value);
    }

    /** Declared {@code serial}, {@code bigserial} or {@code smallserial}: an integer column that owns a sequence. */
    public boolean serial() {
        String t = type == null ? "" : type.name();
        return t.equals("serial") || t.equals("bigserial") || t.equals("smallserial")
                || t.equals("serial4") || t.equals("serial8") || t.equals("serial2");
    }
}
