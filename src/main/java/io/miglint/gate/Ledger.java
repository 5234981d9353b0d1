package io.miglint.gate;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A tool's tracking table, read and written exactly as the tool does, so miglint can stand in for the tool or run
 * next to it. Writes happen on a connection in autocommit; "in the transaction" means the caller has opened one.
 */
public sealed interface Ledger
        permits GolangMigrateLedger,
                VersionRowLedger,
                SqlxLedger,
                FlywayLedger,
                FileNameLedger,
                PopxLedger,
                LiquibaseLedger,
                SqitchLedger,
                GooseLedger,
                PrismaLedger,
                DrizzleLedger {

    LayoutKind layout();

    /** The table as configured; its schema is null unless given. */
    TableName table();

    /** The table's default name for this layout. */
    static String defaultTable(LayoutKind layout) {
        return switch (layout) {
            case GOLANG_MIGRATE, DBMATE, ROLLBACK_SUFFIX -> "schema_migrations";
            case SQLX -> "_sqlx_migrations";
            case DIESEL -> "__diesel_schema_migrations";
            case FLYWAY -> "flyway_schema_history";
            case NUMBERED -> "migrations";
            case POPX -> "schema_migration";
            case LIQUIBASE -> "databasechangelog";
            case SQITCH -> SqitchLedger.DEFAULT.name();
            case GOOSE -> "goose_db_version";
            case PRISMA -> "_prisma_migrations";
            case DRIZZLE -> DrizzleLedger.DEFAULT.name();
        };
    }

    static Ledger of(LayoutKind layout, TableName configured) {
        TableName t = configured != null
                ? configured
                : layout == LayoutKind.DRIZZLE ? DrizzleLedger.DEFAULT : new TableName(null, defaultTable(layout));
        return switch (layout) {
            case GOLANG_MIGRATE -> new GolangMigrateLedger(t, null);
            case DBMATE -> new DbmateLedger(t);
            case SQLX -> new SqlxLedger(t);
            case DIESEL -> new DieselLedger(t);
            case FLYWAY -> new FlywayLedger(t);
            case NUMBERED -> new FileNameLedger(layout, t, false);
            case ROLLBACK_SUFFIX -> new FileNameLedger(layout, t, true);
            case POPX -> new PopxLedger(t);
            case LIQUIBASE -> new LiquibaseLedger(t);
            case SQITCH -> new SqitchLedger(configured != null ? configured : SqitchLedger.DEFAULT);
            case GOOSE -> new GooseLedger(t);
            case PRISMA -> new PrismaLedger(t);
            case DRIZZLE -> new DrizzleLedger(t);
        };
    }

    /** The same tool's table under another name (the replay's copy in a throwaway database). */
    Ledger withTable(TableName other);

    /**
     * Where the tool looks for its table when the name has no schema. golang-migrate and Flyway qualify it with
     * {@code current_schema()} of their connection (golang-migrate's WithConnection; Flyway's default schema when
     * none is configured), so a table of that name further down the search_path is not theirs; the other tools name
     * it unqualified and PostgreSQL's search_path finds it. When no schema of the search_path exists the name stays
     * unqualified.
     */
    default Ledger resolve(Connection c) throws SQLException {
        return this;
    }

    /** {@link #resolve}'s qualification by {@code current_schema()}, for the tools that do it. */
    static TableName inCurrentSchema(Connection c, TableName table) throws SQLException {
        if (table.schema() != null) {
            return table;
        }
        String schema = Catalog.currentSchema(c);
        return schema == null ? table : new TableName(schema, table.name());
    }

    /** What the tool stores to identify {@code m}. */
    String key(Migration m);

    /** The stored checksum of {@code m}'s up file, or null when the tool stores none. */
    default String checksum(Migration m, byte[] upFile) {
        return null;
    }

    /** The tool's DDL, statement by statement, with {@code if not exists} where the tool has it. */
    List<String> createStatements();

    default void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : createStatements()) {
                st.execute(sql);
            }
        }
    }

    /** The applied rows; the table exists. {@code local} is for tools that store only the latest version. */
    List<LedgerRow> read(Connection c, List<LocalMigration> local) throws SQLException;

    /** True when the tool marks every migration before running it (golang-migrate's dirty flag). */
    default boolean marksEveryMigration() {
        return false;
    }

    /** Records a successful up; inside the script's transaction when the tool runs it in one. */
    void recordUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException;

    /** After the commit: what the tool writes only then (sqlx's execution_time). */
    default void recordTiming(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {}

    /** Before an up that cannot be atomic: leaves a mark that survives a crash. */
    default void markUp(Connection c, LocalMigration m) throws SQLException {
        new InflightJournal(table()).mark(c, key(m.migration()), "up");
    }

    /** After such an up succeeded, in one transaction: replaces the mark by the record. */
    default void finishUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        recordUp(c, m, elapsedNanos);
        new InflightJournal(table()).clear(c, m.key());
    }

    /**
     * After a failed run that was marked before it ran: what the tool writes about the failure then (Prisma's logs).
     */
    default void recordFailure(Connection c, LocalMigration m, String logs) throws SQLException {}

    /**
     * Why the tool will never run this migration, which has no row, given the rows it has (drizzle-orm runs only
     * journal entries later than the greatest created_at); null when it will run it.
     */
    default String neverRuns(LocalMigration m, List<LedgerRow> rows) {
        return null;
    }

    /** The order of a stored key with no file here, among the folder's versions. */
    default io.miglint.layout.Version versionOf(String key) {
        return io.miglint.layout.Version.parse(key);
    }

    /** Records a successful down; {@code previous} is the migration that is then the latest applied (or null). */
    void recordDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException;

    default void markDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        new InflightJournal(table()).mark(c, m.key(), "down");
    }

    default void finishDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        recordDown(c, m, previous);
        new InflightJournal(table()).clear(c, m.key());
    }

    /**
     * Clears a failed state the way the tool's users do: golang-migrate {@code force V}, deleting sqlx's
     * success = false row, Flyway {@code repair} (deletes failed rows), or miglint's journal row.
     *
     * @return what was done, or null when there was nothing to clear
     */
    String force(Connection c, String version) throws SQLException;

    /**
     * How to recover from a failed or interrupted migration, for the failure line of apply and for status.
     *
     * @param down     the failed run was a down
     * @param version  the failed migration's key
     * @param previous the key of the applied migration before it, or null when there is none
     */
    default String recoveryHint(boolean down, String version, String previous) {
        return down
                ? "restore what its down removed, then `miglint force " + version + "`: " + version
                        + " stays recorded as applied"
                : "undo what it left in the schema, then `miglint force " + version + "`: the failed mark is cleared "
                        + "and " + version + " runs again on the next apply";
    }

    /**
     * The advisory lock key the tool takes; tools that take none get golang-migrate's derivation over the same
     * table, so two miglint deployers (and golang-migrate on a shared schema_migrations) still serialise.
     */
    default long lockKey(String database, String schema) {
        return AdvisoryLockKey.golangMigrate(database, schema, table().name());
    }

    /** How the lock key is derived, for --dry-run and the docs. */
    default String lockKeyOrigin() {
        return "no lock in " + layout().id() + "; golang-migrate's derivation over this table";
    }

    /**
     * Takes the tool's own lock where it keeps one in a table (Liquibase's DATABASECHANGELOGLOCK), after
     * {@link #create}, with no transaction open: null when taken (or the tool has none), else who holds it, in words.
     */
    default String claimToolLock(Connection c) throws SQLException {
        return null;
    }

    /** Gives back what {@link #claimToolLock} took. */
    default void releaseToolLock(Connection c) throws SQLException {}
}
