package io.miglint.cli;

import io.miglint.gate.Applier;
import io.miglint.gate.ApplyOptions;
import io.miglint.gate.ApplyResult;
import io.miglint.gate.LocalMigration;
import io.miglint.gate.UrlConventions;
import io.miglint.report.ReportFormat;
import io.miglint.verify.DatabaseUnavailableException;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        versionProvider = ToolVersion.class,
        abbreviateSynopsis = true,
        description = {
            "Apply the pending migrations to the target, as their tool would.",
            "In order, each recorded in the tool's tracking table; only after `miglint gate` passes unless "
                    + "--skip-gate. Prints its plan first. Takes the tool's advisory lock, so two deployers run "
                    + "one after the other."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  miglint apply db/migrations --database-url \"$DATABASE_URL\" --dry-run",
            "  miglint apply db/migrations --yes --lock-timeout 3s --lock-retries 3",
            "  miglint apply db/migrations --down 1"
        })
public final class ApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    GateCommand.GateSettings gate;

    @Option(names = "--to", paramLabel = "VERSION", description = "Apply up to and including VERSION.")
    String to;

    @Option(
            names = "--down",
            paramLabel = "N",
            description = "Roll back the last N applied migrations with "
                    + "their downs instead (the gate is not run); --down 0 rolls back nothing.")
    Integer down;

    @Option(names = "--dry-run", description = "Print the plan and the SQL; change nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Do not ask for confirmation (required when stdin is not a terminal).")
    boolean yes;

    @Option(names = "--skip-gate", description = "Apply without running the gate first.")
    boolean skipGate;

    @Option(
            names = "--lock-timeout",
            paramLabel = "DURATION",
            description = "lock_timeout for each migration "
                    + "unless it sets its own (default 5s; 0 = none). Units: ms, s, min.")
    String lockTimeout = "5s";

    @Option(
            names = "--statement-timeout",
            paramLabel = "DURATION",
            description = "statement_timeout for each "
                    + "migration unless it sets its own (default: the URL's x-statement-timeout for golang-migrate, else 0 = "
                    + "none).")
    String statementTimeout;

    @Option(
            names = "--lock-wait",
            paramLabel = "DURATION",
            description = "How long to wait for another deployer's "
                    + "migration lock before giving up with exit 4 (default 10min). Waiting holds no transaction, so the "
                    + "other deployer's CREATE INDEX CONCURRENTLY does not wait for this one.")
    String lockWait = "10min";

    @Option(
            names = "--lock-retries",
            paramLabel = "N",
            description = "Run a migration again, up to N times, when "
                    + "it fails on a lock timeout (SQLSTATE 55P03) and its failed run left nothing behind (it ran in one "
                    + "transaction); a migration that ran outside a transaction is not run again, and the output says why "
                    + "(default 0).")
    int lockRetries;

    @Option(
            names = "--lock-retry-delay",
            paramLabel = "DURATION",
            description =
                    "The wait before the first retry, " + "doubled before each next one, at most 1min (default 2s).")
    String lockRetryDelay = "2s";

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (down != null && down < 0) {
            throw new UsageException("--down needs a count (0 or more)");
        }
        if (down != null && to != null) {
            throw new UsageException("--down and --to do not go together");
        }
        if (lockRetries < 0) {
            throw new UsageException("--lock-retries needs a count (0 or more)");
        }
        Duration retryDelay = duration(lockRetryDelay, "--lock-retry-delay");
        if (retryDelay.isNegative()) {
            throw new UsageException("--lock-retry-delay '" + lockRetryDelay + "' is negative");
        }
        DatabaseOptions.Resolved r = database.resolve();
        if (r.set().layout() == io.miglint.layout.LayoutKind.SQITCH) {
            throw new UsageException(io.miglint.gate.SqitchLedger.refusal());
        }
        if (down != null && down == 0) {
            // an explicit zero is a count, not "no --down": nothing is rolled back and nothing applied
            out.println(
                    "Nothing to roll back: --down 0 names no migration; nothing was changed on " + r.target() + ".");
            return ExitCode.CLEAN;
        }
        int rollBack = down == null ? 0 : down;
        if (to != null && Applier.unknownVersion(r.set(), to) != null) {
            throw new UsageException(Applier.unknownVersion(r.set(), to) + "; nothing was applied");
        }
        Duration fromUrl = UrlConventions.statementTimeout(r.target().url());
        ApplyOptions options = new ApplyOptions(
                to,
                rollBack,
                dryRun,
                duration(lockTimeout, "--lock-timeout"),
                statementTimeout != null
                        ? duration(statementTimeout, "--statement-timeout")
                        : fromUrl != null ? fromUrl : Duration.ZERO,
                duration(lockWait, "--lock-wait"),
                lockRetries,
                retryDelay);
        Applier applier = new Applier(r.target(), r.set(), r.ledger(), err);
        try {
            List<LocalMigration> plan = applier.plan(options);
            if (dryRun) {
                applier.printDryRun(plan, options, out);
                return ExitCode.CLEAN;
            }
            if (plan.isEmpty()) {
                out.println("Nothing to " + (rollBack > 0 ? "roll back" : "apply") + " on " + r.target() + ".");
                return ExitCode.CLEAN;
            }
            // what will run, and how, before the confirmation and before the gate: a deployer sees it either way
            applier.printPlan(plan, options, out);
            if (!yes) {
                Console console = System.console();
                if (console == null || !Terminal.interactive()) {
                    err.println("miglint: apply changes " + r.target() + "; pass --yes when stdin is not a terminal");
                    return ExitCode.USAGE;
                }
                String answer = console.readLine(
                        "%s %d migration(s) on %s? [y/N] ",
                        rollBack > 0 ? "Roll back" : "Apply", plan.size(), r.target());
                if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
                    err.println("miglint: nothing done");
                    return ExitCode.FINDINGS;
                }
            }
            if (!skipGate && rollBack == 0) {
                GateCommand.Result g = gate.run(r, err);
                if (g.report().exitCode() != ExitCode.CLEAN) {
                    ReportFormat.TEXT.reporter(false).write(g.report(), err);
                    err.println("miglint: the gate failed; nothing was applied (--skip-gate to apply anyway)");
                    err.flush();
                    return g.report().exitCode();
                }
            }
            ApplyResult result = applier.run(options);
            if (!result.ok()) {
                err.println("miglint: " + result.failure());
                return ExitCode.FINDINGS;
            }
            out.println(
                    (rollBack > 0 ? "Rolled back " : "Applied ") + result.done().size() + " migration(s)"
                            + (result.done().isEmpty() ? "" : ": " + String.join(", ", result.done())) + ".");
            return ExitCode.CLEAN;
        } catch (DatabaseUnavailableException e) {
            err.println("miglint: " + e.getMessage());
            return ExitCode.of(e);
        } catch (java.nio.charset.CharacterCodingException e) {
            // a migration that is not text: one line with its place, as check says it, not a crash
            io.miglint.diagnostic.ToolError unreadable = unreadable(r.set());
            if (unreadable == null) {
                throw e;
            }
            err.println("miglint: " + io.miglint.report.Escape.inline(unreadable.render()));
            return unreadable.kind().exitCode();
        }
    }

    /** The first migration script of {@code set} that cannot be decoded, as the lint reports it; null when none. */
    private static io.miglint.diagnostic.ToolError unreadable(io.miglint.layout.MigrationSet set) {
        io.miglint.engine.SourceLoader loader = new io.miglint.engine.SourceLoader();
        for (io.miglint.layout.Migration m : set.migrations()) {
            for (io.miglint.layout.MigrationScript script : java.util.Arrays.asList(m.up(), m.down())) {
                if (script != null) {
                    io.miglint.engine.SourceLoader.Loaded loaded = loader.load(script.file(), script.displayPath());
                    if (!loaded.ok()) {
                        return loaded.error();
                    }
                }
            }
        }
        return null;
    }

    static Duration duration(String text, String option) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(
                        Long.parseLong(t.substring(0, t.length() - 2).strip()));
            }
            if (t.endsWith("min")) {
                return Duration.ofMinutes(
                        Long.parseLong(t.substring(0, t.length() - 3).strip()));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(
                        Long.parseLong(t.substring(0, t.length() - 1).strip()));
            }
            return Duration.ofMillis(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + text + "' is not a duration such as 5s, 500ms or 2min");
        }
    }
}
