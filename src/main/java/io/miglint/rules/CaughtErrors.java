package io.miglint.rules;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.ScriptView;
import io.miglint.sql.EmbeddedText;
import io.miglint.sql.PlpgsqlBody;

/** What a DO block's exception handlers catch of the statements of its body. */
public final class CaughtErrors {
    private CaughtErrors() {}

    /**
     * The DO block whose quiet {@code WHEN others} handler guards {@code s}, a statement of its body: any error of
     * {@code s}, a lock timeout included, is caught there and the migration goes on without it (AppFlowy-Cloud wraps
     * its CREATE TABLE in one). Empty for a statement outside such a block.
     */
    public static java.util.Optional<ParsedStatement> swallowingBlock(ScriptView script, ParsedStatement s) {
        if (s.nesting().isEmpty() && !(s.node() instanceof Statement.DoBlock)) {
            return java.util.Optional.empty();
        }
        // the lock of a statement of the block may be told at the block itself
        io.miglint.sql.RawStatement block =
                s.nesting().map(ParsedStatement.Nesting::block).orElse(s.raw());
        boolean whole = s.nesting().isEmpty();
        for (ParsedStatement p : script.statements()) {
            if (p.isNested()
                    || p.raw().span().start() != block.span().start()
                    || !(p.node() instanceof Statement.DoBlock d)
                    || d.body() == null) {
                continue;
            }
            EmbeddedText body = EmbeddedText.ofBlockBody(p.raw(), d.body());
            if (body == null) {
                return java.util.Optional.empty();
            }
            for (PlpgsqlBody.Handler h : PlpgsqlBody.walk(body.tokens()).handlers()) {
                if (h.quiet()
                        && h.conditions().contains("others")
                        && h.guarded().stream()
                                .anyMatch(g -> whole
                                        || g.first().start() <= s.span().start()
                                                && s.span().start() < g.last().end())) {
                    return java.util.Optional.of(p);
                }
            }
        }
        return java.util.Optional.empty();
    }
}
