package io.miglint.report;

import io.miglint.diagnostic.ToolError;
import io.miglint.engine.LintReport;
import io.miglint.engine.SourceLoader;
import io.miglint.rule.Finding;
import io.miglint.rule.Location;
import io.miglint.rule.Severity;
import io.miglint.sql.Lexer;
import io.miglint.sql.SourceText;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The report a person reads, on a terminal or in a CI log. Findings are grouped by file, under a line naming the file
 * and its counts; each finding is its compiler-style line (what an editor's problem matcher reads), the source lines
 * of its span with carets under it, and the help's first sentence with where to read more:
 * <pre>
 * db/1_init.up.sql (1 error)
 * db/1_init.up.sql:3:1: error [concurrent-index] blocks writes to orders while the index builds
 *   |
 * 3 | CREATE INDEX orders_status ON orders (status);
 *   | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
 *   = help: Build it with CONCURRENTLY. (miglint explain concurrent-index for more)
 * </pre>
 * {@code --verbose} shows the whole help instead of its first sentence. The {@code compact} format is the first line
 * of each finding only (one line per finding, for editors' quickfix lists, grep and scripts). Tool errors and the
 * summary line come last in both. Suppressed findings are left out; the summary counts them.
 */
public final class TextReporter implements Reporter {

    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String HEADING = "\u001b[1;4m";
    private static final String DIM = "\u001b[2m";
    private static final String RED = "\u001b[1;31m";
    private static final String YELLOW = "\u001b[1;33m";
    private static final String CYAN = "\u001b[1;36m";
    private static final String BLUE = "\u001b[1;34m";

    /**
     * Rules whose span is a literal secret. Their messages show it masked; every excerpt that shows one of these
     * spans (theirs or another finding's on the same line) shows {@code *} in its place, so the report does not print
     * back into a CI log what the finding says should never have been committed. A role's password is masked whether
     * or not such a finding exists ({@link #passwordLiterals}).
     */
    static final Set<String> SECRET_RULES = Set.of("hardcoded-secret");

    /** Reads a finding's file for its excerpt; null when there is nothing to show (see {@link #readSource}). */
    public interface Sources extends BiFunction<Path, String, SourceText> {}

    private final boolean color;
    private final boolean verbose;
    private final boolean compact;
    private final Sources sources;

    /** The full report, the help's first sentence, sources read from disk. */
    public TextReporter(boolean color) {
        this(color, false, false, TextReporter::readSource);
    }

    /**
     * @param verbose the whole help of each finding rather than its first sentence
     * @param compact one line per finding: no excerpt and no help (the {@code compact} format)
     * @param sources reads the file a finding points into (path, display path); null when it cannot be shown
     */
    public TextReporter(boolean color, boolean verbose, boolean compact, Sources sources) {
        this.color = color;
        this.verbose = verbose;
        this.compact = compact;
        this.sources = sources;
    }

    /** One line per finding and tool error, then the summary. */
    public static TextReporter compact(boolean color) {
        return new TextReporter(color, false, true, (p, d) -> null);
    }

    /**
     * A file decoded as the lint engine decodes it ({@link SourceLoader#decode}), or null when it is gone, not a
     * regular file, larger than the engine reads, or not text: then the finding is shown without its lines.
     */
    public static SourceText readSource(Path file, String displayPath) {
        try {
            // Not a FIFO or device (reading one would block or never end), nor more than the engine itself reads.
            if (file == null || !Files.isRegularFile(file) || Files.size(file) > SourceLoader.MAX_BYTES) {
                return null;
            }
            return SourceLoader.decode(Files.readAllBytes(file), displayPath).source();
        } catch (IOException | SecurityException | OutOfMemoryError e) {
            return null;
        }
    }

    /** Findings rendered per batch: the batch is rendered on every core, then written in report order. */
    private static final int BATCH = 4096;

    @Override
    public void write(LintReport report, Writer out) throws IOException {
        List<List<Finding>> files = byFile(report.active());
        Map<Path, List<Location>> secrets = compact ? Map.of() : secrets(report.findings());
        int from = 0;
        while (from < files.size()) {
            int to = from;
            int findings = 0;
            while (to < files.size() && (to == from || findings + files.get(to).size() <= BATCH)) {
                findings += files.get(to++).size();
            }
            List<List<Finding>> batch = files.subList(from, to);
            // A long history has tens of thousands of findings: reading their lines and rendering them is a visible
            // share of a run, so files are rendered on every core and written in order.
            List<String> rendered = (findings >= 256 ? batch.parallelStream() : batch.stream())
                    .map(group -> renderFile(group, secrets))
                    .toList();
            for (int i = 0; i < rendered.size(); i++) {
                if (!compact && from + i > 0) {
                    out.write('\n');
                }
                out.write(rendered.get(i));
            }
            from = to;
        }
        if (!compact && !files.isEmpty()) {
            out.write('\n');
        }
        for (ToolError e : report.errors()) {
            String position = e.file() == null
                    ? "miglint"
                    : e.line() > 0
                            ? visible(e.file()) + ":" + e.line() + ":" + Math.max(1, e.column())
                            : visible(e.file());
            out.write(paint(BOLD, position + ":") + " " + paint(RED, "error:") + " "
                    + visible(e.kind().label()) + ": " + visible(e.message().strip()) + "\n");
        }
        out.write(paint(BOLD, Summary.of(report).line()) + "\n");
    }

    /** Consecutive findings of one file (the report is sorted by file). */
    private static List<List<Finding>> byFile(List<Finding> active) {
        List<List<Finding>> files = new ArrayList<>();
        List<Finding> current = null;
        String path = null;
        for (Finding f : active) {
            if (current == null || !f.location().displayPath().equals(path)) {
                current = new ArrayList<>();
                files.add(current);
                path = f.location().displayPath();
            }
            current.add(f);
        }
        return files;
    }

    /** The spans of secret literals, suppressed findings' too: a finding accepted is still a secret not to print. */
    private static Map<Path, List<Location>> secrets(List<Finding> findings) {
        Map<Path, List<Location>> out = new HashMap<>();
        for (Finding f : findings) {
            if (SECRET_RULES.contains(f.ruleId())
                    && f.location().file() != null
                    && !f.location().isWholeFile()) {
                out.computeIfAbsent(f.location().file(), k -> new ArrayList<>()).add(f.location());
            }
        }
        return out;
    }

    private String renderFile(List<Finding> group, Map<Path, List<Location>> secrets) {
        StringBuilder sb = new StringBuilder(compact ? 256 * group.size() : 1024 * group.size());
        if (compact) {
            for (Finding f : group) {
                header(sb, f);
            }
            return sb.toString();
        }
        Location first = group.get(0).location();
        long errors = group.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings =
                group.stream().filter(f -> f.severity() == Severity.WARNING).count();
        long infos = group.size() - errors - warnings;
        paint(sb, HEADING).append(visible(first.displayPath()));
        reset(sb)
                .append(" (")
                .append(new Summary(errors, warnings, infos, 0, 0, 0).counts())
                .append(")\n");
        boolean needsSource = group.stream().anyMatch(f -> !f.location().isWholeFile());
        SourceText source = needsSource ? sources.apply(first.file(), first.displayPath()) : null;
        List<SourceExcerpt.Range> hidden = new ArrayList<>();
        if (source != null) {
            hidden.addAll(ranges(source, secrets.getOrDefault(first.file(), List.of())));
            hidden.addAll(passwordLiterals(source.text()));
        }
        for (Finding f : group) {
            sb.append('\n');
            header(sb, f);
            int gutter = SourceExcerpt.gutterWidth(source, f.location());
            SourceExcerpt.render(
                    sb,
                    source,
                    f.location(),
                    hidden,
                    color
                            ? new SourceExcerpt.Paint(BLUE, severityColor(f.severity()), RESET)
                            : SourceExcerpt.Paint.NONE);
            help(sb, f, " ".repeat(Math.max(1, gutter)));
        }
        return sb.toString();
    }

    private static final Pattern PASSWORD = Pattern.compile("(?i)password");

    /**
     * The string literal after each {@code PASSWORD} keyword ({@code CREATE ROLE app PASSWORD 'x'},
     * {@code ALTER USER … ENCRYPTED PASSWORD $$x$$}), found by the SQL lexer, so that an excerpt never shows a role's
     * password even where the secret rule did not run: {@code miglint verify} alone, or the rule turned off. A
     * {@code CREATE ROLE} is what fails in verify's sandbox, so its line is shown there.
     */
    static List<SourceExcerpt.Range> passwordLiterals(String text) {
        if (!PASSWORD.matcher(text).find()) {
            return List.of();
        }
        List<SourceExcerpt.Range> out = new ArrayList<>();
        Token previous = null;
        for (Token t : Lexer.lex(text)) {
            if (t.isComment()) {
                continue;
            }
            if ((t.kind() == TokenKind.STRING || t.kind() == TokenKind.DOLLAR_STRING)
                    && previous != null
                    && previous.is("password")) {
                out.add(new SourceExcerpt.Range(t.start(), t.end()));
            }
            previous = t;
        }
        return out;
    }

    private static List<SourceExcerpt.Range> ranges(SourceText source, List<Location> spans) {
        List<SourceExcerpt.Range> out = new ArrayList<>();
        for (Location at : spans) {
            out.add(new SourceExcerpt.Range(
                    offset(source, at.line(), at.column()), offset(source, at.endLine(), at.endColumn())));
        }
        return out;
    }

    private static int offset(SourceText source, int line, int column) {
        if (line > source.lineCount()) {
            return source.text().length();
        }
        return Math.min(source.text().length(), source.lineStart(Math.max(1, line)) + Math.max(0, column - 1));
    }

    /** {@code file:line:col: severity [rule-id] message}: the line editors, grep and the old report all read. */
    private void header(StringBuilder sb, Finding f) {
        Location at = f.location();
        paint(sb, BOLD)
                .append(visible(at.displayPath()))
                .append(':')
                .append(at.line())
                .append(':')
                .append(at.column())
                .append(':');
        reset(sb).append(' ');
        paint(sb, severityColor(f.severity())).append(f.severity().label());
        reset(sb).append(' ');
        paint(sb, DIM).append('[').append(visible(f.ruleId())).append(']');
        reset(sb).append(' ').append(visible(f.message().strip())).append('\n');
    }

    private void help(StringBuilder sb, Finding f, String pad) {
        String lead = pad + " = help: ";
        String more = "(miglint explain " + visible(f.ruleId()) + " for more)";
        sb.append(pad).append(' ');
        paint(sb, BOLD).append("= help:");
        reset(sb).append(' ');
        if (f.help() == null || f.help().isBlank()) {
            sb.append("see ");
            paint(sb, DIM).append("miglint explain ").append(visible(f.ruleId()));
            reset(sb).append('\n');
            return;
        }
        String text = verbose ? f.help() : HelpSentence.first(f.help());
        sb.append(Escape.lines(text, "\n" + " ".repeat(lead.length()))).append(' ');
        paint(sb, DIM).append(more);
        reset(sb).append('\n');
    }

    private StringBuilder paint(StringBuilder sb, String ansi) {
        return color ? sb.append(ansi) : sb;
    }

    private StringBuilder reset(StringBuilder sb) {
        return color ? sb.append(RESET) : sb;
    }

    private static String severityColor(Severity severity) {
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
