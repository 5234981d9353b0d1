package io.miglint.testing;

import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL a help proposes, by the helps' convention: a back-quoted span that ends with {@code ;} is complete SQL to
 * paste as it stands, in the order given; a span with a placeholder ({@code …} or {@code <key>}) is a step the
 * reader completes; a span without the {@code ;} is a fragment (a column type, a clause, a file header) or a
 * contingency (what to run if a step fails or is interrupted) and is not part of the change.
 */
public final class HelpSql {
    private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("…|<[a-z][a-z _-]*>");

    private HelpSql() {}

    /** Whether the help has a statement with a placeholder: a recipe with a step the reader writes. */
    public static boolean hasTemplate(String help) {
        Matcher m = QUOTED.matcher(help == null ? "" : help);
        while (m.find()) {
            String sql = m.group(1).strip();
            if (sql.endsWith(";") && PLACEHOLDER.matcher(sql).find()) {
                return true;
            }
        }
        return false;
    }

    /** The complete statements of a help, in order, each with its terminating semicolon. */
    public static List<String> statements(String help) {
        List<String> out = new ArrayList<>();
        if (help == null) {
            return out;
        }
        Matcher m = QUOTED.matcher(help);
        while (m.find()) {
            String sql = m.group(1).strip();
            if (!sql.endsWith(";") || PLACEHOLDER.matcher(sql).find()) {
                continue;
            }
            for (RawStatement r :
                    StatementSplitter.split(new SourceText("help", sql)).statements()) {
                if (r.kind() == RawStatement.Kind.SQL) {
                    out.add(r.text());
                }
            }
        }
        return out;
    }
}
