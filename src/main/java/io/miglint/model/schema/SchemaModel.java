package io.miglint.model.schema;

import io.miglint.model.Statement;

/** Placeholder until the schema model lands from the parser work; replaced wholesale on merge. */
public final class SchemaModel {
    public SchemaModel copy() {
        return new SchemaModel();
    }

    public void beginScript() {
    }

    public void apply(Statement node) {
    }
}
