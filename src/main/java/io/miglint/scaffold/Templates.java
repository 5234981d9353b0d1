package io.miglint.scaffold;

import io.miglint.layout.LayoutKind;

/** The text of new migration files: a header that says how the tool will run the file, and nothing to undo yet. */
final class Templates {
    private Templates() {}

    static String up(String name, String created, LayoutKind layout) {
        String header = "-- " + name + " (up), created " + created + ".\n" + "-- " + howItRuns(layout) + "\n"
                + "-- Set lock_timeout before DDL on a busy table, and keep one change per migration.\n";
        if (asWritten(layout)) {
            return header + "BEGIN;\nSET LOCAL lock_timeout = '5s';\n\n\nCOMMIT;\n";
        }
        return header + "\n";
    }

    /**
     * A down that fails loudly until it is written: an empty one would let the tool record a rollback that undid
     * nothing. {@code RAISE EXCEPTION} aborts the script (and its transaction) with the message.
     */
    static String down(String name, String created, LayoutKind layout) {
        String header = "-- " + name + " (down), created " + created + ".\n"
                + "-- Undo the up here. Until then a rollback stops with an error instead of silently doing nothing.\n";
        String refuse = "DO $$ BEGIN RAISE EXCEPTION 'down of " + name + " is not written yet'; END $$;\n";
        if (asWritten(layout)) {
            return header + "BEGIN;\n" + refuse + "COMMIT;\n";
        }
        return header + refuse;
    }

    static String dbmate(String name, String created) {
        return "-- " + name + ", created " + created + ".\n"
                + "-- " + howItRuns(LayoutKind.DBMATE) + "\n"
                + "-- migrate:up\n\n\n"
                + "-- migrate:down\n"
                + "-- Undo the up here. Until then a rollback stops with an error instead of silently doing nothing.\n"
                + "DO $$ BEGIN RAISE EXCEPTION 'down of " + name + " is not written yet'; END $$;\n";
    }

    /**
     * A Liquibase formatted SQL file of one changeset (the author and id on its {@code --changeset} line) whose
     * rollback fails loudly until it is written.
     */
    static String liquibase(String name, String created, String author) {
        return "--liquibase formatted sql\n\n"
                + "--changeset " + author + ":" + name + "\n"
                + "--comment: " + name + ", created " + created + "\n"
                + "-- " + howItRuns(LayoutKind.LIQUIBASE) + "\n\n\n"
                + "--rollback DO $$ BEGIN RAISE EXCEPTION 'rollback of " + name + " is not written yet'; END $$;\n";
    }

    /**
     * goose create's file (create.go) with miglint's header and a down that fails until it is written; the header
     * must not contain goose's marker, or goose would read the line as an annotation and refuse it.
     */
    static String goose(String name, String created) {
        return "-- " + name + ", created " + created + ".\n"
                + "-- " + howItRuns(LayoutKind.GOOSE) + "\n"
                + "-- +goose Up\n\n\n"
                + "-- +goose Down\n"
                + "-- Undo the up here. Until then a rollback stops with an error instead of silently doing nothing.\n"
                + "-- +goose StatementBegin\n"
                + "DO $$ BEGIN RAISE EXCEPTION 'down of " + name + " is not written yet'; END $$;\n"
                + "-- +goose StatementEnd\n";
    }

    private static boolean asWritten(LayoutKind layout) {
        return layout == LayoutKind.NUMBERED || layout == LayoutKind.ROLLBACK_SUFFIX || layout == LayoutKind.SQITCH;
    }

    private static String howItRuns(LayoutKind layout) {
        return switch (layout) {
            case GOLANG_MIGRATE ->
                "golang-migrate sends the file as one query: several statements share one "
                        + "implicit transaction, so CREATE INDEX CONCURRENTLY must be alone in its file.";
            case SQLX ->
                "sqlx runs the file in a transaction unless its first line is '-- no-transaction' "
                        + "(needed for CREATE INDEX CONCURRENTLY).";
            case DIESEL ->
                "diesel runs the file in a transaction unless metadata.toml next to it says "
                        + "run_in_transaction = false (needed for CREATE INDEX CONCURRENTLY).";
            case FLYWAY ->
                "Flyway runs the script in a transaction; a script of only CONCURRENTLY statements runs "
                        + "without one.";
            case DBMATE ->
                "dbmate runs each section in a transaction; add transaction:false to the up directive "
                        + "for CREATE INDEX CONCURRENTLY.";
            case POPX ->
                "popx runs the file in a transaction unless its name carries .autocommit "
                        + "({version}_{name}.autocommit.up.sql), which CREATE INDEX CONCURRENTLY needs, alone in its file.";
            case SQITCH ->
                "sqitch runs the script with psql and ON_ERROR_STOP=1, without a transaction of its own: keep "
                        + "transactional DDL between BEGIN and COMMIT, and CREATE INDEX CONCURRENTLY outside them.";
            case GOOSE ->
                "goose runs the statements in a transaction unless the file has a NO TRANSACTION annotation (needed "
                        + "for CREATE INDEX CONCURRENTLY); a statement ends at a line ending in ';', so put a function "
                        + "body between StatementBegin and StatementEnd annotations.";
            case NUMBERED, ROLLBACK_SUFFIX ->
                "Runs as written: keep transactional DDL between BEGIN and COMMIT, and "
                        + "CREATE INDEX CONCURRENTLY outside them.";
            case LIQUIBASE ->
                "Liquibase runs each changeset in a transaction, statement by statement; add "
                        + "runInTransaction:false to the --changeset line for CREATE INDEX CONCURRENTLY.";
            case PRISMA ->
                "prisma migrate deploy sends migration.sql as one query: several statements share one "
                        + "implicit transaction, so CREATE INDEX CONCURRENTLY must be alone in its migration.";
            case DRIZZLE ->
                "drizzle-orm's migrate() runs all pending migrations in one transaction, so CREATE INDEX "
                        + "CONCURRENTLY cannot run here; separate statements with --> statement-breakpoint.";
        };
    }
}
