package io.miglint.rules.security;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.sql.Token;
import java.util.List;

/**
 * A SECURITY DEFINER function runs with its owner's rights but resolves unqualified names through the caller's
 * search_path, so a caller who can create objects in any schema on that path (pg_temp always is) can shadow a
 * table, function or operator and run code as the owner
 * (https://www.postgresql.org/docs/current/sql-createfunction.html#SQL-CREATEFUNCTION-SECURITY). A later
 * {@code ALTER FUNCTION name … SET search_path} in the same script fixes it too.
 */
@RuleInfo(
        id = "security-definer-search-path",
        summary = "SECURITY DEFINER function without SET search_path",
        severity = Severity.WARNING,
        category = Category.SECURITY)
public final class SecurityDefinerSearchPath implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.CreateFunction f)
                || !f.securityDefiner()
                || f.setsSearchPath()
                || fixedLater(f, s.index(), ctx.script().statements())) {
            return;
        }
        String kind = f.procedure() ? "procedure " : "function ";
        ctx.report(
                        s,
                        kind + f.name() + " is SECURITY DEFINER without SET search_path: it runs with its owner's "
                                + "privileges but looks names up in the caller's search_path, so any user who can create an "
                                + "object there (pg_temp always qualifies) can hijack it and run code as the owner")
                .help("Pin the path in the definition: add `SET search_path = pg_catalog, pg_temp` after "
                        + "`SECURITY DEFINER` and schema-qualify the tables it uses (`app.accounts`).");
    }

    private static boolean fixedLater(Statement.CreateFunction f, int index, List<ParsedStatement> statements) {
        for (ParsedStatement later : statements.subList(index + 1, statements.size())) {
            List<Token> t = later.raw().body();
            if (t.size() < 3
                    || !t.get(0).is("alter")
                    || !(t.get(1).is("function") || t.get(1).is("procedure"))) {
                continue;
            }
            boolean names =
                    t.stream().anyMatch(x -> x.identifier().equals(f.name().name()));
            boolean setsPath = false;
            for (int i = 0; i + 1 < t.size(); i++) {
                setsPath |= t.get(i).is("set") && t.get(i + 1).is("search_path");
            }
            if (names && setsPath) {
                return true;
            }
        }
        return false;
    }
}
