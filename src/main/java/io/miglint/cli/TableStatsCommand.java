package io.miglint.cli;

import io.miglint.config.TableStatsFile;
import io.miglint.gate.TableSizeReader;
import io.miglint.gate.TargetDatabase;
import io.miglint.model.schema.TableStats;
import io.miglint.report.Escape;
import io.miglint.report.ReportFile;
import io.miglint.verify.DatabaseUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "table-stats",
        mixinStandardHelpOptions = true,
        versionProvider = ToolVersion.class,
        abbreviateSynopsis = true,
        description = {
            "Measure table sizes, so that check knows which are small.",
            "Writes estimated rows, bytes on disk and rows written as JSON for `check --table-stats` or "
                    + "`table-stats:` in .miglint.yaml: tables it shows small get no findings about the cost of a "
                    + "scan, an index build or a rewrite. Any role that can connect will do. See "
                    + "docs/table-stats.md. Exit 0 when written, 2 on a usage error, 4 when the database cannot "
                    + "be used."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  miglint table-stats --database-url postgres://readonly@db.internal/app -o .miglint/tables.json"})
public final class TableStatsCommand implements Callable<Integer> {
    /** A snapshot older than this gets a note when check uses it: tables grow. */
    static final Duration OLD = Duration.ofDays(30);

    @Spec
    CommandSpec spec;

    @Option(
            names = {"--database-url", "--db"},
            paramLabel = "URL",
            description = "postgres://user@host:port/db or "
                    + "jdbc:postgresql://… (default: $DATABASE_URL); what it leaves out comes from PGHOST, PGPORT, PGUSER, "
                    + "PGDATABASE, PGPASSWORD, PGSSLMODE and ~/.pgpass, as for libpq. The password never appears in any "
                    + "output.")
    String databaseUrl;

    @Option(
            names = {"-o", "--out", "--output"},
            paramLabel = "FILE",
            description = "Write the JSON to FILE " + "(default: stdout).")
    Path output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String url = databaseUrl != null ? databaseUrl : System.getenv("DATABASE_URL");
        if (url == null || url.isBlank()) {
            throw new UsageException("no database: pass --database-url postgres://… or set DATABASE_URL");
        }
        TargetDatabase target;
        try {
            target = TargetDatabase.parse(url);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (output != null) {
            try {
                ReportFile.checkNotALink(output);
            } catch (ReportFile.LinkRefused e) {
                throw new UsageException(e.getMessage());
            }
        }
        TableStats stats;
        try {
            stats = TableSizeReader.read(target);
        } catch (DatabaseUnavailableException e) {
            err.println("miglint: " + Escape.inline(e.getMessage()));
            return ExitCode.DATABASE_UNAVAILABLE;
        }
        try {
            if (output == null) {
                TableStatsFile.write(stats, spec.commandLine().getOut());
            } else {
                ReportFile.write(output, out -> TableStatsFile.write(stats, out));
                err.println("miglint: measured " + stats.tables().size() + " table"
                        + (stats.tables().size() == 1 ? "" : "s") + " of " + Escape.inline(target.toString()) + " into "
                        + Escape.inline(CheckPipeline.display(output)));
            }
        } catch (IOException e) {
            throw new UsageException("cannot write " + CheckPipeline.display(output) + ": " + e.getMessage());
        }
        return ExitCode.CLEAN;
    }

    /** One line on stderr when the stats a check uses are older than {@link #OLD}. */
    static void noteIfOld(TableStats stats, PrintWriter err) {
        if (stats.taken() == null) {
            return;
        }
        Duration age = Duration.between(stats.taken(), Instant.now());
        if (age.compareTo(OLD) > 0) {
            err.println("miglint: note: the table stats were taken " + age.toDays() + " days ago ("
                    + stats.taken() + "); tables may have grown since: run `miglint table-stats` again "
                    + "(docs/table-stats.md)");
        }
    }
}
