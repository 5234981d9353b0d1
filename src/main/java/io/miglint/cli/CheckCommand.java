package io.miglint.cli;

import io.miglint.diagnostic.ToolError;
import io.miglint.engine.FindingStage;
import io.miglint.engine.LintReport;
import io.miglint.engine.Timing;
import io.miglint.report.FormatTarget;
import io.miglint.rule.Finding;
import io.miglint.rule.FindingSource;
import io.miglint.rule.RuleDescriptor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = ToolVersion.class,
        abbreviateSynopsis = true,
        description = {
            "Lint migrations: locks, rewrites, deploy failures, conventions.",
            "Each PATH is a migrations folder, a migration file (linted with its whole folder as context), or a "
                    + "repository root searched for migration folders."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  miglint check db/migrations",
            "  miglint check . --changed-since origin/main",
            "  miglint check db/migrations --format text --format sarif=miglint.sarif"
        })
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Default: the current folder.")
    List<Path> paths = new ArrayList<>();

    @picocli.CommandLine.Mixin
    ReportOptions report = new ReportOptions();

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Configuration file (default: the nearest .miglint.yaml above the first PATH).")
    Path config;

    @Option(
            names = "--layout",
            paramLabel = "LAYOUT",
            description = "Force a layout: golang-migrate, dbmate, sqlx, diesel, flyway, "
                    + "numbered, rollback-suffix, liquibase.")
    String layout;

    @Option(names = "--pg-version", paramLabel = "N", description = "Target PostgreSQL major version (default 15).")
    Integer pgVersion;

    @Option(
            names = "--fail-on",
            paramLabel = "LEVEL",
            description = "Exit 1 when a finding is at or above: error (default), warning, info, never.")
    String failOn;

    @Option(names = "--enable", paramLabel = "ID", description = "Enable a rule (also opt-in rules). Repeatable.")
    List<String> enable = new ArrayList<>();

    @Option(names = "--disable", paramLabel = "ID", description = "Disable a rule. Repeatable.")
    List<String> disable = new ArrayList<>();

    @Option(
            names = "--deploy",
            paramLabel = "MODE",
            description = "How migrations are applied: online (default: the application serves traffic meanwhile) or "
                    + "offline (it is stopped; rules about locks and old code still running are off unless enabled).")
    String deploy;

    @Option(
            names = "--live-since",
            paramLabel = "DATE|VERSION",
            description = "When the database began to serve the "
                    + "application (2022-04-12, or a migration version): migrations before it get no findings about locks, "
                    + "old code or rows, since nobody used the database yet.")
    String liveSince;

    @Option(
            names = "--table-stats",
            paramLabel = "FILE",
            description = "Production table sizes written by `miglint "
                    + "table-stats`: tables they show small get no findings about the cost of a scan, an index build or a "
                    + "rewrite (default: table-stats: in .miglint.yaml; see docs/table-stats.md).")
    Path tableStats;

    @Option(
            names = "--stats",
            description = "Per folder: files, statements, parsed by JSqlParser, recognised, " + "unparsed.")
    boolean stats;

    @Option(
            names = "--changed-since",
            paramLabel = "REF",
            description = "Report only on files added or changed since the merge base of REF and HEAD, plus "
                    + "uncommitted and untracked ones (e.g. origin/main); every migration is still read as context.")
    String changedSince;

    @Option(
            names = "--baseline",
            paramLabel = "FILE",
            description = "Hide the findings recorded in FILE (see `miglint baseline`); entries that match nothing "
                    + "any more are reported as baseline-stale.")
    Path baseline;

    @Option(
            names = "--verify",
            description = "Also verify every migration on a throwaway PostgreSQL (see "
                    + "`miglint verify`); lint and verify findings in one report.")
    boolean runVerify;

    @picocli.CommandLine.Mixin
    VerifyMixin verify;

    @Option(
            names = "--skip-unrelated-files",
            description = "Quietly skip named .sql files outside any migrations folder (for hooks that pass every "
                    + "staged .sql file).")
    boolean skipUnrelatedFiles;

    @Override
    public Integer call() {
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Runs the check with the options set (by picocli, or by {@link CheckArgs} for the common forms). */
    int run(PrintWriter out, PrintWriter err) {
        List<FormatTarget> targets = report.targets();
        TextStyle style = report.style();
        List<Path> roots = paths.isEmpty() ? List.of(Path.of(".")) : paths;
        if (skipUnrelatedFiles) {
            roots = UnrelatedFileFilter.keepMigrations(roots);
            if (roots.isEmpty()) {
                return ExitCode.CLEAN;
            }
        }
        Predicate<Path> onlyFiles = ChangedSince.files(changedSince, roots.get(0));
        CheckPipeline.Request request = new CheckPipeline.Request(
                roots,
                config,
                layout,
                pgVersion,
                failOn,
                enable,
                disable,
                onlyFiles,
                stats,
                runVerify ? VerifyStage.onByDefault(verify) : List.of(),
                deploy,
                liveSince,
                tableStats);
        CheckPipeline.Outcome outcome = CheckPipeline.run(request);
        List<ToolError> errors = new ArrayList<>(outcome.allErrors());
        ReportWriter.echoErrors(errors, targets, err);
        List<Finding> drafts = new ArrayList<>(outcome.result().drafts());
        Set<FindingSource> producers = EnumSet.of(FindingSource.LINT);
        List<Timing> timings = List.of();
        if (runVerify) {
            VerifyStage.Result verified =
                    VerifyStage.run(outcome.discovery().sets(), verify, pgVersion, outcome.settings(), err);
            ReportWriter.echoErrors(verified.errors(), targets, err);
            errors.addAll(verified.errors());
            drafts.addAll(verified.drafts());
            producers.add(FindingSource.VERIFY);
            timings = verified.timings();
        }
        FindingStage stage = outcome.stage();
        if (baseline != null) {
            stage = stage.withBaseline(BaselineStage.load(
                    baseline,
                    outcome.settings().rules(),
                    outcome.discovery(),
                    outcome.request().paths(),
                    CheckPipeline.reportOn(outcome.request(), outcome.settings(), outcome.discovery()),
                    producers,
                    changedSince != null,
                    err));
            producers.add(FindingSource.BASELINE);
        }
        List<Finding> findings = stage.run(drafts);
        List<RuleDescriptor> rules = outcome.settings().rules().descriptors(producers);
        int exit = ReportWriter.exitCode(findings, errors, outcome.settings().failOn());
        LintReport report = new LintReport(
                ToolVersion.get(),
                findings,
                errors,
                rules,
                stats ? outcome.result().stats() : List.of(),
                exit,
                outcome.result().files(),
                timings);
        ReportWriter.write(report, targets, style, out, err);
        LayoutNotes.print(outcome.discovery().sets(), err);
        TableStatsCommand.noteIfOld(outcome.result().settings().tableStats(), err);
        if (stats) {
            StatsTable.print(outcome.result().stats(), err);
        }
        return exit;
    }
}
