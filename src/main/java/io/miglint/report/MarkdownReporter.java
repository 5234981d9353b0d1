package io.miglint.report;

import io.miglint.diagnostic.ToolError;
import io.miglint.engine.LintReport;
import io.miglint.rule.Finding;
import io.miglint.rule.MigrationRef;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.Severity;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report for a pull-request comment or {@code $GITHUB_STEP_SUMMARY}: counts, then one table per migration. Past
 * {@value #SHOWN} findings the rest is folded into {@code <details>}, since GitHub truncates long comments (65,536
 * characters) and a wall of rows hides the first, most useful ones.
 */
public final class MarkdownReporter implements Reporter {

    static final int SHOWN = 50;

    @Override
    public void write(LintReport report, Writer out) throws IOException {
        Summary summary = Summary.of(report);
        List<Finding> active = report.active();
        if (active.isEmpty() && report.errors().isEmpty()) {
            out.write("✅ miglint: no findings in " + summary.filesPhrase() + summary.extras() + "\n");
            return;
        }
        Map<String, String> helpUris = new LinkedHashMap<>();
        report.rules().forEach(r -> helpUris.putIfAbsent(r.id(), r.helpUri()));

        out.write("## miglint: " + summary.counts() + "\n\n");
        out.write("| Severity | Count |\n|---|---:|\n");
        out.write("| " + badge(Severity.ERROR) + " | " + summary.errors() + " |\n");
        out.write("| " + badge(Severity.WARNING) + " | " + summary.warnings() + " |\n");
        out.write("| " + badge(Severity.INFO) + " | " + summary.infos() + " |\n\n");
        out.write("Checked " + summary.filesPhrase() + summary.extras() + ".\n");

        int written = 0;
        String openGroup = null;
        for (Map.Entry<String, List<Finding>> group : groupByMigration(active).entrySet()) {
            for (Finding f : group.getValue()) {
                if (written == SHOWN) {
                    out.write("\n<details>\n<summary>" + Summary.plural(active.size() - SHOWN, "more finding",
                            "more findings") + "</summary>\n");
                    openGroup = null;
                }
                if (!group.getKey().equals(openGroup)) {
                    out.write("\n### " + escape(group.getKey()) + "\n\n");
                    out.write("| Severity | Location | Rule | Message |\n|---|---|---|---|\n");
                    openGroup = group.getKey();
                }
                out.write(row(f, helpUris));
                written++;
            }
        }
        if (written > SHOWN) {
            out.write("\n</details>\n");
        }

        if (!report.errors().isEmpty()) {
            out.write("\n### Tool errors\n\n");
            for (ToolError e : report.errors()) {
                out.write("- " + escape(e.render()) + "\n");
            }
        }
    }

    /** Folder and {@code version_name} of the migration, or the file for findings outside any migration. */
    private static Map<String, List<Finding>> groupByMigration(List<Finding> findings) {
        Map<String, List<Finding>> groups = new LinkedHashMap<>();
        for (Finding f : findings) {
            groups.computeIfAbsent(groupName(f), k -> new ArrayList<>()).add(f);
        }
        return groups;
    }

    private static String groupName(Finding f) {
        String path = f.location().displayPath();
        int slash = path.lastIndexOf('/');
        String folder = slash < 0 ? "." : path.substring(0, slash);
        MigrationRef m = f.migration();
        if (m == null || (m.version() == null && m.name() == null)) {
            return path;
        }
        String migration = m.version() == null ? m.name() : m.name() == null ? m.version() : m.version() + "_" + m.name();
        return folder + " · " + migration;
    }

    private static String row(Finding f, Map<String, String> helpUris) {
        String uri = helpUris.getOrDefault(f.ruleId(), RuleDescriptor.DOCS_BASE + f.ruleId() + ".md");
        String message = escape(f.message());
        if (f.help() != null && !f.help().isBlank()) {
            message += "<br>" + Escape.lines(f.help(), "\n").lines().map(Escape::markdown)
                    .collect(java.util.stream.Collectors.joining("<br>"));
        }
        // A path in a code span is never markup: no autolink (a file named www.example.com.sql), no @mention.
        return "| " + badge(f.severity()) + " | " + Escape.markdownCode(f.location().displayPath() + ":"
                + f.location().line(), true)
                + " | [" + escape(f.ruleId()) + "](" + uri + ") | " + message + " |\n";
    }

    private static String badge(Severity severity) {
        return switch (severity) {
            case ERROR -> "❌ error";
            case WARNING -> "⚠️ warning";
            case INFO -> "ℹ️ info";
        };
    }

    /** Text made inert inside a GitHub table cell: see {@link Escape#markdown}. */
    static String escape(String text) {
        return Escape.markdown(text);
    }
}
