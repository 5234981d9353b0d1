package io.miglint.report;

import io.miglint.diagnostic.ToolError;
import io.miglint.engine.LintReport;
import io.miglint.rule.Finding;
import io.miglint.rule.Location;
import io.miglint.rule.Severity;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * GitHub Actions workflow commands, which the runner turns into annotations on the pull request:
 * {@code ::error file=db/1.sql,line=3,col=1,endLine=3,endColumn=40,title=miglint concurrent-index::message}.
 * Escaping follows the Actions toolkit's {@code escapeData}/{@code escapeProperty}
 * (https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts): without it a message containing a
 * newline would end the command early and a ':' or ',' in a file name would cut the properties short. Values pass
 * {@link Escape#inline} first: the runner shows ANSI colours in the log, and {@code ##[} anywhere in a line is a
 * command to it.
 */
public final class GithubReporter implements Reporter {

    @Override
    public void write(LintReport report, Writer out) throws IOException {
        for (Finding f : report.active()) {
            Location at = f.location();
            List<String> props = new ArrayList<>();
            props.add("file=" + escapeProperty(at.displayPath()));
            props.add("line=" + at.line());
            // A zero-width location (a whole-file finding at 1:1) has no columns worth highlighting.
            if (at.endLine() > at.line() || at.endColumn() > at.column()) {
                props.add("col=" + at.column());
                props.add("endLine=" + at.endLine());
                props.add("endColumn=" + at.endColumn());
            }
            props.add("title=" + escapeProperty("miglint " + f.ruleId()));
            // The message is one line; the help's own line breaks are kept (a corrected statement), each line escaped.
            String text = f.help() == null || f.help().isBlank()
                    ? Escape.inline(f.message())
                    : Escape.inline(f.message()) + "\n" + Escape.lines(f.help(), "\n");
            out.write(command(
                    f.severity() == Severity.ERROR ? "error" : f.severity() == Severity.WARNING ? "warning" : "notice",
                    props,
                    text));
        }
        for (ToolError e : report.errors()) {
            List<String> props = new ArrayList<>();
            if (e.file() != null) {
                props.add("file=" + escapeProperty(e.file()));
                if (e.line() > 0) {
                    props.add("line=" + e.line());
                    props.add("col=" + Math.max(1, e.column()));
                }
            }
            props.add("title=" + escapeProperty("miglint " + e.kind().label()));
            out.write(command("error", props, Escape.inline(e.message())));
        }
    }

    private static String command(String name, List<String> props, String message) {
        return "::" + name + " " + String.join(",", props) + "::" + escapeData(message) + "\n";
    }

    /** The toolkit's {@code escapeData}: the message after {@code ::}. */
    public static String escapeData(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /**
     * The toolkit's {@code escapeProperty}: a {@code key=value} before {@code ::}, after {@link Escape#inline} (a
     * property is a file name or rule id, never more than one line).
     */
    public static String escapeProperty(String s) {
        return escapeData(Escape.inline(s)).replace(":", "%3A").replace(",", "%2C");
    }
}
