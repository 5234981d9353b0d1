package io.miglint.cli;

import io.miglint.gate.Ledger;
import io.miglint.gate.TableName;
import io.miglint.gate.TargetDatabase;
import io.miglint.gate.UrlConventions;
import io.miglint.layout.Discovery;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationDiscovery;
import io.miglint.layout.MigrationSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The target database and the one migrations folder that status, gate, apply and force work on. */
final class DatabaseOptions {
    @Parameters(
            arity = "0..1",
            paramLabel = "PATH",
            description = "The migrations folder (or a project with one). " + "Default: the current folder.")
    Path path;

    @Option(
            names = "--database-url",
            paramLabel = "URL",
            description = "postgres://user:pw@host:port/db or "
                    + "jdbc:postgresql://… (default: $DATABASE_URL); what it leaves out comes from PGHOST, PGPORT, PGUSER, "
                    + "PGDATABASE, PGPASSWORD, PGSSLMODE and ~/.pgpass, as for libpq. golang-migrate's x-migrations-table and "
                    + "the search_path name the tracking table. The password never appears in any output.")
    String databaseUrl;

    @Option(
            names = "--migrations-table",
            paramLabel = "[SCHEMA.]NAME",
            description = "The tool's tracking table, if not its default.")
    String migrationsTable;

    @Option(
            names = "--layout",
            paramLabel = "LAYOUT",
            description = "Force a layout: golang-migrate, dbmate, sqlx, diesel, flyway, "
                    + "numbered, rollback-suffix, liquibase.")
    String layout;

    /** What the options name, checked. */
    record Resolved(TargetDatabase target, MigrationSet set, Ledger ledger) {}

    Resolved resolve() {
        String url = databaseUrl != null ? databaseUrl : System.getenv("DATABASE_URL");
        if (url == null || url.isBlank()) {
            throw new UsageException("no database: pass --database-url postgres://… or set DATABASE_URL");
        }
        TargetDatabase target;
        Optional<LayoutKind> forced;
        TableName table;
        try {
            target = TargetDatabase.parse(url);
            forced = layout == null ? Optional.empty() : Optional.of(LayoutKind.parse(layout));
            table = migrationsTable == null ? null : TableName.parse(migrationsTable);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path root = path == null ? Path.of(".") : path;
        Discovery d = MigrationDiscovery.discover(List.of(root), forced);
        List<MigrationSet> sets = new ArrayList<>(d.sets());
        if (sets.isEmpty()) {
            String why =
                    d.problems().isEmpty() ? "" : ": " + d.problems().get(0).render();
            throw new UsageException("no migrations folder found under " + root + why);
        }
        if (sets.size() > 1) {
            throw new UsageException("several migration folders under " + root + " ("
                    + String.join(
                            ", ", sets.stream().map(MigrationSet::displayFolder).toList())
                    + "); name the one this database uses");
        }
        MigrationSet set = sets.get(0);
        if (table == null && set.layout() == io.miglint.layout.LayoutKind.SQITCH) {
            // the registry the project's sqitch.conf names (engine.pg.registry, or its target's)
            try {
                String registry =
                        io.miglint.layout.SqitchConf.read(set.folder()).registry();
                if (!registry.equals(io.miglint.gate.SqitchLedger.DEFAULT.schema())) {
                    table = new io.miglint.gate.TableName(registry, io.miglint.gate.SqitchLedger.DEFAULT.name());
                }
            } catch (java.io.IOException e) {
                throw new UsageException("cannot read " + set.folder().resolve("sqitch.conf") + ": " + e.getMessage());
            }
        }
        try {
            return new Resolved(target, set, UrlConventions.ledger(set.layout(), table, target.url()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
