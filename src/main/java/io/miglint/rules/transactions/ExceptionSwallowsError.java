package io.miglint.rules.transactions;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.sql.EmbeddedText;
import io.miglint.sql.PlpgsqlBody;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.List;
import java.util.Locale;

/**
 * A PL/pgSQL block with an EXCEPTION clause runs its body in a subtransaction; when a handler catches the error, the
 * body's changes are rolled back and the block ends normally
 * (https://www.postgresql.org/docs/current/plpgsql-control-structures.html#PLPGSQL-ERROR-TRAPPING). A handler for
 * {@code others} that only does {@code NULL} or {@code RAISE NOTICE} therefore turns any failure of the DDL it
 * guards (a lock timeout, a missing column, rows that break the new constraint) into a migration that reports
 * success and is recorded as applied, without its change. Handlers for a named condition ({@code WHEN
 * duplicate_object THEN NULL}, the usual guard for CREATE TYPE) catch only the case they were written for and are
 * fine. Only DO blocks are checked: they run when the migration runs, function bodies when the function is called.
 */
@RuleInfo(
        id = "exception-swallows-error",
        summary = "EXCEPTION WHEN others hides a failed change in a DO block",
        severity = Severity.ERROR,
        category = Category.TRANSACTIONS)
public final class ExceptionSwallowsError implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.DoBlock d)
                || !d.language().equals("plpgsql")
                || !d.body().toLowerCase(Locale.ROOT).contains("others")) {
            // Reading the body again costs as much as the file up to it; most blocks have no handler at all.
            return;
        }
        EmbeddedText body = EmbeddedText.ofBlockBody(s.raw(), d.body());
        if (body == null) {
            return;
        }
        for (PlpgsqlBody.Handler h : PlpgsqlBody.walk(body.tokens()).handlers()) {
            if (!h.quiet() || !h.conditions().contains("others") || h.guarded().isEmpty()) {
                continue;
            }
            PlpgsqlBody.Piece first = h.guarded().get(0);
            String what = describe(first) + " on line "
                    + body.source().lineOf(first.first().start())
                    + (h.guarded().size() > 1
                            ? " and " + (h.guarded().size() - 1) + " more change"
                                    + (h.guarded().size() > 2 ? "s" : "")
                            : "");
            ctx.report(
                            body.source().span(h.when().start(), h.last().end()),
                            "WHEN others with only NULL or a notice "
                                    + "hides any failure of " + what + ": the block's changes are rolled back and the "
                                    + "migration is recorded as applied without them")
                    .help(expected(first)
                            .map(e -> "Catch only the condition the block expects: `WHEN " + e + " THEN NULL;`, what "
                                    + describe(first) + " raises when what it makes exists already; or check first "
                                    + "(`IF NOT EXISTS (SELECT 1 FROM pg_catalog…) THEN … END IF;`) and let any other "
                                    + "error fail the migration.")
                            .orElse("Catch only the condition the block expects (`WHEN duplicate_object THEN NULL;` "
                                    + "for a type, or a CHECK or foreign key, that may exist, `WHEN duplicate_table` "
                                    + "for a UNIQUE or PRIMARY KEY constraint, index or table (the name of its "
                                    + "relation is taken), `WHEN undefined_object` for a role that may be missing, "
                                    + "`WHEN duplicate_column`), or check first (`IF NOT EXISTS (SELECT 1 FROM "
                                    + "pg_catalog…) THEN … END IF;`, `ADD COLUMN IF NOT EXISTS`) and let any other "
                                    + "error fail the migration."));
        }
    }

    /**
     * The condition the guarded statement raises when what it makes exists already (checked on PostgreSQL 15): a
     * UNIQUE or PRIMARY KEY constraint, an index or a table is a relation, 42P07 duplicate_table (rudder-server's
     * ADD CONSTRAINT … UNIQUE); a CHECK, a foreign key or a type 42710 duplicate_object; a column duplicate_column.
     * Empty for an EXECUTE or anything else.
     */
    private static java.util.Optional<String> expected(PlpgsqlBody.Piece p) {
        if (p.execute()) {
            return java.util.Optional.empty();
        }
        List<String> words = p.tokens().stream()
                .filter(t -> t.kind() == TokenKind.WORD)
                .map(t -> t.value().toLowerCase(Locale.ROOT))
                .toList();
        if (words.size() < 2) {
            return java.util.Optional.empty();
        }
        if (words.get(0).equals("create")) {
            return words.contains("index") || words.get(1).equals("table")
                    ? java.util.Optional.of("duplicate_table")
                    : words.get(1).equals("type")
                            ? java.util.Optional.of("duplicate_object")
                            : java.util.Optional.empty();
        }
        if (words.get(0).equals("alter") && words.contains("add")) {
            if (words.contains("constraint")) {
                return words.contains("unique") || words.contains("primary")
                        ? java.util.Optional.of("duplicate_table")
                        : java.util.Optional.of("duplicate_object");
            }
            if (words.contains("column")) {
                return java.util.Optional.of("duplicate_column");
            }
        }
        return java.util.Optional.empty();
    }

    private static String describe(PlpgsqlBody.Piece p) {
        if (p.execute()) {
            return "the EXECUTE";
        }
        StringBuilder out = new StringBuilder();
        int words = 0;
        for (Token t : p.tokens()) {
            if (words == 2 || t.kind() != TokenKind.WORD) {
                break;
            }
            out.append(words++ == 0 ? "" : " ").append(t.value().toUpperCase(Locale.ROOT));
        }
        return out.toString();
    }
}
