package io.miglint.cli;

import io.miglint.engine.LintReport;
import io.miglint.engine.ToolError;
import io.miglint.report.FormatTarget;
import io.miglint.rule.Finding;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = "Lint migrations: each PATH is a migrations folder, a migration file (linted with its whole "
                + "folder as context), or a repository root searched for migration folders.")
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Default: the current folder.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT[=FILE]",
            description = "text, json, sarif, github or markdown; repeat with =FILE to write several "
                    + "(e.g. --format text --format sarif=miglint.sarif). Default: text.")
    List<String> formats = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the (single) report to FILE.")
    Path output;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: the nearest .miglint.yaml above the first PATH).")
    Path config;

    @Option(names = "--layout", description = "Force a layout: golang-migrate, dbmate, sqlx, diesel, flyway, "
            + "numbered, rollback-suffix.")
    String layout;

    @Option(names = "--pg-version", paramLabel = "N", description = "Target PostgreSQL major version (default 15).")
    Integer pgVersion;

    @Option(names = "--fail-on", paramLabel = "LEVEL",
            description = "Exit 1 when a finding is at or above: error (default), warning, info, never.")
    String failOn;

    @Option(names = "--enable", paramLabel = "ID", description = "Enable a rule (also opt-in rules). Repeatable.")
    List<String> enable = new ArrayList<>();

    @Option(names = "--disable", paramLabel = "ID", description = "Disable a rule. Repeatable.")
    List<String> disable = new ArrayList<>();

    @Option(names = "--stats", description = "Per folder: files, statements, parsed by JSqlParser, recognised, "
            + "unparsed.")
    boolean stats;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<FormatTarget> targets = ReportWriter.targets(formats, output);
        List<Path> roots = paths.isEmpty() ? List.of(Path.of(".")) : paths;
        CheckPipeline.Outcome outcome = CheckPipeline.run(new CheckPipeline.Request(roots, config, layout, pgVersion,
                failOn, enable, disable, p -> true));
        List<ToolError> errors = outcome.allErrors();
        for (ToolError e : errors) {
            err.println("miglint: " + e.render());
        }
        List<Finding> findings = outcome.result().findings();
        int exit = ReportWriter.exitCode(findings, errors, outcome.settings().failOn());
        LintReport report = new LintReport(ToolVersion.get(), findings, errors,
                outcome.settings().rules().descriptors(), stats ? outcome.result().stats() : List.of(), exit,
                outcome.result().files());
        ReportWriter.write(report, targets, out, err);
        if (stats) {
            StatsTable.print(outcome.result().stats(), err);
        }
        return exit;
    }
}
