package io.miglint.rules.schema;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The special date/time inputs {@code 'now'}, {@code 'today'}, {@code 'tomorrow'} and {@code 'yesterday'} are
 * converted to a constant as soon as they are read as a date/time value: in a definition PostgreSQL stores (a view,
 * a default, a CHECK, an index predicate, a policy, a trigger's WHEN) that happens once, when the migration runs
 * (https://www.postgresql.org/docs/current/datatype-datetime.html#DATATYPE-DATETIME-SPECIAL-VALUES: "the values are
 * converted to ordinary date/time values as soon as they are read"). A view over "the last day" then keeps the day
 * the migration ran, and each run of the migration stores another definition. {@code now()},
 * {@code CURRENT_TIMESTAMP} and {@code CURRENT_DATE} are evaluated each time instead.
 *
 * <p>Reported where the literal is read as a date/time: a cast ({@code 'now'::timestamp}, {@code CAST('now' AS
 * date)}), a typed literal ({@code timestamptz 'now'}), or the default of a date/time column. Data statements and
 * {@code CREATE TABLE … AS} and the {@code USING} of a column's type change, whose literals are evaluated as they
 * run, are not reported.
 */
@RuleInfo(
        id = "frozen-time-literal",
        summary = "'now' or 'today' frozen into a stored definition",
        severity = Severity.ERROR,
        category = Category.SCHEMA)
public final class FrozenTimeLiteral implements StatementRule {
    private static final Set<String> SPECIAL = Set.of("now", "today", "tomorrow", "yesterday");
    private static final Set<String> DATE_TIME = Set.of("timestamp", "timestamptz", "date", "time", "timetz");
    /** Statements that store expressions as definitions, by the object word after CREATE or ALTER. */
    private static final Set<String> DEFINITIONS =
            Set.of("view", "table", "index", "domain", "policy", "trigger", "rule");

    private static final Set<String> MODIFIERS = Set.of(
            "or",
            "replace",
            "temp",
            "temporary",
            "unlogged",
            "recursive",
            "unique",
            "global",
            "local",
            "materialized",
            "constraint",
            "foreign");

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        String object = definedObject(s.raw().tokens());
        List<Token> tokens = s.raw().tokens();
        if (object == null
                || s.node() instanceof Statement.CreateTable ct && ct.asQuery()
                || object.equals("table") && tokens.get(0).is("create") && asQuery(tokens)) {
            return;
        }
        List<Integer> reported = new ArrayList<>();
        boolean alterTable = s.node() instanceof Statement.AlterTable;
        boolean inUsing = false;
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            // ALTER COLUMN … TYPE … USING expr converts the rows once, as the migration runs: not a definition.
            if (t.isPunct('(')) {
                depth++;
            } else if (t.isPunct(')')) {
                depth--;
            } else if (depth == 0 && t.isPunct(',')) {
                inUsing = false;
            } else if (alterTable && depth == 0 && t.is("using")) {
                inUsing = true;
            }
            if (!inUsing && t.kind() == TokenKind.STRING && SPECIAL.contains(special(t)) && readAsDateTime(tokens, i)) {
                reported.add(t.start());
                report(ctx, s, t, object);
            }
        }
        for (ColumnDef c : columns(s)) {
            if (c.defaultExpr() != null
                    && c.type() != null
                    && DATE_TIME.contains(c.type().name())) {
                for (Token t : tokens) {
                    if (t.kind() == TokenKind.STRING
                            && SPECIAL.contains(special(t))
                            && t.start() >= c.defaultExpr().span().start()
                            && t.end() <= c.defaultExpr().span().end()
                            && !reported.contains(t.start())) {
                        report(ctx, s, t, "default of column " + c.name());
                    }
                }
            }
        }
    }

    /** CREATE TABLE … AS (the parser may not have understood it): an AS outside parentheses. */
    private static boolean asQuery(List<Token> tokens) {
        int depth = 0;
        for (Token t : tokens) {
            if (t.isPunct('(')) {
                depth++;
            } else if (t.isPunct(')')) {
                depth--;
            } else if (depth == 0 && t.is("as")) {
                return true;
            }
        }
        return false;
    }

    private static void report(RuleContext ctx, ParsedStatement s, Token literal, String where) {
        String value = special(literal);
        String instead = switch (value) {
            case "today" -> "CURRENT_DATE";
            case "tomorrow" -> "CURRENT_DATE + 1";
            case "yesterday" -> "CURRENT_DATE - 1";
            default -> "now()";
        };
        ctx.report(
                        s.raw().spanOf(literal),
                        "'" + value + "' in this " + where + " is turned into a constant when "
                                + "PostgreSQL stores the definition: it keeps the moment the migration ran instead of "
                                + "meaning the current time, and each run of the migration stores a different definition")
                .help("Write `" + instead + "`, which is evaluated each time the definition is used "
                        + "(`CURRENT_TIMESTAMP` and `CURRENT_DATE` are too).");
    }

    private static String special(Token t) {
        return t.value().trim().toLowerCase(Locale.ROOT);
    }

    /** "view", "table", … for CREATE/ALTER statements that store expressions; null for anything else. */
    private static String definedObject(List<Token> tokens) {
        if (tokens.isEmpty() || !(tokens.get(0).is("create") || tokens.get(0).is("alter"))) {
            return null;
        }
        for (int i = 1; i < tokens.size() && i < 6; i++) {
            Token t = tokens.get(i);
            if (t.kind() != TokenKind.WORD) {
                return null;
            }
            String w = t.lower();
            if (DEFINITIONS.contains(w)) {
                return tokens.get(i - 1).is("materialized") ? "materialized view" : w;
            }
            if (!MODIFIERS.contains(w)) {
                return null;
            }
        }
        return null;
    }

    /** Whether the string at {@code i} is cast to, or typed as, a date/time type. */
    private static boolean readAsDateTime(List<Token> tokens, int i) {
        // 'now'::timestamp, 'now'::pg_catalog.timestamptz, 'now'::timestamp with time zone
        if (i + 2 < tokens.size()
                && tokens.get(i + 1).kind() == TokenKind.OPERATOR
                && tokens.get(i + 1).value().equals("::")) {
            return isDateTimeType(tokens, i + 2);
        }
        // CAST('now' AS date)
        if (i >= 2
                && tokens.get(i - 1).isPunct('(')
                && tokens.get(i - 2).is("cast")
                && i + 2 < tokens.size()
                && tokens.get(i + 1).is("as")) {
            return isDateTimeType(tokens, i + 2);
        }
        // timestamptz 'now', date 'today', timestamp with time zone 'now'
        if (i >= 1 && tokens.get(i - 1).kind() == TokenKind.WORD) {
            String before = tokens.get(i - 1).lower();
            if (DATE_TIME.contains(before)) {
                return true;
            }
            return before.equals("zone")
                    && i >= 4
                    && tokens.get(i - 2).is("time")
                    && (tokens.get(i - 3).is("with") || tokens.get(i - 3).is("without"))
                    && (tokens.get(i - 4).is("timestamp") || tokens.get(i - 4).is("time"));
        }
        return false;
    }

    private static boolean isDateTimeType(List<Token> tokens, int at) {
        int j = at;
        if (j + 2 < tokens.size()
                && tokens.get(j).is("pg_catalog")
                && tokens.get(j + 1).isPunct('.')) {
            j += 2;
        }
        Token type = tokens.get(j);
        return type.kind() == TokenKind.WORD && DATE_TIME.contains(type.lower());
    }

    private static List<ColumnDef> columns(ParsedStatement s) {
        List<ColumnDef> columns = new ArrayList<>();
        if (s.node() instanceof Statement.CreateTable ct) {
            columns.addAll(ct.columns());
        } else if (s.node() instanceof Statement.AlterTable at) {
            for (AlterAction a : at.actions()) {
                if (a instanceof AlterAction.AddColumn add) {
                    columns.add(add.column());
                }
            }
        }
        return columns;
    }
}
