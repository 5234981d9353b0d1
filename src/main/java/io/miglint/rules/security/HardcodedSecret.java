package io.miglint.rules.security;

import io.miglint.model.Expr;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.sql.Span;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * A secret committed in a migration lives in every clone, CI log and backup of the repository, and deleting the line
 * later does not remove it from history. Role passwords given as psql variables ({@code :'pw'}) are interpolated by
 * psql and are not literals; column values are checked only when the whole value is one string literal (a hash
 * function's salt argument is no secret), and stored password hashes are not flagged.
 */
@RuleInfo(
        id = "hardcoded-secret",
        summary = "Migration contains a literal password, key or token",
        severity = Severity.WARNING,
        category = Category.SECURITY)
public final class HardcodedSecret implements StatementRule {
    private static final String CONSEQUENCE = ": everyone who can read the repository, its clones, CI logs and "
            + "backups has it, and removing the line later does not remove it from history";
    private static final String HELP = "Rotate the credential, then pass it in at deploy time instead of committing "
            + "it: a psql variable (`ALTER ROLE app PASSWORD :'app_password'` run with `psql -v app_password=…`), "
            + "your tool's placeholder (`${app_password}`), or `\\password app` by hand.";

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        Set<Integer> reported = new HashSet<>();
        if (s.node() instanceof Statement.Role r
                && r.password() != null
                && r.passwordSpan() != null
                && !CredentialLiteral.isPlaceholder(r.password())) {
            reported.add(r.passwordSpan().start());
            ctx.report(
                            r.passwordSpan(),
                            "role " + r.name() + " gets a literal password " + CredentialLiteral.masked(r.password(), 0)
                                    + CONSEQUENCE)
                    .help(HELP);
        } else if (s.node() instanceof Statement.Insert ins && !ins.columns().isEmpty()) {
            for (List<Expr> row : ins.values()) {
                for (int i = 0; i < row.size() && i < ins.columns().size(); i++) {
                    checkColumnValue(s, ctx, ins.table().name(), ins.columns().get(i), row.get(i), reported);
                }
            }
        } else if (s.node() instanceof Statement.Update up) {
            for (Statement.Assignment a : up.assignments()) {
                checkColumnValue(s, ctx, up.table().name(), a.column(), a.value(), reported);
            }
        }
        if (s.isNested()) {
            // The DO block's own body was searched already, the literals of its statements included.
            return;
        }
        for (Token t : s.raw().tokens()) {
            boolean literal = t.kind() == TokenKind.STRING || t.kind() == TokenKind.DOLLAR_STRING;
            if (literal && !reported.contains(t.start())) {
                checkShapes(s, ctx, t);
            }
        }
    }

    private static void checkColumnValue(
            ParsedStatement s, RuleContext ctx, String table, String column, Expr value, Set<Integer> reported) {
        if (value == null || !CredentialLiteral.isCredentialColumn(column)) {
            return;
        }
        Token literal = soleStringLiteral(s, value.span());
        if (literal == null
                || CredentialLiteral.isPlaceholder(literal.value())
                || CredentialLiteral.isHash(literal.value())) {
            return;
        }
        reported.add(literal.start());
        ctx.report(
                        s.raw().spanOf(literal),
                        table + "." + column + " is set to a literal " + CredentialLiteral.masked(literal.value(), 0)
                                + CONSEQUENCE)
                .help(HELP);
    }

    /** The value's one string token when the value is just a literal, optionally cast ({@code 'x'::text}). */
    private static Token soleStringLiteral(ParsedStatement s, Span span) {
        List<Token> inside = s.raw().tokens().stream()
                .filter(t -> t.start() >= span.start() && t.end() <= span.end())
                .toList();
        if (inside.isEmpty() || inside.get(0).kind() != TokenKind.STRING) {
            return null;
        }
        boolean castOnly = inside.size() == 1
                || (inside.get(1).kind() == TokenKind.OPERATOR
                        && inside.get(1).value().equals("::"));
        return castOnly ? inside.get(0) : null;
    }

    private static void checkShapes(ParsedStatement s, RuleContext ctx, Token t) {
        String raw = s.raw().source().slice(t.start(), t.end());
        for (CredentialLiteral.Shape shape : CredentialLiteral.SHAPES) {
            if (!shape.mayMatch(raw)) {
                continue;
            }
            Matcher m = CredentialLiteral.find(shape, raw);
            if (m.find() && !CredentialLiteral.isDocumentedExample(m.group())) {
                Span at = s.raw().source().span(t.start() + m.start(), t.start() + m.end());
                ctx.report(
                                at,
                                "this literal contains " + shape.label() + " "
                                        + CredentialLiteral.masked(m.group(), shape.visiblePrefix()) + CONSEQUENCE)
                        .help(HELP);
                return;
            }
        }
    }
}
