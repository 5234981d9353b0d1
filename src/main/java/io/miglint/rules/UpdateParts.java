package io.miglint.rules;

import io.miglint.model.ParsedStatement;
import io.miglint.sql.Token;
import java.util.List;
import java.util.Optional;

/**
 * A plain UPDATE's clauses as written, for helps that rewrite it into batches: the target with its alias ({@code
 * issuecomment ic}), the assignments and the WHERE condition, each cut at the top level so that a subquery's own FROM
 * or WHERE stays inside its assignment. A batched rewrite keeps all of them: dropping the alias breaks an assignment
 * that names it ({@code ic.fk_issue}), dropping the WHERE writes rows the statement did not.
 */
public record UpdateParts(String target, String assignments, Optional<String> where) {

    /**
     * The parts of {@code UPDATE target SET … [WHERE …]}; empty with a WITH before it, a FROM list (its values come
     * from a join) or RETURNING.
     */
    public static Optional<UpdateParts> of(ParsedStatement s) {
        List<Token> t = s.raw().body();
        if (t.isEmpty() || !t.get(0).is("update")) {
            return Optional.empty();
        }
        int set = topLevel(t, "set", 1);
        if (set < 2 || topLevel(t, "returning", set) >= 0 || topLevel(t, "from", set) >= 0) {
            return Optional.empty();
        }
        int where = topLevel(t, "where", set);
        int assignmentsEnd = where >= 0 ? where : t.size();
        if (assignmentsEnd <= set + 1 || where >= 0 && where + 1 >= t.size()) {
            return Optional.empty();
        }
        return Optional.of(new UpdateParts(
                text(s, t, 1, set - 1),
                text(s, t, set + 1, assignmentsEnd - 1),
                where >= 0 ? Optional.of(text(s, t, where + 1, t.size() - 1)) : Optional.empty()));
    }

    /**
     * The batched statement: this UPDATE limited to the rows of {@code batch}; its own WHERE kept unless the batch
     * already selects by exactly that condition.
     */
    public String batched(String key, String batchCondition) {
        Optional<String> own = where.filter(w -> !w.equalsIgnoreCase(batchCondition));
        return "UPDATE " + target + " SET " + assignments + " WHERE "
                + own.map(w -> "(" + w + ") AND ").orElse("") + key + " IN (SELECT " + key + " FROM batch)";
    }

    private static int topLevel(List<Token> t, String word, int from) {
        int depth = 0;
        for (int i = 0; i < t.size(); i++) {
            depth += t.get(i).isPunct('(') ? 1 : t.get(i).isPunct(')') ? -1 : 0;
            if (i >= from && depth == 0 && t.get(i).is(word)) {
                return i;
            }
        }
        return -1;
    }

    private static String text(ParsedStatement s, List<Token> t, int first, int last) {
        return s.raw().source().slice(s.raw().spanOf(t.get(first), t.get(last))).replaceAll("\\s+", " ");
    }
}
