package io.miglint.report;

import io.miglint.diagnostic.ToolError;
import io.miglint.engine.LintReport;
import io.miglint.rule.Finding;
import io.miglint.rule.MigrationRef;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.Severity;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A report for a pull-request comment or {@code $GITHUB_STEP_SUMMARY}: counts, then one table per migration, the
 * migrations with the most severe findings first. Past {@value #SHOWN} findings the rest is folded into
 * {@code <details>}, since a wall of rows hides the first, most useful ones.
 *
 * <p>The whole report stays under {@link #maxBytes} bytes of UTF-8: GitHub drops a step summary of more than 1 MiB
 * entirely ("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k"), so a history with tens of
 * thousands of findings would otherwise leave the job with no summary at all. When they do not fit, the errors are
 * kept before the warnings and the warnings before the infos; a closing line says how many were left out and which
 * report of the same run has them all.
 */
public final class MarkdownReporter implements Reporter {

    static final int SHOWN = 50;
    /** Under GitHub's 1 MiB (1,048,576 bytes) per step, with room for a line a workflow adds of its own. */
    public static final int MAX_BYTES = 1_000_000;
    /** A message or help longer than this is cut in the summary (the other formats keep it whole). */
    static final int MAX_CELL_CHARS = 2_000;
    /** The share of the budget tool errors may take; findings get the rest. */
    private static final int TOOL_ERROR_SHARE = 4;

    private final int maxBytes;
    private final List<FormatTarget> fullReports;

    public MarkdownReporter() {
        this(MAX_BYTES, List.of());
    }

    /**
     * @param maxBytes    the most bytes (UTF-8) the report may take
     * @param fullReports the run's other reports, which have every finding: named when findings had to be left out
     */
    public MarkdownReporter(int maxBytes, List<FormatTarget> fullReports) {
        this.maxBytes = maxBytes;
        this.fullReports = List.copyOf(fullReports);
    }

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

        StringBuilder head = new StringBuilder();
        head.append("## miglint: ").append(summary.counts()).append("\n\n");
        head.append("| Severity | Count |\n|---|---:|\n");
        head.append("| ")
                .append(badge(Severity.ERROR))
                .append(" | ")
                .append(summary.errors())
                .append(" |\n");
        head.append("| ")
                .append(badge(Severity.WARNING))
                .append(" | ")
                .append(summary.warnings())
                .append(" |\n");
        head.append("| ")
                .append(badge(Severity.INFO))
                .append(" | ")
                .append(summary.infos())
                .append(" |\n\n");
        head.append("Checked ")
                .append(summary.filesPhrase())
                .append(summary.extras())
                .append(".\n");

        List<Row> rows = new ArrayList<>(active.size());
        for (int i = 0; i < active.size(); i++) {
            Finding f = active.get(i);
            rows.add(new Row(i, f.severity(), groupName(f), row(f, helpUris)));
        }
        long budget = maxBytes
                - bytes(head)
                - bytes(longestOmittedNote(rows.size()))
                - bytes(DETAILS_OPEN_MAX)
                - bytes(DETAILS_CLOSE);
        String toolErrors = toolErrors(report.errors(), Math.max(0, budget / TOOL_ERROR_SHARE));
        budget -= bytes(toolErrors);
        List<Row> kept = keep(rows, budget);

        out.write(head.toString());
        int written = 0;
        String openGroup = null;
        for (Map.Entry<String, List<Row>> group : groups(kept).entrySet()) {
            for (Row r : group.getValue()) {
                if (written == SHOWN) {
                    out.write(detailsOpen(kept.size() - SHOWN));
                    openGroup = null;
                }
                if (!group.getKey().equals(openGroup)) {
                    out.write(groupHeader(group.getKey()));
                    openGroup = group.getKey();
                }
                out.write(r.markdown());
                written++;
            }
        }
        if (written > SHOWN) {
            out.write(DETAILS_CLOSE);
        }
        if (kept.size() < rows.size()) {
            Map<Severity, Long> left = new EnumMap<>(Severity.class);
            Set<Integer> shown = kept.stream().map(Row::index).collect(Collectors.toSet());
            rows.stream().filter(r -> !shown.contains(r.index())).forEach(r -> left.merge(r.severity(), 1L, Long::sum));
            out.write(omittedNote(rows.size() - kept.size(), left));
        }
        out.write(toolErrors);
    }

    /** One finding's table row, with what {@link #keep} and the layout need to know of it. */
    private record Row(int index, Severity severity, String group, String markdown) {}

    private static final String DETAILS_CLOSE = "\n</details>\n";
    /** {@link #detailsOpen} at its longest, for the budget. */
    private static final String DETAILS_OPEN_MAX = detailsOpen(Long.MAX_VALUE);

    private static String detailsOpen(long more) {
        return "\n<details>\n<summary>" + Summary.plural(more, "more finding", "more findings") + "</summary>\n";
    }

    private static String groupHeader(String group) {
        return "\n### " + escape(group) + "\n\n| Severity | Location | Rule | Message |\n|---|---|---|---|\n";
    }

    /**
     * The findings that fit in {@code budget} bytes, most severe first (in report order within a severity), and none
     * after the first that does not fit, so a shown warning means every error is shown. Each costs its row, and its
     * group's header the first time the group appears; the one header the {@code <details>} fold may repeat is the
     * longest header of all, counted once.
     */
    private static List<Row> keep(List<Row> rows, long budget) {
        List<Row> bySeverity = new ArrayList<>(rows);
        bySeverity.sort(Comparator.comparing(Row::severity).thenComparingInt(Row::index));
        long left = budget
                - rows.stream()
                        .mapToLong(r -> bytes(groupHeader(r.group())))
                        .max()
                        .orElse(0);
        Set<String> groups = new HashSet<>();
        List<Row> kept = new ArrayList<>();
        for (Row r : bySeverity) {
            long cost = bytes(r.markdown()) + (groups.contains(r.group()) ? 0 : bytes(groupHeader(r.group())));
            if (cost > left) {
                break;
            }
            left -= cost;
            groups.add(r.group());
            kept.add(r);
        }
        return kept;
    }

    /** The kept rows by group: groups with an error first, then with a warning, each group's rows in report order. */
    private static Map<String, List<Row>> groups(List<Row> kept) {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        kept.stream()
                .sorted(Comparator.comparingInt(Row::index))
                .forEach(r -> groups.computeIfAbsent(r.group(), k -> new ArrayList<>())
                        .add(r));
        Map<String, Severity> worst = new LinkedHashMap<>();
        groups.forEach((name, rs) -> worst.put(
                name,
                rs.stream().map(Row::severity).min(Comparator.naturalOrder()).orElse(Severity.INFO)));
        Map<String, List<Row>> ordered = new LinkedHashMap<>();
        groups.keySet().stream()
                .sorted(Comparator.comparing(worst::get))
                .forEach(name -> ordered.put(name, groups.get(name)));
        return ordered;
    }

    /** What was left out, by severity, and which report of the run has every finding. */
    private String omittedNote(long omitted, Map<Severity, Long> bySeverity) {
        String parts = bySeverity.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> Summary.plural(
                        e.getValue(),
                        e.getKey().label(),
                        e.getKey() == Severity.INFO ? "info" : e.getKey().label() + "s"))
                .collect(Collectors.joining(", "));
        String where = fullReports.isEmpty()
                ? "add `--format json=FILE` or `--format sarif=FILE` to the same run for every finding"
                : "every finding is in "
                        + fullReports.stream().map(MarkdownReporter::describe).collect(Collectors.joining(" and "));
        return "\n**" + Summary.plural(omitted, "more finding", "more findings") + " not shown** (" + parts
                + "): this summary is kept under " + String.format(Locale.ROOT, "%,d", maxBytes)
                + " bytes, as GitHub drops a step summary over 1 MiB whole; " + where + ".\n";
    }

    /** {@code `miglint.sarif` (sarif)}, or the report on standard output (in a CI job: its log). */
    private static String describe(FormatTarget t) {
        return t.toStdout()
                ? "the " + t.format().label() + " report on standard output (the job log in CI)"
                : Escape.markdownCode(t.file().toString(), false) + " ("
                        + t.format().label() + ")";
    }

    /** {@link #omittedNote} at its longest: every finding left out, each severity counting all of them. */
    private String longestOmittedNote(long findings) {
        Map<Severity, Long> all = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            all.put(s, findings);
        }
        return omittedNote(findings, all);
    }

    /** The tool errors section, cut to {@code budget} bytes with a line saying how many more there are. */
    private static String toolErrors(List<ToolError> errors, long budget) {
        if (errors.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n### Tool errors\n\n");
        for (int i = 0; i < errors.size(); i++) {
            String item = "- " + escape(cut(errors.get(i).render())) + "\n";
            String more = "- … " + Summary.plural(errors.size() - i, "more tool error", "more tool errors")
                    + " (the JSON and SARIF reports list them all)\n";
            boolean last = i == errors.size() - 1;
            if (bytes(sb) + bytes(item) + (last ? 0 : bytes(more)) > budget) {
                sb.append(more);
                break;
            }
            sb.append(item);
        }
        return sb.toString();
    }

    private static long bytes(CharSequence text) {
        return text.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** Folder and {@code version_name} of the migration, or the file for findings outside any migration. */
    private static String groupName(Finding f) {
        String path = f.location().displayPath();
        int slash = path.lastIndexOf('/');
        String folder = slash < 0 ? "." : path.substring(0, slash);
        MigrationRef m = f.migration();
        if (m == null || (m.version() == null && m.name() == null)) {
            return path;
        }
        String migration =
                m.version() == null ? m.name() : m.name() == null ? m.version() : m.version() + "_" + m.name();
        return folder + " · " + migration;
    }

    private static String row(Finding f, Map<String, String> helpUris) {
        String uri = helpUris.getOrDefault(f.ruleId(), RuleDescriptor.DOCS_BASE + f.ruleId() + ".md");
        String message = escape(cut(f.message()));
        if (f.help() != null && !f.help().isBlank()) {
            message += "<br>"
                    + Escape.lines(cut(f.help()), "\n")
                            .lines()
                            .map(Escape::markdown)
                            .collect(Collectors.joining("<br>"));
        }
        // A path in a code span is never markup: no autolink (a file named www.example.com.sql), no @mention.
        return "| " + badge(f.severity()) + " | "
                + Escape.markdownCode(
                        f.location().displayPath() + ":" + f.location().line(), true)
                + " | [" + escape(f.ruleId()) + "](" + uri + ") | " + message + " |\n";
    }

    /** Text past {@link #MAX_CELL_CHARS} is cut (never inside a surrogate pair) and marked with an ellipsis. */
    static String cut(String text) {
        if (text.length() <= MAX_CELL_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_CELL_CHARS - 1)) ? MAX_CELL_CHARS - 1 : MAX_CELL_CHARS;
        return text.substring(0, end) + "…";
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
