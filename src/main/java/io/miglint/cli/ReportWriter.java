package io.miglint.cli;

import io.miglint.diagnostic.ToolError;
import io.miglint.engine.LintReport;
import io.miglint.report.Escape;
import io.miglint.report.FormatTarget;
import io.miglint.report.MarkdownReporter;
import io.miglint.report.ReportFile;
import io.miglint.report.ReportFormat;
import io.miglint.report.Reporter;
import io.miglint.rule.Finding;
import io.miglint.rule.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Writes one report in every requested format and decides the exit code. */
final class ReportWriter {
    private ReportWriter() {}

    static List<FormatTarget> targets(List<String> formats, Path output) {
        try {
            List<FormatTarget> targets = FormatTarget.parseAll(formats);
            if (output != null) {
                if (targets.size() != 1 || !targets.get(0).toStdout()) {
                    throw new UsageException("--output goes with a single --format without '=FILE'");
                }
                targets = List.of(new FormatTarget(targets.get(0).format(), output));
            }
            for (FormatTarget t : targets) {
                if (!t.toStdout()) {
                    ReportFile.checkNotALink(t.file());
                }
            }
            return targets;
        } catch (ReportFile.LinkRefused e) {
            throw new UsageException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * The exit code of the most serious tool error ({@link ToolError.Kind#exitCode()}: 3 when miglint itself failed,
     * 4 when the database was unavailable, 5 when some input could not be read), else 1 for findings at or above
     * failOn, else 0. A null failOn ("never") never fails on findings.
     */
    static int exitCode(List<Finding> findings, List<ToolError> errors, Severity failOn) {
        int tool = ToolError.exitCode(errors);
        if (tool != ExitCode.CLEAN) {
            return tool;
        }
        if (failOn != null
                && findings.stream()
                        .anyMatch(f -> !f.suppressed() && f.severity().atLeast(failOn))) {
            return ExitCode.FINDINGS;
        }
        return ExitCode.CLEAN;
    }

    /**
     * The errors of the gate's work after the lint (its replay, the verifier), without the read errors of a folder
     * where the lint could not read a file: the lint reports each such file once, at its position; that a later step
     * could not read that folder's migrations either says nothing new (one cause, one error), and the gate's verdict
     * says it could not finish its checks.
     */
    static List<ToolError> withoutRereads(List<ToolError> later, List<ToolError> lint) {
        java.util.Set<String> unreadableFolders = new java.util.HashSet<>();
        for (ToolError e : lint) {
            if ((e.kind() == ToolError.Kind.UNREADABLE_FILE || e.kind() == ToolError.Kind.IO) && e.file() != null) {
                unreadableFolders.add(folderOf(e.file()));
            }
        }
        return later.stream()
                .filter(e -> !(e.kind() == ToolError.Kind.IO
                        && e.file() != null
                        && (unreadableFolders.contains(folderOf(e.file())) || unreadableFolders.contains(e.file()))))
                .toList();
    }

    /** The folder part of a display path ("db/migrations" for "db/migrations/1_a.up.sql"). */
    private static String folderOf(String displayPath) {
        int slash = displayPath.lastIndexOf('/');
        return slash < 0 ? "" : displayPath.substring(0, slash);
    }

    /**
     * Whether a text report goes to stdout on a terminal: it lists the tool errors itself, so printing each on stderr
     * too would show it twice on the same screen. Redirected, or in another format, stderr is where a reader sees
     * them.
     */
    static boolean errorsShownOnTerminal(List<FormatTarget> targets) {
        return targets.stream().anyMatch(t -> t.toStdout() && t.format().forPeople()) && TextStyle.stdoutIsTerminal();
    }

    /**
     * Prints each tool error on stderr, unless {@link #errorsShownOnTerminal} the report shows them already; with
     * {@code MIGLINT_DEBUG} set, the stack trace of each error that has one (a crashed rule) follows.
     */
    static void echoErrors(List<ToolError> errors, List<FormatTarget> targets, PrintWriter err) {
        echoErrors(errors, targets, err, Main.debug());
    }

    static void echoErrors(List<ToolError> errors, List<FormatTarget> targets, PrintWriter err, boolean debug) {
        boolean shown = errorsShownOnTerminal(targets);
        for (ToolError e : errors) {
            if (!shown) {
                err.println("miglint: " + Escape.inline(e.render()));
            }
            if (debug && e.cause() != null) {
                e.cause().printStackTrace(err);
            }
        }
    }

    /**
     * The markdown report is capped (a step summary has a size limit) and names the run's other reports, which have
     * every finding, when it leaves some out.
     */
    private static Reporter reporter(FormatTarget t, List<FormatTarget> targets, boolean color, boolean verbose) {
        if (t.format() == ReportFormat.MARKDOWN) {
            return new MarkdownReporter(
                    MarkdownReporter.MAX_BYTES,
                    targets.stream()
                            .filter(other -> other.format() != ReportFormat.MARKDOWN)
                            .toList());
        }
        return t.format().reporter(color, verbose);
    }

    static void write(
            LintReport report, List<FormatTarget> targets, TextStyle style, PrintWriter out, PrintWriter err) {
        for (FormatTarget t : targets) {
            try {
                if (t.toStdout()) {
                    boolean color = t.format().forPeople() && style.colored();
                    reporter(t, targets, color, style.verbose()).write(report, out);
                    out.flush();
                } else {
                    ReportFile.write(
                            t.file(),
                            w -> reporter(t, targets, false, style.verbose()).write(report, w));
                }
            } catch (ReportFile.LinkRefused e) {
                throw new UsageException(e.getMessage());
            } catch (IOException e) {
                throw new UsageException(
                        "cannot write " + (t.file() == null ? "stdout" : t.file()) + ": " + e.getMessage());
            }
        }
    }
}
