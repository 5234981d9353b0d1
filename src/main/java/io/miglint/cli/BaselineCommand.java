package io.miglint.cli;

import io.miglint.diagnostic.ToolError;
import io.miglint.engine.LintReport;
import io.miglint.report.Baseline;
import io.miglint.rule.Finding;
import io.miglint.rule.FindingSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "baseline",
        mixinStandardHelpOptions = true,
        versionProvider = ToolVersion.class,
        abbreviateSynopsis = true,
        description = {
            "Record today's findings, so that check reports only new ones.",
            "`check --baseline FILE` hides the recorded findings. Run it from the folder you run `check` from: "
                    + "entries name files relative to it."
        })
public final class BaselineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Default: the current folder.")
    List<Path> paths = new ArrayList<>();

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Default: .miglint-baseline.json.")
    Path output = Path.of(".miglint-baseline.json");

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Configuration file (default: the nearest .miglint.yaml above the first PATH).")
    Path config;

    @Option(names = "--layout", paramLabel = "LAYOUT", description = "Force a layout (as for check).")
    String layout;

    @Option(names = "--pg-version", paramLabel = "N", description = "Target PostgreSQL major version (default 15).")
    Integer pgVersion;

    @Option(names = "--enable", paramLabel = "ID", description = "Enable a rule. Repeatable.")
    List<String> enable = new ArrayList<>();

    @Option(names = "--disable", paramLabel = "ID", description = "Disable a rule. Repeatable.")
    List<String> disable = new ArrayList<>();

    @Option(names = "--deploy", paramLabel = "MODE", description = "online (default) or offline (as for check).")
    String deploy;

    @Option(names = "--live-since", paramLabel = "DATE|VERSION", description = "As for check.")
    String liveSince;

    @Option(names = "--table-stats", paramLabel = "FILE", description = "As for check.")
    Path tableStats;

    @Option(
            names = "--verify",
            description = "Also verify (as `check --verify`) and record the verifier's findings, "
                    + "for `check --verify --baseline`.")
    boolean runVerify;

    @picocli.CommandLine.Mixin
    VerifyMixin verify;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            io.miglint.report.ReportFile.checkNotALink(output);
        } catch (io.miglint.report.ReportFile.LinkRefused e) {
            throw new UsageException(e.getMessage());
        }
        List<Path> roots = paths.isEmpty() ? List.of(Path.of(".")) : paths;
        CheckPipeline.Outcome outcome = CheckPipeline.run(new CheckPipeline.Request(
                roots,
                config,
                layout,
                pgVersion,
                "never",
                enable,
                disable,
                p -> true,
                false,
                runVerify ? VerifyStage.onByDefault(verify) : List.of(),
                deploy,
                liveSince,
                tableStats));
        List<ToolError> errors = new ArrayList<>(outcome.allErrors());
        List<Finding> drafts = new ArrayList<>(outcome.result().drafts());
        Set<FindingSource> producers = EnumSet.of(FindingSource.LINT);
        if (runVerify) {
            VerifyStage.Result verified =
                    VerifyStage.run(outcome.discovery().sets(), verify, pgVersion, outcome.settings(), err);
            errors.addAll(verified.errors());
            drafts.addAll(verified.drafts());
            producers.add(FindingSource.VERIFY);
        }
        ReportWriter.echoErrors(errors, List.of(), err);
        LintReport report = new LintReport(
                ToolVersion.get(),
                outcome.stage().run(drafts),
                errors,
                outcome.settings().rules().descriptors(producers),
                List.of(),
                ExitCode.CLEAN,
                outcome.result().files());
        try {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Baseline.write(report, output);
        } catch (io.miglint.report.ReportFile.LinkRefused e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("cannot write " + output + ": " + e.getMessage());
        }
        err.println("miglint: recorded " + report.active().size() + " finding"
                + (report.active().size() == 1 ? "" : "s") + " in " + CheckPipeline.display(output));
        return ReportWriter.exitCode(List.of(), errors, null);
    }
}
