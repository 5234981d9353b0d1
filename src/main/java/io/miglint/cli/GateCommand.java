package io.miglint.cli;

import io.miglint.diagnostic.ToolError;
import io.miglint.engine.LintReport;
import io.miglint.engine.RuleSelection;
import io.miglint.gate.GateOutcome;
import io.miglint.gate.LocalMigration;
import io.miglint.gate.ReleaseGate;
import io.miglint.report.FormatTarget;
import io.miglint.rule.Finding;
import io.miglint.rule.FindingSource;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.Severity;
import io.miglint.verify.DatabaseUnavailableException;
import io.miglint.verify.EngineKind;
import io.miglint.verify.VerifyOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "gate",
        mixinStandardHelpOptions = true,
        versionProvider = ToolVersion.class,
        abbreviateSynopsis = true,
        description = {
            "The release check: may the pending migrations go? (read-only)",
            "Status problems (dirty, edited, missing locally, out of order), lint of the pending migrations, "
                    + "schema drift (the applied migrations replayed in a throwaway database against the "
                    + "target's catalog) and up → down → up of the pending migrations with lock tracing. One "
                    + "report; exit 0 when the release may go."
        },
        footerHeading = "%nExample:%n",
        footer = "  miglint gate db/migrations --format text --format markdown=gate.md")
public final class GateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    GateSettings settings;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() throws IOException {
        List<FormatTarget> targets = report.targets();
        TextStyle style = report.style();
        DatabaseOptions.Resolved r = database.resolve();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Result result = settings.run(r, err);
            ReportWriter.write(
                    result.report(), targets, style, spec.commandLine().getOut(), err);
            // each tool error once where a reader sees it: in the text report on this terminal, else on stderr
            ReportWriter.echoErrors(result.report().errors(), targets, err);
            err.println(verdict(result.report()) + "; " + result.versions());
            err.flush();
            return result.report().exitCode();
        } catch (DatabaseUnavailableException e) {
            err.println("miglint: " + e.getMessage());
            return ExitCode.of(e);
        }
    }

    /**
     * The gate's last line on stderr, whatever the report formats on stdout: whether the release may go, and why not
     * in counts (a deployer reading a CI log looks at the end).
     */
    static String verdict(LintReport report) {
        String counts = report.count(io.miglint.rule.Severity.ERROR) + " errors, "
                + report.count(io.miglint.rule.Severity.WARNING) + " warnings, "
                + report.count(io.miglint.rule.Severity.INFO) + " infos"
                + (report.errors().isEmpty() ? "" : ", " + report.errors().size() + " tool errors");
        return switch (report.exitCode()) {
            case ExitCode.CLEAN -> "miglint gate: PASS, the pending migrations may go (" + counts + ")";
            case ExitCode.FINDINGS -> "miglint gate: FAIL, findings at or above --fail-on (" + counts + ")";
            default ->
                "miglint gate: FAIL, the gate could not finish its checks (" + counts + "; exit " + report.exitCode()
                        + ")";
        };
    }

    /**
     * @param versions the versions the checks ran for, in words for the verdict: the target's, the replay's and the
     *                 one the lint rules assumed, with where that one came from
     */
    record Result(LintReport report, String versions) {}

    /** "PostgreSQL 15.20": the major and minor of a server_version_num (100000 and later). */
    static String version(int serverVersionNum) {
        return "PostgreSQL " + serverVersionNum / 10000 + "." + serverVersionNum % 10000;
    }

    /** The gate's options, shared with {@code apply} (which runs the gate first). */
    static final class GateSettings {
        @Option(
                names = "--engine",
                paramLabel = "ENGINE",
                description = "Throwaway PostgreSQL for the replay and verification, on the target's major version: "
                        + "embedded (default; other majors than 17, and every major for miglint-lint.jar, are fetched "
                        + "from Maven Central once), docker (postgres:<major>; miglint.jar only) or url.")
        String engine = "embedded";

        @Option(
                names = "--engine-url",
                paramLabel = "URL",
                description = "For --engine url: a server where "
                        + "throwaway databases may be created and dropped (never the target database itself).")
        String engineUrl;

        @Option(
                names = "--pg-version",
                paramLabel = "N",
                description = "PostgreSQL major version for the lint "
                        + "rules (default: pg-version in .miglint.yaml, else the target's major); the replay always runs on "
                        + "the target's.")
        Integer pgVersion;

        @Option(
                names = "--changed-since",
                paramLabel = "REF",
                description = "Lint and verify findings only on the "
                        + "pending migrations added or changed since the merge base of REF and HEAD (plus uncommitted ones), "
                        + "as for check and verify; status problems and drift still cover the whole folder.")
        String changedSince;

        @Option(
                names = "--fail-on",
                paramLabel = "LEVEL",
                description = "Fail on findings at or above: error " + "(default), warning, info, never.")
        String failOn;

        @Option(
                names = "--downs-since",
                paramLabel = "VERSION",
                description = "Verify the downs of pending "
                        + "migrations only from this version on (also verify.downs-since): older ones are applied up only, "
                        + "as on a fresh database whose whole history is pending.")
        String downsSince;

        @Option(
                names = "--baseline",
                paramLabel = "FILE",
                description = "Hide the findings recorded in FILE " + "(`miglint baseline --verify`), as check does.")
        Path baseline;

        Result run(DatabaseOptions.Resolved r, PrintWriter err) throws DatabaseUnavailableException, IOException {
            // Before the database work: a ref git does not know is a usage error, found in a second.
            Predicate<Path> changed = ChangedSince.files(changedSince, r.set().folder());
            // The folder's .miglint.yaml: its verify.downs-since applies to the pending migrations' verification.
            CheckPipeline.Resolved configured = CheckPipeline.resolve(new CheckPipeline.Request(
                    List.of(r.set().folder()),
                    null,
                    r.set().layout().id(),
                    pgVersion,
                    failOn,
                    List.of(),
                    List.of(),
                    p -> true));
            VerifyOptions options;
            try {
                EngineKind kind = EngineKind.parse(engine);
                options = VerifyOptions.defaults().withEngine(kind);
                if (kind == EngineKind.URL) {
                    if (engineUrl == null) {
                        throw new UsageException(
                                "--engine url needs --engine-url postgres://… (a server for " + "throwaway databases)");
                    }
                    options = new VerifyOptions(kind, engineUrl, null, false, options.ignoredTables());
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            options = options.withDownsSince(VerifyStage.downsSince(downsSince, configured.config()));
            GateOutcome outcome;
            try {
                outcome = ReleaseGate.run(r.target(), r.set(), r.ledger(), options);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            Set<Path> pending = new HashSet<>();
            for (LocalMigration m : outcome.status().pending()) {
                pending.add(m.migration().up().file());
                if (m.migration().down() != null) {
                    pending.add(m.migration().down().file());
                }
            }
            // What the lint and the verifier report on: the pending migrations, those changed since REF with it.
            Predicate<Path> linted = p -> pending.contains(p) && changed.test(p);
            LintVersion lintVersion =
                    LintVersion.of(pgVersion, configured.config().pgVersion(), outcome.targetMajor());
            // The gate always traces the locks of the pending migrations: their ids are on unless configured off.
            CheckPipeline.Request request = new CheckPipeline.Request(
                    List.of(r.set().folder()),
                    null,
                    r.set().layout().id(),
                    lintVersion.major(),
                    failOn,
                    List.of(),
                    List.of(),
                    linted::test,
                    false,
                    io.miglint.verify.VerifyRule.TRACE_LOCK_IDS);
            CheckPipeline.Outcome lint = CheckPipeline.run(request);
            List<Finding> drafts = new ArrayList<>(outcome.findings());
            drafts.addAll(lint.result().drafts());
            // Lint and verify report on what they were asked about; what the gate found (status, drift) stands
            // wherever it is.
            RuleSelection selection = lint.settings().rules();
            io.miglint.engine.FindingStage stage = lint.stage().scopedTo(f -> {
                FindingSource source = selection
                        .catalog()
                        .find(f.ruleId())
                        .map(e -> e.source())
                        .orElse(FindingSource.GATE);
                return switch (source) {
                    case LINT -> linted.test(f.location().file());
                    case VERIFY ->
                        isFolder(f.location().file(), r)
                                || changed.test(f.location().file());
                    default -> true;
                };
            });
            Set<FindingSource> producers = EnumSet.of(FindingSource.LINT, FindingSource.GATE, FindingSource.VERIFY);
            if (baseline != null) {
                // Stale only for the files looked at: the others were not.
                stage = stage.withBaseline(BaselineStage.load(
                        baseline,
                        selection,
                        lint.discovery(),
                        List.of(r.set().folder()),
                        linted::test,
                        EnumSet.copyOf(producers),
                        true,
                        err));
                producers.add(FindingSource.BASELINE);
            }
            List<Finding> findings = stage.run(drafts);
            List<ToolError> errors = new ArrayList<>(lint.allErrors());
            errors.addAll(ReportWriter.withoutRereads(outcome.errors(), lint.allErrors()));
            List<RuleDescriptor> rules = selection.descriptors(producers);
            Severity failOnLevel = lint.settings().failOn();
            int exit = ReportWriter.exitCode(findings, errors, failOnLevel);
            String versions = "target " + version(outcome.targetVersion()) + ", replayed on "
                    + version(outcome.replayVersion()) + ", lint rules for PostgreSQL "
                    + lint.settings().pgVersion()
                    + " (" + lintVersion.source() + ")";
            return new Result(
                    new LintReport(
                            ToolVersion.get(),
                            List.copyOf(findings),
                            errors,
                            rules,
                            List.of(),
                            exit,
                            outcome.status().local().size()),
                    versions);
        }

        /** A finding about the whole folder (the verifier's time limit), or about no file, concerns every part. */
        private static boolean isFolder(Path file, DatabaseOptions.Resolved r) {
            return file == null || file.equals(r.set().folder());
        }
    }

    /**
     * The PostgreSQL major the gate's lint rules assume, and where it came from: {@code --pg-version}, else
     * {@code pg-version:} in .miglint.yaml, else the target's own major (within the versions the rules know).
     */
    record LintVersion(Integer major, String source) {
        static LintVersion of(Integer flag, Integer configured, int targetMajor) {
            if (flag != null) {
                return new LintVersion(flag, "--pg-version");
            }
            if (configured != null) {
                return new LintVersion(null, "pg-version in .miglint.yaml");
            }
            int major = Math.max(CheckPipeline.MIN_PG_VERSION, Math.min(CheckPipeline.MAX_PG_VERSION, targetMajor));
            return new LintVersion(
                    major,
                    major == targetMajor
                            ? "the target's"
                            : "the nearest the rules know to the target's " + targetMajor);
        }
    }
}
