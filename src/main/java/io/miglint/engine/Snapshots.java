package io.miglint.engine;

import io.miglint.model.ParsedStatement;
import io.miglint.model.schema.SchemaModel;
import java.util.List;

/**
 * The points of a folder's one schema model that a down's rules compare: the schema before its up and after it (the
 * schema after the down is the one the down's own pass arrives at, {@link ScriptContext#schemaAfterDown}). For a down
 * of a popx group, the points are those of the whole group, {@code rollbackContinues} says that the group's
 * rollback goes on with the downs of its earlier files after this one, and {@code ranBefore} holds the statements
 * of the group's downs that the rollback ran before this one, in the order it ran them.
 */
record Snapshots(
        SchemaModel beforeUp,
        SchemaModel afterUp,
        boolean rollbackContinues,
        List<ParsedStatement> ranBefore,
        String lastUpFile) {
    Snapshots(SchemaModel beforeUp, SchemaModel afterUp) {
        this(beforeUp, afterUp, false, List.of(), null);
    }
}
