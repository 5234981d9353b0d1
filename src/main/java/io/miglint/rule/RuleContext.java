package io.miglint.rule;

import io.miglint.model.ParsedStatement;
import io.miglint.model.schema.SchemaModel;
import io.miglint.sql.Span;

/** What a statement or script rule can see and do. */
public interface RuleContext {
    /** Target PostgreSQL major version ({@code --pg-version}, default 15). */
    int pgVersion();

    ScriptView script();

    /** The schema just before the current statement (statement rules) or after the script (script rules). */
    SchemaModel schema();

    /**
     * For a down: the schema before its up ran, i.e. what the down restores (names that existed then are not new to
     * the code a rollback returns to). Empty for an up.
     */
    default java.util.Optional<SchemaModel> schemaBeforeUp() {
        return java.util.Optional.empty();
    }

    /** For a down: the schema right after its up ran, i.e. what the down starts from. Empty for an up. */
    default java.util.Optional<SchemaModel> schemaAfterUp() {
        return java.util.Optional.empty();
    }

    /**
     * For a down: the schema after its up and then the whole down ran, which a rollback leaves; compared with
     * {@link #schemaBeforeUp} it tells what the down fails to restore. Empty for an up.
     */
    default java.util.Optional<SchemaModel> schemaAfterDown() {
        return java.util.Optional.empty();
    }

    /**
     * For a down that is one step of a longer rollback of one change (a popx group: the files of one generated
     * migration, sharing its timestamp, whose downs together undo the group's ups): true when downs of the group still
     * run after this one, so what is left after it alone is not the rollback's end.
     */
    default boolean rollbackContinues() {
        return false;
    }

    /**
     * For a down that is a later step of a longer rollback of one change (a popx group, see
     * {@link #rollbackContinues}): the statements of the downs that rollback ran before this one, in the order they
     * ran. What they did to the data is done when this down starts, as if it stood earlier in this script (a
     * {@code DELETE} of the rows a NOT NULL of this down would refuse). Empty otherwise.
     */
    /**
     * In the down that ends a popx group's rollback chain (and the ones before it): the file of the group's last up,
     * whose record {@link #schemaAfterUp} holds as the up's; null elsewhere.
     */
    default String groupLastUpFile() {
        return null;
    }

    default java.util.List<ParsedStatement> rollbackRanBefore() {
        return java.util.List.of();
    }

    /**
     * What the whole current script does, as its statements say it: the record the schema has after the script
     * ({@link SchemaModel#currentScript}). A statement rule gets it with the statements the pass has not reached yet,
     * to ask what the script ends with or whether a table is new at any of its statements.
     */
    io.miglint.model.schema.ScriptRecord wholeScript();

    RuleOptions options();

    /**
     * The table as a small lookup table known from the whole folder (documented as one, seed data only, a single
     * row, or a type hierarchy; see {@link io.miglint.model.schema.LookupTables}), empty when the folder shows nothing
     * of the kind. Rules where a table's size decides (an unindexed foreign key, a lock or a scan that only matters on
     * a large table) stay silent on such a table.
     */
    default java.util.Optional<io.miglint.model.schema.LookupTables.Lookup> lookupTable(
            io.miglint.model.QualifiedName table) {
        return java.util.Optional.empty();
    }

    /**
     * The table as the table stats measured it on the production database ({@code table-stats:} in
     * {@code .miglint.yaml}, {@code check --table-stats}; see {@link io.miglint.model.schema.TableStats}), with
     * whether it is below the small-table threshold. Empty when no stats are given or they do not list the table
     * (created after the snapshot): unknown, never small. An unqualified name is the table in {@code public}, as in
     * the schema model. Only for rules about the cost of a scan, a build or a rewrite: a small table is still read
     * and locked by running code, and its rows still matter to correctness.
     */
    default java.util.Optional<io.miglint.model.schema.TableStats.Table> tableStats(
            io.miglint.model.QualifiedName table) {
        return java.util.Optional.empty();
    }

    /**
     * Whether a later up of the folder proves the table empty at this statement of an up (it adds a NOT NULL column
     * without a default to it, which PostgreSQL accepts only on an empty table, and nothing of the folder in between
     * can have taken rows out; see {@link io.miglint.model.schema.EmptyTables}). Always false in a down. Only for
     * rules about the cost of a scan or a build: an empty table may still be read and locked by running code.
     */
    /**
     * For an up: the statement of the folder's next up that drops or retypes a column of {@code table} (a view over
     * the table left by this one would block it). Empty for a down, or when the next up does not.
     */
    default java.util.Optional<ParsedStatement> columnsChangedInNextUp(io.miglint.model.QualifiedName table) {
        return java.util.Optional.empty();
    }

    /**
     * In an up: whether the folder's next up comes from the same file and creates {@code table} again (a Liquibase
     * changelog dropping a table in one changeset and creating it in the next): one rebuild, written and deployed
     * together. False in a down.
     */
    default boolean recreatedNextInFile(io.miglint.model.QualifiedName table) {
        return false;
    }

    /**
     * In an up: the statements of the folder's earlier ups that are written and deployed with this one (the files
     * of its popx group, the changesets of its Liquibase file before it), in order; empty in a down.
     */
    default java.util.List<ParsedStatement> deployedWithBefore() {
        return java.util.List.of();
    }

    /** In an up: the statements of the folder's later ups written and deployed with this one; empty in a down. */
    default java.util.List<ParsedStatement> deployedWithAfter() {
        return java.util.List.of();
    }

    default boolean emptyUntilLaterUp(io.miglint.model.QualifiedName table, ParsedStatement statement) {
        return false;
    }

    /**
     * In an up: copies of the table's rows into other tables that earlier ups of the folder made
     * ({@link io.miglint.model.schema.CopiedTables}); empty in a down. Only for rules about losing rows.
     */
    default java.util.List<io.miglint.model.schema.CopiedTables.Copy> rowsCopiedOutEarlier(
            io.miglint.model.QualifiedName table) {
        return java.util.List.of();
    }

    /**
     * In an up: the tables an earlier up of the folder made this table as a copy of ({@code CREATE TABLE … AS
     * SELECT … FROM them}, or created and filled from them in one up); empty in a down or when it was not so made.
     */
    default java.util.List<io.miglint.model.schema.CopiedTables.Copy> madeEarlierAsCopyOf(
            io.miglint.model.QualifiedName table) {
        return java.util.List.of();
    }

    /**
     * Whether this migration ran before the database served the application ({@code live-since:} in
     * {@code .miglint.yaml}): its tables held only what migrations put in them (seed rows of a
     * {@link #lookupTable lookup table}). The online-only rules do not run on such a migration; rules about what the
     * up's rows make fail ask here. Its down still may run later, over rows written since, so rules about downs
     * do not.
     */
    default boolean beforeLive() {
        return false;
    }

    /** Whether a rule id exists (for checking suppression comments). */
    boolean isKnownRule(String ruleId);

    /**
     * Whether findings of the rule are reported in this run (on by default or turned on, for this PostgreSQL
     * version): a rule that leaves a risk to another rule's finding asks whether that finding is reported.
     */
    default boolean isSelected(String ruleId) {
        return true;
    }

    /** Report at a span of the current script's file. */
    FindingDraft report(Span span, String message);

    /** Report at the whole statement. */
    default FindingDraft report(ParsedStatement statement, String message) {
        return report(statement.span(), message);
    }
}
