package io.miglint.verify;

import io.miglint.layout.LayoutKind;
import java.util.Optional;

/**
 * The table each tool creates before it runs the first migration. Some migrations touch it (Harbor adds a column to
 * golang-migrate's schema_migrations), so the verifier creates it the same way; snapshots leave it out
 * ({@link VerifyOptions#ignoredTables()}). The same DDL as the release gate's ledgers (TrackingTableTest holds them
 * equal; the gate depends on this package, not the other way round).
 */
final class TrackingTable {
    private TrackingTable() {}

    static Optional<String> ddl(LayoutKind layout) {
        return Optional.ofNullable(
                switch (layout) {
                    // https://github.com/golang-migrate/migrate/blob/master/database/postgres/postgres.go
                    // (ensureVersionTable)
                    case GOLANG_MIGRATE ->
                        "create table if not exists schema_migrations "
                                + "(version bigint not null primary key, dirty boolean not null)";
                    // https://github.com/amacneil/dbmate/blob/main/pkg/driver/postgres/postgres.go
                    // (CreateMigrationsTable)
                    case DBMATE -> "create table if not exists schema_migrations (version varchar primary key)";
                    // https://github.com/launchbadge/sqlx/blob/main/sqlx-postgres/src/migrate.rs
                    // (ensure_migrations_table)
                    case SQLX ->
                        "create table if not exists _sqlx_migrations (version bigint primary key, "
                                + "description text not null, installed_on timestamptz not null default now(), "
                                + "success boolean not null, checksum bytea not null, execution_time bigint not null)";
                    // https://github.com/diesel-rs/diesel/blob/master/diesel_migrations/src/migration_harness.rs
                    case DIESEL ->
                        "create table if not exists __diesel_schema_migrations (version varchar(50) primary key "
                                + "not null, run_on timestamp not null default current_timestamp)";
                    // createMetaDataTable.sql of Flyway's PostgreSQL support: primary key <table>_pk, index
                    // <table>_s_idx
                    case FLYWAY ->
                        "create table if not exists flyway_schema_history (installed_rank integer not null, "
                                + "version varchar(50), description varchar(200) not null, type varchar(20) not null, "
                                + "script varchar(1000) not null, checksum integer, installed_by varchar(100) not null, "
                                + "installed_on timestamp not null default now(), execution_time integer not null, "
                                + "success boolean not null, constraint flyway_schema_history_pk primary key (installed_rank)); "
                                + "create index if not exists flyway_schema_history_s_idx on flyway_schema_history (success)";
                    // https://github.com/ory/x/blob/master/popx/migrator.go (createTransactionalMigrationTable)
                    case POPX ->
                        "create table if not exists schema_migration "
                                + "(version varchar (48) not null, version_self int not null default 0); "
                                + "create unique index if not exists schema_migration_version_idx "
                                + "on schema_migration (version); "
                                + "create index if not exists schema_migration_version_self_idx "
                                + "on schema_migration (version_self)";
                    // CreateDatabaseChangeLogTableGenerator / CreateDatabaseChangeLogLockTableGenerator (Liquibase
                    // 4.33)
                    case LIQUIBASE ->
                        "create table if not exists databasechangelog (id varchar(255) not null, author varchar(255) "
                                + "not null, filename varchar(255) not null, dateexecuted timestamp without time zone "
                                + "not null, orderexecuted integer not null, exectype varchar(10) not null, md5sum "
                                + "varchar(35), description varchar(255), comments varchar(255), tag varchar(255), "
                                + "liquibase varchar(20), contexts varchar(255), labels varchar(255), deployment_id "
                                + "varchar(10)); create table if not exists databasechangeloglock (id integer not null, "
                                + "locked boolean not null, lockgranted timestamp without time zone, lockedby "
                                + "varchar(255), constraint databasechangeloglock_pkey primary key (id))";
                    // https://github.com/pressly/goose/blob/v3.27.3/internal/dialects/postgres.go (CreateTable), with
                    // the version-0 row provider_run.go inserts with it
                    case GOOSE ->
                        "create table if not exists goose_db_version (id integer primary key generated by default as "
                                + "identity, version_id bigint not null, is_applied boolean not null, tstamp timestamp "
                                + "not null default now()); insert into goose_db_version (version_id, is_applied) "
                                + "select 0, true where not exists (select 1 from goose_db_version)";
                    // psql-style layouts keep their bookkeeping in scripts of their own, not in the migrations run here
                    case NUMBERED, ROLLBACK_SUFFIX -> null;
                    // sqitch keeps its registry in a schema of its own (sqitch), which no change script touches
                    case SQITCH -> null;
                    // prisma-engines sql-schema-connector flavour/postgres.rs (create_migrations_table)
                    case PRISMA ->
                        "create table if not exists _prisma_migrations (id varchar(36) primary key not null, "
                                + "checksum varchar(64) not null, finished_at timestamptz, migration_name varchar(255) "
                                + "not null, logs text, rolled_back_at timestamptz, started_at timestamptz not null "
                                + "default now(), applied_steps_count integer not null default 0)";
                    // drizzle-orm pg-core/dialect.ts (migrate)
                    case DRIZZLE ->
                        "create schema if not exists \"drizzle\"; create table if not exists "
                                + "\"drizzle\".\"__drizzle_migrations\" (id serial primary key, hash text not null, "
                                + "created_at bigint)";
                });
    }
}
