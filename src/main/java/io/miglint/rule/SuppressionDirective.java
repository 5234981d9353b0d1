package io.miglint.rule;

import io.miglint.sql.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An inline suppression comment: {@code -- miglint:ignore id1, id2 reason} silences those rules on the next
 * statement; {@code -- miglint:ignore-file id1 reason} silences them in the whole file. Block comments work too.
 *
 * @param span where the comment stands (an unknown id is reported there)
 */
public record SuppressionDirective(boolean fileLevel, List<String> ruleIds, String reason, Span span) {

    private static final Pattern HEAD =
            Pattern.compile("^(?:--|/\\*)\\s*miglint:(ignore-file|ignore)\\b\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    /** Parses a comment's text; null when it is not a miglint directive. */
    public static SuppressionDirective parse(String commentText, Span span) {
        String text = commentText.strip();
        if (text.endsWith("*/")) {
            text = text.substring(0, text.length() - 2).strip();
        }
        Matcher m = HEAD.matcher(text);
        if (!m.matches()) {
            return null;
        }
        boolean fileLevel = m.group(1).equals("ignore-file");
        String rest = m.group(2);
        List<String> ids = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < rest.length() && Character.isWhitespace(rest.charAt(i))) {
                i++;
            }
            Matcher id = ID.matcher(rest).region(i, rest.length());
            if (!id.lookingAt()) {
                break;
            }
            ids.add(id.group());
            i = id.end();
            int j = i;
            while (j < rest.length() && Character.isWhitespace(rest.charAt(j))) {
                j++;
            }
            if (j < rest.length() && rest.charAt(j) == ',') {
                i = j + 1;
            } else {
                break;
            }
        }
        String reason = rest.substring(Math.min(i, rest.length())).strip();
        if (reason.startsWith("--") || reason.startsWith(":")) {
            reason = reason.substring(reason.startsWith("--") ? 2 : 1).strip();
        }
        return new SuppressionDirective(fileLevel, List.copyOf(ids), reason, span);
    }

    public boolean covers(String ruleId) {
        return ruleIds.contains(ruleId);
    }
}
