package io.miglint.rules;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.ScriptView;
import io.miglint.sql.Token;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the migration's author wrote about a statement: the comment right above it (no blank line between them; the
 * comment above the BEGIN that directly precedes it when it has none of its own), and the migration's name.
 */
public final class AuthorComment {
    private static final Pattern UNUSED = Pattern.compile(
            "\\b(unused|not used|no longer used|never used|not in use|not used in production|deprecated)\\b"
                    // MAS: "We stopped reading and writing in those columns a long time ago"
                    // (reads matter: code that still reads a column breaks on its drop, so "stopped writing" is not
                    // enough)
                    + "|\\bstopped (reading|using)\\b"
                    + "|\\bno longer (read|referenced)\\b"
                    + "|\\b(don['’]?t|do not|doesn['’]?t|does not) (use|read)\\b[^.;]{0,40}\\bany ?more\\b");

    /**
     * The author says the old schema was kept only so that a rollback could use it, and may go now (MAS: "kept some
     * old schema around to allow rolling back. We're safe to drop those now"): the contract step of an
     * expand/contract change, whose code moved on releases before.
     */
    private static final Pattern KEPT_FOR_ROLLBACK = Pattern.compile(
            "\\bkept\\b[^.;]{0,60}\\b(roll(ing)? ?back|rollbacks?)\\b[^;]{0,80}\\b(safe|fine) to (drop|remove)\\b");

    /**
     * A header that orders the deploy after the code change: crates.io heads its contract steps "DO NOT DEPLOY UNTIL
     * PREVIOUS COMMIT IS DEPLOYED", which says the code that read what the file removes is gone everywhere first.
     */
    private static final Pattern DEPLOYED_AFTER_CODE =
            Pattern.compile("\\bdo not (deploy|run|merge|apply)\\b[^.;]{0,40}"
                    + "\\b(until|before)\\b[^.;]{0,60}\\b(deployed|released|live|rolled out)\\b"
                    + "|\\b(after|once|until)\\b[^.;]{0,60}\\b(code|commit|release|change)\\b[^.;]{0,30}"
                    + "\\b(is|has been|are|have been) (deployed|released|live|rolled out)\\b");

    /** A comment's markers, {@code --}, {@code /*} and its end. */
    private static final String MARKERS = "^--+|^/\\*+|\\*+/$";

    private AuthorComment() {}

    /** The text of the comments that end right above the statement, joined, without their markers. */
    public static Optional<String> rightAbove(ScriptView script, ParsedStatement s) {
        Optional<String> own = commentRightAbove(s);
        if (own.isEmpty() && s.index() > 0 && !s.isNested()) {
            ParsedStatement before = script.statements().get(s.index() - 1);
            if (before.node() instanceof Statement.Transaction t && t.kind() == Statement.Transaction.TxKind.BEGIN) {
                own = commentRightAbove(before);
            }
        }
        return own;
    }

    /**
     * The author says what the statement removes is not used: the comment right above it, or the migration's name
     * ({@code drop-unused-school-columns}), says "unused", "not used", "no longer used"…
     */
    public static boolean saysUnused(ScriptView script, ParsedStatement s) {
        String name = script.migration().name() == null
                ? ""
                : script.migration().name().replaceAll("[-_]", " ");
        String comment = rightAbove(script, s).orElse("");
        String header = header(script).toLowerCase(Locale.ROOT);
        return UNUSED.matcher((name + " " + comment).toLowerCase(Locale.ROOT)).find()
                || DEPLOYED_AFTER_CODE.matcher(header).find()
                || KEPT_FOR_ROLLBACK.matcher(header).find();
    }

    /** The comments before the script's first statement, joined, without their markers. */
    static String header(ScriptView script) {
        return script.statements().stream()
                .filter(p -> !p.isNested())
                .findFirst()
                .map(first -> {
                    StringBuilder text = new StringBuilder();
                    for (Token c : first.raw().comments()) {
                        if (c.end() <= first.span().start()) {
                            text.append(first.raw()
                                            .source()
                                            .text()
                                            .substring(c.start(), c.end())
                                            .replaceAll(MARKERS, ""))
                                    .append(' ');
                        }
                    }
                    return text.toString().replaceAll("\\s+", " ");
                })
                .orElse("");
    }

    private static Optional<String> commentRightAbove(ParsedStatement s) {
        List<Token> comments = s.raw().comments().stream()
                .filter(c -> c.end() <= s.span().start())
                .toList();
        if (comments.isEmpty()) {
            return Optional.empty();
        }
        String source = s.raw().source().text();
        StringBuilder text = new StringBuilder();
        int next = s.span().start();
        for (int i = comments.size() - 1; i >= 0; i--) {
            Token c = comments.get(i);
            String gap = source.substring(c.end(), next);
            if (!gap.isBlank() || gap.chars().filter(ch -> ch == '\n').count() > 1) {
                break;
            }
            String body = source.substring(c.start(), c.end()).replaceAll(MARKERS, "");
            text.insert(0, body + " ");
            next = c.start();
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text.toString());
    }
}
