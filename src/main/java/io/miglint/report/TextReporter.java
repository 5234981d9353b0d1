package io.miglint.report;

import io.miglint.diagnostic.ToolError;
import io.miglint.engine.LintReport;
import io.miglint.rule.Finding;
import io.miglint.rule.Location;
import io.miglint.rule.Severity;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Compiler-style lines a terminal and an editor's problem matcher both understand:
 * <pre>
 * db/1_init.up.sql:3:1: error [concurrent-index] blocks writes to orders while the index builds
 *     use CREATE INDEX CONCURRENTLY in a migration of its own
 * </pre>
 * Suppressed findings are left out; the summary line counts them.
 */
public final class TextReporter implements Reporter {

    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";
    private static final String RED = "\u001b[1;31m";
    private static final String YELLOW = "\u001b[1;33m";
    private static final String CYAN = "\u001b[1;36m";
    private static final String INDENT = "    ";

    private final boolean color;

    public TextReporter(boolean color) {
        this.color = color;
    }

    /** Findings rendered per batch: the batch is rendered on every core, then written in report order. */
    private static final int BATCH = 4096;

    @Override
    public void write(LintReport report, Writer out) throws IOException {
        List<Finding> active = report.active();
        for (int from = 0; from < active.size(); from += BATCH) {
            List<Finding> batch = active.subList(from, Math.min(active.size(), from + BATCH));
            // A long history has tens of thousands of findings: rendering them is a visible share of a run.
            List<String> rendered = (batch.size() >= 256 ? batch.parallelStream() : batch.stream())
                    .map(this::render).toList();
            for (String text : rendered) {
                out.write(text);
            }
        }
        for (ToolError e : report.errors()) {
            String position = e.file() == null ? "miglint"
                    : e.line() > 0 ? visible(e.file()) + ":" + e.line() + ":" + Math.max(1, e.column())
                    : visible(e.file());
            out.write(paint(BOLD, position + ":") + " " + paint(RED, "error:") + " " + visible(e.kind().label()) + ": "
                    + visible(e.message().strip()) + "\n");
        }
        out.write(paint(BOLD, Summary.of(report).line()) + "\n");
    }

    private String render(Finding f) {
        Location at = f.location();
        StringBuilder sb = new StringBuilder(256);
        paint(sb, BOLD).append(visible(at.displayPath())).append(':').append(at.line()).append(':')
                .append(at.column()).append(':');
        reset(sb).append(' ');
        paint(sb, severityColor(f.severity())).append(f.severity().label());
        reset(sb).append(' ');
        paint(sb, DIM).append('[').append(visible(f.ruleId())).append(']');
        reset(sb).append(' ').append(visible(f.message().strip())).append('\n');
        if (f.help() != null && !f.help().isBlank()) {
            sb.append(INDENT).append(Escape.lines(f.help(), "\n" + INDENT)).append('\n');
        }
        return sb.toString();
    }

    private StringBuilder paint(StringBuilder sb, String ansi) {
        return color ? sb.append(ansi) : sb;
    }

    private StringBuilder reset(StringBuilder sb) {
        return color ? sb.append(RESET) : sb;
    }

    private String severityColor(Severity severity) {
        return switch (severity) {
            case ERROR -> RED;
            case WARNING -> YELLOW;
            case INFO -> CYAN;
        };
    }

    private String paint(String ansi, String text) {
        return color ? ansi + text + RESET : text;
    }

    /** Every value on one line, escaped by {@link Escape#inline}: a line break in data is shown as {@code \\n}. */
    private static String visible(String text) {
        return Escape.inline(text);
    }
}
