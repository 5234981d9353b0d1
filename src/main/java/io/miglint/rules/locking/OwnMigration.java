package io.miglint.rules.locking;

import io.miglint.layout.LayoutKind;
import java.util.Optional;

/**
 * How to make one statement run outside a transaction block with each tool, for help texts of statements that
 * PostgreSQL refuses inside one (CONCURRENTLY forms).
 */
public final class OwnMigration {
    /** Both tools' ways, for a file of one statement, and how to say which tool it is. */
    private static final String BOTH_WAYS = "sqlx runs a file so marked outside a transaction; golang-migrate reads "
            + "the line as a comment and runs a file of one statement outside one anyway; `--layout` or `layout:` in "
            + ".miglint.yaml names the tool";

    private OwnMigration() {}

    /** For an up (or any script of a tool, when which one is not known): a migration of its own. */
    public static String howToRunOutsideTransaction(LayoutKind layout) {
        return switch (layout) {
            case GOLANG_MIGRATE ->
                "a golang-migrate file holding only that statement (a multi-statement file runs "
                        + "as one implicit transaction)";
            case DBMATE ->
                "a dbmate migration whose section starts `-- migrate:up transaction:false` and holds only "
                        + "that statement";
            case SQLX ->
                "a sqlx migration file whose first line is `-- no-transaction` and that holds only that " + "statement";
            case DIESEL ->
                "a diesel migration whose metadata.toml has `run_in_transaction = false` and whose up.sql "
                        + "holds only that statement";
            case FLYWAY ->
                "a Flyway migration file holding only statements that cannot run in a transaction "
                        + "(Flyway then runs it without one), or a script configuration file next to it (`V…__name.sql"
                        + ".conf`) with `executeInTransaction=false`; on PostgreSQL, Flyway 9.1.2 and later hold their "
                        + "migration lock in a transaction that a CONCURRENTLY statement waits on for ever, so set "
                        + "`flyway.postgresql.transactional.lock=false` (checked with Flyway 11)";
            case POPX ->
                "a popx migration file marked `.autocommit` (`{version}_{name}.autocommit.up.sql`) holding only "
                        + "that statement (popx runs every other file in a transaction, and sends a file as one query, "
                        + "which PostgreSQL runs as one implicit transaction)";
            case LIQUIBASE ->
                "a Liquibase changeset of its own holding only that statement, with `runInTransaction:false` on its "
                        + "`--changeset` line";
            case SQITCH ->
                "a part of the deploy script outside its BEGIN/COMMIT (sqitch runs the script with psql and "
                        + "opens no transaction of its own), or a change of its own (`sqitch add`) whose deploy script "
                        + "has no BEGIN";
            case GOOSE ->
                "a goose migration file with the line `-- +goose NO TRANSACTION` (goose then runs all of the file's "
                        + "statements, up and down, without a transaction) that holds only that statement";
            case PRISMA ->
                "a Prisma migration of its own holding only that statement (`prisma migrate dev --create-only "
                        + "--name <name>` creates its folder; `prisma migrate deploy` sends migration.sql as one query, "
                        + "which runs outside a transaction only when it holds a single statement)";
            case DRIZZLE ->
                "a piece of its own after a `COMMIT;--> statement-breakpoint` line (drizzle-orm runs every pending "
                        + "migration in one transaction and has no other way out of it: the COMMIT ends it, and each "
                        + "piece after it runs on its own, outside any), written with IF NOT EXISTS so that the whole "
                        + "file can run again after a failure (a session lock_timeout cancels a CONCURRENTLY build "
                        + "while it waits for older transactions: set it to 0 for the build, and drop the INVALID "
                        + "index a failed build leaves, which IF NOT EXISTS would skip)";
            default ->
                "a part of the script outside any BEGIN/COMMIT (after the COMMIT, or in a script of its "
                        + "own without BEGIN)";
        };
    }

    /**
     * The same for the script at hand. A down cannot be split into another migration: its way out, when it has one,
     * is the down itself run without a transaction (see {@link #inDown}); callers that need a different sentence when
     * there is none ask {@link #inDown} first.
     */
    public static String howToRunOutsideTransaction(io.miglint.rule.ScriptView script) {
        return outsideTransaction(script, true);
    }

    /**
     * The same for a statement the script does not have (an index the help adds): in a popx file without a dialect
     * infix, nothing of the file moves, so the file keeps its content and needs no twin.
     */
    public static String howToRunNewStatementOutsideTransaction(io.miglint.rule.ScriptView script) {
        return outsideTransaction(script, false);
    }

    private static String outsideTransaction(io.miglint.rule.ScriptView script, boolean moves) {
        if (script.isDown()) {
            return inDown(script).orElse(noWayInDown(script));
        }
        if (script.layout() == LayoutKind.POPX) {
            return popx(script, moves);
        }
        return golangMigrateOrSqlx(script)
                ? "a migration file holding only that statement and starting with the "
                        + "line `-- no-transaction`, which works whichever of the two tools that read these file names runs "
                        + "the folder (" + BOTH_WAYS + ")"
                : howToRunOutsideTransaction(script.layout());
    }

    /** Why a popx file of one statement is marked {@code .autocommit}. */
    private static final String POPX_AUTOCOMMIT = "popx runs every other file in a transaction, and sends a file as "
            + "one query, which PostgreSQL runs as one implicit transaction";

    /**
     * The popx file of its own for one statement. The help's SQL (CONCURRENTLY, …) is PostgreSQL's, so that file is
     * PostgreSQL's alone ({@code .postgres.}) where the script's is or runs on every database. A file without a
     * dialect infix runs on every database, and its {@code .postgres.} twin replaces the whole of it on PostgreSQL: the
     * twin holds the statement only when the file holds nothing else; otherwise the statement goes in a new migration
     * of its own, and the twin, a copy of the file without it, keeps the file's other statements running on
     * PostgreSQL.
     */
    private static String popx(io.miglint.rule.ScriptView script, boolean moves) {
        String file = script.script().file().getFileName().toString();
        Optional<String> twin = io.miglint.layout.LayoutDetector.popxPostgresTwin(file, true);
        if (twin.isEmpty()) {
            boolean postgres = io.miglint.layout.LayoutDetector.popxDialect(file)
                    .filter("postgres"::equals)
                    .isPresent();
            return "a popx migration file marked `.autocommit` (`{version}_{name}"
                    + (postgres ? ".postgres" : "") + ".autocommit.up.sql`) holding only that statement ("
                    + POPX_AUTOCOMMIT + ")";
        }
        if (moves && statementsOf(script) == 1) {
            return "this file's PostgreSQL twin, `" + twin.get() + "`, holding only that statement (this file has no "
                    + "dialect infix, so popx runs it on every database the project migrates: keep it as it is for "
                    + "the others; on PostgreSQL popx runs the twin instead, outside a transaction as the twin is "
                    + "marked `.autocommit`)";
        }
        return "a new popx migration, a version of its own, for PostgreSQL alone and marked `.autocommit` "
                + "(`{version}_{name}.postgres.autocommit.up.sql`), holding only that statement (" + POPX_AUTOCOMMIT
                + (moves
                        ? "; and this file has no dialect infix, so popx runs it on every database the project "
                                + "migrates: keep it as it is for the others, and give it a twin for PostgreSQL, `"
                                + io.miglint.layout.LayoutDetector.popxPostgresTwin(file)
                                        .orElseThrow()
                                + "`, a copy of it without that statement, which popx runs there instead of this "
                                + "whole file"
                        : "")
                + ")";
    }

    /**
     * Where the statement that attaches an index built CONCURRENTLY (ADD CONSTRAINT … USING INDEX, which may run in a
     * transaction) goes, as the words before it: a tool that sends a migration as one query string (golang-migrate,
     * dbmate, sqlx, diesel) runs several statements as one implicit transaction, where CONCURRENTLY fails, and Flyway
     * refuses to mix the two kinds in one script, so it goes in the next migration; a psql-style script runs it after
     * the build.
     */
    public static String thenAfterBuild(io.miglint.rule.ScriptView script) {
        if (script.layout() == LayoutKind.POPX && popxForEveryDialect(script)) {
            return "then, in another new migration after that one, for PostgreSQL alone too, ";
        }
        return !script.execution().singleQuery()
                        && script.layout() != LayoutKind.FLYWAY
                        && script.layout() != LayoutKind.DRIZZLE
                ? "then, after it, "
                : "then, in the next migration, ";
    }

    /**
     * Whether the script's folder was read as golang-migrate or sqlx from names both tools use, with nothing to tell
     * them apart ({@link io.miglint.layout.MigrationSet#alsoFits()}): a help must then work with either tool.
     */
    /**
     * Whether the script is a popx file without a dialect infix, which popx runs on every database the project
     * migrates: a migration the help adds for SQL only PostgreSQL accepts is PostgreSQL's alone.
     */
    static boolean popxForEveryDialect(io.miglint.rule.ScriptView script) {
        return io.miglint.layout.LayoutDetector.popxPostgresTwin(
                        script.script().file().getFileName().toString())
                .isPresent();
    }

    static boolean golangMigrateOrSqlx(io.miglint.rule.ScriptView script) {
        LayoutKind other = script.layoutAlsoFits().orElse(null);
        return other != null
                && java.util.EnumSet.of(script.layout(), other)
                        .equals(java.util.EnumSet.of(LayoutKind.GOLANG_MIGRATE, LayoutKind.SQLX));
    }

    /**
     * For a down: where one of its statements can run outside a transaction, or empty when none can. A tool that
     * sends the whole down as one query (golang-migrate, dbmate, sqlx, diesel) runs several statements as one
     * implicit transaction even when told not to open one
     * (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT), so only a down of a
     * single statement has a way out; scripts whose statements go one by one have one anywhere outside BEGIN/COMMIT.
     */
    public static Optional<String> inDown(io.miglint.rule.ScriptView script) {
        if (script.layout() == LayoutKind.GOOSE) {
            return Optional.of(
                    "this file, with the line `-- +goose NO TRANSACTION` (goose then runs its up and its down without "
                            + "a transaction)");
        }
        if (!script.execution().singleQuery()) {
            return Optional.of(
                    script.layout() == LayoutKind.FLYWAY
                            ? "this script, with `executeInTransaction=false` in a `.conf` file next to it"
                            : script.layout() == LayoutKind.LIQUIBASE
                                    ? "this rollback, with `runInTransaction:false` on the changeset's `--changeset` "
                                            + "line (the changeset then runs without a transaction too)"
                                    : "this script, outside any BEGIN/COMMIT (after its COMMIT)");
        }
        if (statementsOf(script) > 1) {
            return Optional.empty();
        }
        if (golangMigrateOrSqlx(script)) {
            return Optional.of("this down file, starting with the line `-- no-transaction`, which works whichever of "
                    + "the two tools that read these file names runs the folder (" + BOTH_WAYS + ")");
        }
        return Optional.of(
                switch (script.layout()) {
                    case GOLANG_MIGRATE ->
                        "this down file as it is (golang-migrate runs a file of one statement outside a "
                                + "transaction)";
                    case DBMATE -> "this down section, marked `-- migrate:down transaction:false`";
                    case SQLX -> "this down file, with `-- no-transaction` as its first line";
                    case DIESEL ->
                        "this down.sql, with `run_in_transaction = false` in the migration's metadata.toml (which "
                                + "applies to its up.sql too)";
                    case POPX ->
                        io.miglint.layout.LayoutDetector.popxPostgresTwin(
                                        script.script().file().getFileName().toString(), true)
                                .map(twin -> "this down's PostgreSQL twin, `" + twin + "`, holding that statement "
                                        + "(this file has no dialect infix, so popx runs it on every database the "
                                        + "project migrates: keep it as it is for the others; on PostgreSQL popx runs "
                                        + "the twin instead, outside a transaction as the twin is marked "
                                        + "`.autocommit`)")
                                .orElse("this down file, renamed with popx's `.autocommit` marker "
                                        + "(`{version}_{name}"
                                        + (io.miglint.layout.LayoutDetector.popxDialect(script.script()
                                                                .file()
                                                                .getFileName()
                                                                .toString())
                                                        .filter("postgres"::equals)
                                                        .isPresent()
                                                ? ".postgres"
                                                : "")
                                        + ".autocommit.down.sql`: popx then runs it outside a transaction, and the "
                                        + "version it records stays the same)");
                    default -> "this script, outside any BEGIN/COMMIT";
                });
    }

    /**
     * Whether every statement of this down runs in one transaction whatever is written in it (the tool wraps the down,
     * or sends it as one query): a route with a commit between its steps (build CONCURRENTLY, validate in a later
     * transaction, backfill in batches) does not fit in it, and the help must say what the rollback can do instead.
     */
    public static boolean downInOneTransaction(io.miglint.rule.ScriptView script) {
        return script.isDown() && script.execution().multiStatementIsTransactional();
    }

    /** Why no statement of this down can run outside a transaction, for helps: the tool and what it does. */
    public static String noWayInDown(io.miglint.rule.ScriptView script) {
        String tool = golangMigrateOrSqlx(script)
                ? "golang-migrate sends this down file as one query, which "
                        + "PostgreSQL runs as one transaction, and sqlx runs it as one transaction (with `-- no-transaction` "
                        + "it still sends its statements as one query): the folder's file names fit both tools"
                : switch (script.layout()) {
                    case GOLANG_MIGRATE ->
                        "golang-migrate sends this down file as one query, which PostgreSQL runs as one "
                                + "transaction";
                    case DBMATE ->
                        "dbmate runs this down section as one transaction (with `transaction:false` it still sends "
                                + "its statements as one query, which PostgreSQL runs as one transaction)";
                    case SQLX ->
                        "sqlx runs this down file as one transaction (with `-- no-transaction` it still sends its "
                                + "statements as one query, which PostgreSQL runs as one transaction)";
                    case DIESEL ->
                        "diesel runs this down.sql as one transaction (with `run_in_transaction = false` it still "
                                + "sends its statements as one query, which PostgreSQL runs as one transaction)";
                    case POPX ->
                        "popx runs this down file as one transaction (marked `.autocommit` it still sends its "
                                + "statements as one query, which PostgreSQL runs as one transaction)";
                    default -> script.execution().reason();
                };
        return tool + ", and a rollback cannot be split into several migrations: no statement of this down runs "
                + "outside a transaction";
    }

    /** Top-level SQL statements of the script (a SET counts: it makes the query a multi-statement one too). */
    private static long statementsOf(io.miglint.rule.ScriptView script) {
        return script.statements().stream()
                .filter(s -> s.isSql() && !s.isNested())
                .count();
    }
}
