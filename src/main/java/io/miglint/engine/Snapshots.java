package io.miglint.engine;

import io.miglint.model.schema.SchemaModel;

/**
 * The points of a folder's one schema model that a down's rules compare: the schema before its up and after it (the
 * schema after the down is the one the down's own pass arrives at, {@link ScriptContext#schemaAfterDown}).
 */
record Snapshots(SchemaModel beforeUp, SchemaModel afterUp) {}
