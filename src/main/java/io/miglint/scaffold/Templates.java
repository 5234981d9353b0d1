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

    private static boolean asWritten(LayoutKind layout) {
        return layout == LayoutKind.NUMBERED || layout == LayoutKind.ROLLBACK_SUFFIX;
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
            case NUMBERED, ROLLBACK_SUFFIX ->
                "Runs as written: keep transactional DDL between BEGIN and COMMIT, and "
                        + "CREATE INDEX CONCURRENTLY outside them.";
            case PRISMA ->
                "prisma migrate deploy sends migration.sql as one query: several statements share one "
                        + "implicit transaction, so CREATE INDEX CONCURRENTLY must be alone in its migration.";
            case DRIZZLE ->
                "drizzle-orm's migrate() runs all pending migrations in one transaction, so CREATE INDEX "
                        + "CONCURRENTLY cannot run here; separate statements with --> statement-breakpoint.";
        };
    }
}
