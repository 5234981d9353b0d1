package io.miglint.testing;

import io.miglint.diagnostic.ToolError;
import io.miglint.engine.LintEngine;
import io.miglint.engine.RuleSelection;
import io.miglint.layout.Discovery;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationDiscovery;
import io.miglint.rule.Finding;
import io.miglint.rule.Rule;
import io.miglint.rule.RuleOptions;
import io.miglint.rules.registry.RuleRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a tiny migration project to a folder and lints it through the real discovery and engine: an optional setup
 * migration (so its tables count as existing), an optional up for a down example, and the example itself. Where
 * versions are dates, the setup is dated a year before the example, so that its tables are old ones, not tables a
 * migration of a few days earlier created (name the example with {@code file=} to place it closer; for Drizzle Kit,
 * whose file names are sequence numbers, give the journal's {@code when=} instead). Drizzle's setup is written at
 * 2023-01-01T00:00:00Z, the example on 2024-01-02 unless {@code when=} says otherwise.
 */
public final class LintFixture {

    /**
     * @param layout     a layout id (golang-migrate, dbmate, …, popx, liquibase, sqitch)
     * @param setup      SQL of an earlier migration (empty for none)
     * @param up         for a down example: the up of the same migration (may be empty)
     * @param example    the SQL under test
     * @param down       the example is the down script of its migration
     * @param fileName   overrides the example file (or diesel folder) name; null for the layout's default
     * @param noTransaction diesel: metadata.toml run_in_transaction = false; flyway: a .conf with
     *                   executeInTransaction=false
     * @param group      popx: other files of the example's group, around it
     * @param when       Drizzle Kit: the example's journal {@code when}, an ISO instant ({@code 2023-01-01T16:00:00Z});
     *                   null for the default, a year after the setup
     */
    public record Example(
            String layout,
            int pg,
            String setup,
            String up,
            String example,
            boolean down,
            String fileName,
            boolean noTransaction,
            Group group,
            String when) {
        public Example(
                String layout,
                int pg,
                String setup,
                String up,
                String example,
                boolean down,
                String fileName,
                boolean noTransaction) {
            this(layout, pg, setup, up, example, down, fileName, noTransaction, Group.NONE, null);
        }
    }

    /**
     * popx: the files numbered just before ({@code earlier…}) and just after ({@code later…}) the example, sharing its
     * timestamp: the group's ups run in file order, and a rollback runs its downs from the last file to the first
     * (the later file's down before the example's, the earlier file's after it). Null for a file not written.
     */
    public record Group(String earlierUp, String earlierDown, String laterUp, String laterDown) {
        public static final Group NONE = new Group(null, null, null, null);

        boolean isEmpty() {
            return earlierUp == null && earlierDown == null && laterUp == null && laterDown == null;
        }
    }

    /** Findings on the example file only, with that file's text as written. */
    public record Result(List<Finding> findings, List<ToolError> errors, Path exampleFile, String exampleText) {}

    private LintFixture() {}

    public static Result lint(Path dir, Example ex, Map<String, String> ruleSettings) {
        return lint(dir, ex, ruleSettings, RuleOptions.EMPTY);
    }

    public static Result lint(Path dir, Example ex, Map<String, String> ruleSettings, RuleOptions options) {
        try {
            Path file = write(dir, ex);
            Discovery d = MigrationDiscovery.discover(List.of(dir), Optional.of(LayoutKind.parse(ex.layout())));
            List<Rule> all = RuleRegistry.instances();
            RuleSelection sel = RuleSelection.select(all, ruleSettings, ex.pg());
            LintEngine engine = new LintEngine(new LintEngine.Settings(ex.pg(), sel, options, p -> true));
            LintEngine.Result r = engine.run(d.sets());
            Path real = file.toRealPath();
            List<Finding> mine = r.findings().stream()
                    .filter(f ->
                            f.location().file().toAbsolutePath().normalize().equals(real)
                                    || f.location().file().equals(file))
                    .toList();
            List<ToolError> errors = new ArrayList<>(d.problems());
            errors.addAll(r.errors());
            return new Result(mine, errors, file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the project; returns the example file. */
    public static Path write(Path dir, Example ex) throws IOException {
        Files.createDirectories(dir);
        LayoutKind layout = LayoutKind.parse(ex.layout());
        if (!ex.group().isEmpty() && layout != LayoutKind.POPX) {
            throw new IllegalArgumentException("files of a group around the example are popx's: " + layout.id());
        }
        boolean hasSetup = !ex.setup().isBlank();
        String exampleName = ex.fileName();
        Path exampleFile;
        switch (layout) {
            case GOLANG_MIGRATE -> {
                if (hasSetup) {
                    put(dir.resolve("1_setup_schema.up.sql"), ex.setup());
                    put(dir.resolve("1_setup_schema.down.sql"), "SELECT 1;\n");
                }
                String base = exampleName != null ? exampleName : "2_change_schema";
                if (ex.down()) {
                    put(dir.resolve(base + ".up.sql"), ex.up());
                    exampleFile = put(dir.resolve(base + ".down.sql"), ex.example());
                } else {
                    exampleFile = put(dir.resolve(base.endsWith(".sql") ? base : base + ".up.sql"), ex.example());
                }
            }
            case SQLX -> {
                if (hasSetup) {
                    put(dir.resolve("20230101000000_setup_schema.sql"), ex.setup());
                }
                String base = exampleName != null ? exampleName : "20240102000000_change_schema";
                if (ex.down()) {
                    put(dir.resolve(base + ".up.sql"), ex.up());
                    exampleFile = put(dir.resolve(base + ".down.sql"), ex.example());
                } else {
                    exampleFile = put(dir.resolve(base.endsWith(".sql") ? base : base + ".sql"), ex.example());
                }
            }
            case DBMATE -> {
                if (hasSetup) {
                    put(
                            dir.resolve("20230101000000_setup_schema.sql"),
                            "-- migrate:up\n" + ex.setup() + "\n-- migrate:down\n");
                }
                String name = exampleName != null ? exampleName : "20240102000000_change_schema.sql";
                String text = ex.example().contains("-- migrate:up")
                        ? ex.example()
                        : ex.down()
                                ? "-- migrate:up\n" + ex.up() + "\n-- migrate:down\n" + ex.example()
                                : "-- migrate:up\n" + ex.example() + "\n-- migrate:down\n";
                exampleFile = put(dir.resolve(name), text);
            }
            case GOOSE -> {
                if (hasSetup) {
                    // with a Down section, as the other layouts' setup migrations have a down
                    put(
                            dir.resolve("20230101000000_setup_schema.sql"),
                            "-- +goose Up\n" + ex.setup() + "\n-- +goose Down\nSELECT 1;\n");
                }
                String name = exampleName != null ? exampleName : "20240102000000_change_schema.sql";
                String noTx = ex.noTransaction() ? "-- +goose NO TRANSACTION\n" : "";
                String text = ex.example().contains("-- +goose Up")
                        ? ex.example()
                        : ex.down()
                                ? noTx + "-- +goose Up\n" + ex.up() + "\n-- +goose Down\n" + ex.example()
                                : noTx + "-- +goose Up\n" + ex.example();
                exampleFile = put(dir.resolve(name), text);
            }
            case DIESEL -> {
                if (hasSetup) {
                    put(dir.resolve("2023-01-01-000000_setup_schema/up.sql"), ex.setup());
                    put(dir.resolve("2023-01-01-000000_setup_schema/down.sql"), "SELECT 1;\n");
                }
                Path folder = dir.resolve(exampleName != null ? exampleName : "2024-01-02-000000_change_schema");
                if (ex.noTransaction()) {
                    put(folder.resolve("metadata.toml"), "run_in_transaction = false\n");
                }
                if (ex.down()) {
                    put(folder.resolve("up.sql"), ex.up());
                    exampleFile = put(folder.resolve("down.sql"), ex.example());
                } else {
                    exampleFile = put(folder.resolve("up.sql"), ex.example());
                    put(folder.resolve("down.sql"), "SELECT 1;\n");
                }
            }
            case FLYWAY -> {
                if (hasSetup) {
                    put(dir.resolve("V1__setup_schema.sql"), ex.setup());
                }
                String name = exampleName != null ? exampleName : "V2__change_schema.sql";
                exampleFile = put(dir.resolve(name), ex.example());
                if (ex.noTransaction()) {
                    put(dir.resolve(name + ".conf"), "executeInTransaction=false\n");
                }
            }
            case NUMBERED -> {
                if (hasSetup) {
                    put(dir.resolve("001_setup_schema.sql"), ex.setup());
                }
                exampleFile =
                        put(dir.resolve(exampleName != null ? exampleName : "002_change_schema.sql"), ex.example());
            }
            case ROLLBACK_SUFFIX -> {
                if (hasSetup) {
                    put(dir.resolve("20230101_000000_setup_schema.sql"), ex.setup());
                    put(dir.resolve("20230101_000000_setup_schema_rollback.sql"), "SELECT 1;\n");
                }
                String base = exampleName != null ? exampleName : "20240102_000000_change_schema";
                if (ex.down()) {
                    put(dir.resolve(base + ".sql"), ex.up());
                    exampleFile = put(dir.resolve(base + "_rollback.sql"), ex.example());
                } else {
                    exampleFile = put(dir.resolve(base.endsWith(".sql") ? base : base + ".sql"), ex.example());
                }
            }
            case POPX -> {
                if (hasSetup) {
                    put(dir.resolve("20230101000000000000_setup_schema.up.sql"), ex.setup());
                    put(dir.resolve("20230101000000000000_setup_schema.down.sql"), "");
                }
                Group g = ex.group();
                String name = exampleName != null
                        ? exampleName
                        : g.isEmpty() ? "20240102000000000000_change_schema" : "20240102000000000001_change_schema";
                if (!g.isEmpty()) {
                    putGroupFile(dir, name, -1, g.earlierUp(), g.earlierDown());
                    putGroupFile(dir, name, 1, g.laterUp(), g.laterDown());
                }
                // no-transaction: popx's .autocommit marker
                String base = name + (ex.noTransaction() ? ".autocommit" : "");
                if (ex.down()) {
                    put(dir.resolve(base + ".up.sql"), ex.up());
                    exampleFile = put(dir.resolve(base + ".down.sql"), ex.example());
                } else if (base.endsWith(".sql")) {
                    exampleFile = put(dir.resolve(base), ex.example());
                } else {
                    exampleFile = put(dir.resolve(base + ".up.sql"), ex.example());
                    put(dir.resolve(base + ".down.sql"), "");
                }
            }
            case LIQUIBASE -> {
                // read as includeAll reads a folder: the files in path order, each a changelog of its own
                if (hasSetup) {
                    put(dir.resolve("001_setup_schema.sql"), ex.setup());
                }
                String name = exampleName != null ? exampleName : "002_change_schema.sql";
                String text = ex.example().contains("--liquibase formatted sql")
                        ? ex.example()
                        : "--liquibase formatted sql\n--changeset miglint:change-schema\n" + ex.example()
                                + "\n--rollback SELECT 1;\n";
                exampleFile = put(dir.resolve(name), text);
            }
            case SQITCH -> {
                // the example change has a revert script only when the example is it (a down example)
                String change = exampleName != null ? exampleName : "change_schema";
                StringBuilder plan = new StringBuilder("%syntax-version=1.0.0\n%project=example\n\n");
                if (hasSetup) {
                    plan.append("setup_schema 2023-01-01T00:00:00Z Ann <ann@example.com> # setup\n");
                    put(dir.resolve("deploy/setup_schema.sql"), ex.setup());
                    put(dir.resolve("revert/setup_schema.sql"), "SELECT 1;\n");
                }
                plan.append(change).append(" 2024-01-02T00:00:00Z Ann <ann@example.com> # the example\n");
                put(dir.resolve("sqitch.plan"), plan.toString());
                if (ex.down()) {
                    put(dir.resolve("deploy/" + change + ".sql"), ex.up());
                    exampleFile = put(dir.resolve("revert/" + change + ".sql"), ex.example());
                } else {
                    exampleFile = put(dir.resolve("deploy/" + change + ".sql"), ex.example());
                }
            }
            case PRISMA -> {
                put(dir.resolve("migration_lock.toml"), "provider = \"postgresql\"\n");
                if (hasSetup) {
                    put(dir.resolve("20230101000000_setup_schema/migration.sql"), ex.setup());
                }
                String folder = exampleName != null ? exampleName : "20240102000000_change_schema";
                exampleFile = put(dir.resolve(folder).resolve("migration.sql"), ex.example());
            }
            case DRIZZLE -> {
                StringBuilder journal = new StringBuilder(
                        "{\n  \"version\": \"7\",\n  \"dialect\": \"postgresql\",\n" + "  \"entries\": [");
                if (hasSetup) {
                    put(dir.resolve("0000_setup_schema.sql"), ex.setup());
                    journal.append("\n    {\"idx\": 0, \"version\": \"7\", \"when\": "
                            + java.time.Instant.parse("2023-01-01T00:00:00Z").toEpochMilli()
                            + ", \"tag\": \"0000_setup_schema\", \"breakpoints\": true},");
                }
                String tag = exampleName != null ? exampleName.replaceFirst("\\.sql$", "") : "0001_change_schema";
                long when = java.time.Instant.parse(ex.when() != null ? ex.when() : "2024-01-02T00:00:00Z")
                        .toEpochMilli();
                journal.append("\n    {\"idx\": 1, \"version\": \"7\", \"when\": ")
                        .append(when)
                        .append(", \"tag\": \"")
                        .append(tag)
                        .append("\", \"breakpoints\": true}\n  ]\n}\n");
                put(dir.resolve("meta/_journal.json"), journal.toString());
                exampleFile = put(dir.resolve(tag + ".sql"), ex.example());
            }
            default -> throw new IllegalArgumentException(layout.id());
        }
        return exampleFile;
    }

    /** The file {@code offset} places after the example's (20-digit version, same name), when it has a script. */
    private static void putGroupFile(Path dir, String example, int offset, String up, String down) throws IOException {
        if (up == null && down == null) {
            return;
        }
        java.math.BigInteger v =
                new java.math.BigInteger(example.substring(0, 20)).add(java.math.BigInteger.valueOf(offset));
        String base = String.format("%020d", v) + example.substring(20).replaceFirst("\\.(up|down)\\.sql$", "");
        put(dir.resolve(base + ".up.sql"), up == null ? "" : up);
        put(dir.resolve(base + ".down.sql"), down == null ? "" : down);
    }

    private static Path put(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}
