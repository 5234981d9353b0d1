package io.miglint.rules.transactions;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.List;

/**
 * Before PostgreSQL 12, ALTER TYPE … ADD VALUE cannot run inside a transaction block; from 12 it can, but the new
 * value cannot be used until the transaction commits ("unsafe use of new value")
 * (https://www.postgresql.org/docs/current/sql-altertype.html#id-1.9.3.42.7). Before 12 both were allowed when the
 * enum type itself was created in the same transaction; from 12 a value added by ALTER TYPE stays unusable until
 * commit even then (checked on PostgreSQL 15). A literal read as text (compared with a column cast to text) is not a
 * use of the value.
 */
@RuleInfo(
        id = "enum-value-in-transaction",
        summary = "New enum value added in a transaction that cannot use it",
        severity = Severity.ERROR,
        category = Category.TRANSACTIONS)
public final class EnumValueInTransaction implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        ScriptView script = ctx.script();
        if (script.layout() == io.miglint.layout.LayoutKind.DRIZZLE
                && !script.isDown()
                && ctx.pgVersion() >= 12
                && script.inTransaction(s)) {
            usedAfterEarlierMigration(s, ctx);
        }
        if (!(s.node() instanceof Statement.AlterType at)
                || at.action() != Statement.AlterType.TypeAction.ADD_VALUE
                || at.value() == null
                || !script.inTransaction(s)) {
            return;
        }
        if (ctx.pgVersion() < 12) {
            if (typeCreatedInSameTransaction(script, at, s.index())) {
                return;
            }
            String why = OpenTransaction.explicitBegin(script, s)
                    .map(b -> "the BEGIN on line " + b.span().line() + " is still open")
                    .orElse(script.execution().reason());
            ctx.report(
                            s,
                            "fails on PostgreSQL " + ctx.pgVersion() + " with \"ALTER TYPE ... ADD cannot run inside "
                                    + "a transaction block\": " + why)
                    .help(
                            noWayInDown(script)
                                    ? "This down cannot add an enum value on PostgreSQL "
                                            + ctx.pgVersion() + ": "
                                            + io.miglint.rules.locking.OwnMigration.noWayInDown(script)
                                            + ". Add it by hand before rolling back (`ALTER TYPE "
                                            + io.miglint.rules.WrittenSql.name(at.name()) + " ADD VALUE IF NOT EXISTS '"
                                            + at.value().replace("'", "''")
                                            + "';` outside a transaction) and leave it out of the down."
                                    : "Put `ALTER TYPE " + io.miglint.rules.WrittenSql.name(at.name())
                                            + " ADD VALUE IF NOT "
                                            + "EXISTS '" + at.value().replace("'", "''") + "';` alone in "
                                            + io.miglint.rules.locking.OwnMigration.howToRunOutsideTransaction(script)
                                            + ".");
            return;
        }
        List<ParsedStatement> all = script.statements();
        for (int j = s.index() + 1;
                j < all.size()
                        && script.inTransaction(all.get(j))
                        && !OpenTransaction.endsTransaction(all.get(j).node());
                j++) {
            if (usesLabel(all.get(j), at.value())) {
                ctx.report(
                                all.get(j),
                                "uses enum value '" + at.value() + "' added on line "
                                        + s.span().line()
                                        + " in the same transaction: PostgreSQL refuses it with \"unsafe use of new value \""
                                        + at.value() + "\" of enum type " + at.name()
                                        + "\" until that transaction commits")
                        .help(
                                noWayInDown(script)
                                        ? "No commit can come between the two in this down: "
                                                + io.miglint.rules.locking.OwnMigration.noWayInDown(script)
                                                + ". Add the value by "
                                                + "hand before rolling back (`ALTER TYPE "
                                                + io.miglint.rules.WrittenSql.name(at.name())
                                                + " ADD VALUE IF NOT EXISTS '"
                                                + at.value().replace("'", "''") + "';`) and write the "
                                                + "down's ADD VALUE with IF NOT EXISTS, so that this statement finds it committed."
                                        : script.layout() == io.miglint.layout.LayoutKind.DRIZZLE
                                                ? "Commit between the two: put a `COMMIT;--> statement-breakpoint` "
                                                        + "line after the ADD VALUE (drizzle-orm runs every pending "
                                                        + "migration in one transaction, so a migration of its own "
                                                        + "would not commit it), and write the statements after it so "
                                                        + "that the file can run again: they run outside that "
                                                        + "transaction."
                                                : "Commit between the two: put `ALTER TYPE "
                                                        + io.miglint.rules.WrittenSql.name(at.name())
                                                        + " ADD VALUE IF NOT EXISTS '"
                                                        + at.value().replace("'", "''")
                                                        + "';` in its own migration (or before a `COMMIT;`) and use "
                                                        + "the value in a later one.");
                return;
            }
        }
    }

    /**
     * drizzle-orm runs every pending migration in one transaction (PgDialect.migrate): a label an earlier migration
     * added, with no COMMIT of a script's own since, is still uncommitted wherever both migrations are pending — on
     * every new database — and PostgreSQL refuses its use.
     */
    private static void usedAfterEarlierMigration(ParsedStatement s, RuleContext ctx) {
        String current = ctx.schema().currentVersion();
        for (var e : ctx.schema().uncommittedEnumLabels().entrySet()) {
            String label = e.getKey();
            String addedBy = e.getValue().version();
            if (addedBy == null
                    || addedBy.equals(current)
                    || !usesLabel(s, label)
                    || !touchesType(s, e.getValue().type(), ctx)) {
                continue;
            }
            ctx.report(
                            s,
                            "uses enum value '" + label + "' that migration " + addedBy + " adds: drizzle-orm's "
                                    + "migrate() runs all pending migrations in one transaction, and no COMMIT comes "
                                    + "between the two, so wherever both are pending (every new database) PostgreSQL "
                                    + "refuses it with \"unsafe use of new value\" and the whole migration run fails")
                    .help("Commit before the use: make `COMMIT;--> statement-breakpoint` this file's first piece (it "
                            + "commits what the earlier migrations did, and where they were applied long ago it "
                            + "commits nothing), and write the statements after it so that the file can run again: "
                            + "they run outside drizzle's transaction.");
            return;
        }
    }

    /**
     * The statement names the enum type (a cast) or a table with a column of it: a literal equal to the label in a
     * statement about other tables is some other text, not the enum value.
     */
    private static boolean touchesType(ParsedStatement s, String typeKey, RuleContext ctx) {
        java.util.Set<String> names = new java.util.HashSet<>();
        names.add(io.miglint.model.QualifiedName.of(typeKey).name());
        for (io.miglint.model.schema.Table t : ctx.schema().tables()) {
            if (t.columns().stream()
                    .anyMatch(c -> c.type() != null && c.type().key().equals(typeKey))) {
                names.add(t.name().name());
            }
        }
        return s.raw().tokens().stream()
                .anyMatch(t -> t.kind() == TokenKind.WORD && names.contains(t.lower())
                        || t.kind() == TokenKind.QUOTED_IDENT && names.contains(t.value()));
    }

    private static boolean typeCreatedInSameTransaction(ScriptView script, Statement.AlterType at, int before) {
        for (int i = before - 1; i >= 0; i--) {
            ParsedStatement p = script.statements().get(i);
            if (!script.inTransaction(p) || OpenTransaction.endsTransaction(p.node())) {
                return false;
            }
            if (p.node() instanceof Statement.CreateType ct && ct.name().sameAs(at.name())) {
                return true;
            }
        }
        return false;
    }

    static boolean usesLabel(ParsedStatement s, String label) {
        if (s.node() instanceof Statement.AlterType) {
            return false;
        }
        List<Token> tokens =
                s.raw().tokens().stream().filter(t -> !t.isComment()).toList();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if ((t.kind() == TokenKind.STRING && t.value().equals(label) && !comparedAsText(tokens, i))
                    || (t.kind() == TokenKind.DOLLAR_STRING
                            && t.value().contains("'" + label.replace("'", "''") + "'"))) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.Set<String> TEXT_TYPES = java.util.Set.of("text", "varchar", "name", "bpchar");

    /**
     * Whether the string literal at {@code i} is read as text, not as the enum's value: cast to text itself
     * ({@code 'v'::text}), or compared with an expression cast to text ({@code operation::text = 'v'},
     * {@code operation::text IN ('u', 'v')}, lakekeeper's CHECK): PostgreSQL accepts those in the transaction that
     * added the value (checked on 15); {@code operation IN ('u', 'v')} it refuses.
     */
    static boolean comparedAsText(List<Token> tokens, int i) {
        if (i + 2 < tokens.size()
                && tokens.get(i + 1).kind() == TokenKind.OPERATOR
                && tokens.get(i + 1).value().equals("::")) {
            return TEXT_TYPES.contains(tokens.get(i + 2).lower());
        }
        int j = i - 1;
        if (j >= 0
                && tokens.get(j).kind() == TokenKind.OPERATOR
                && List.of("=", "<>", "!=").contains(tokens.get(j).value())) {
            return castToText(tokens, j - 1);
        }
        // inside an IN list: walk back over the other literals and commas to the '(' and its IN
        while (j >= 0
                && (tokens.get(j).kind() == TokenKind.STRING || tokens.get(j).isPunct(','))) {
            j--;
        }
        if (j >= 1 && tokens.get(j).isPunct('(') && tokens.get(j - 1).is("in")) {
            int k = j - 2;
            if (k >= 0 && tokens.get(k).is("not")) {
                k--;
            }
            return castToText(tokens, k);
        }
        return false;
    }

    /** Whether the expression ending at token {@code end} ends with a cast to a text type ({@code ::text}). */
    private static boolean castToText(List<Token> tokens, int end) {
        return end >= 1
                && TEXT_TYPES.contains(tokens.get(end).lower())
                && tokens.get(end - 1).kind() == TokenKind.OPERATOR
                && tokens.get(end - 1).value().equals("::");
    }

    private static boolean noWayInDown(ScriptView script) {
        return script.isDown()
                && io.miglint.rules.locking.OwnMigration.inDown(script).isEmpty();
    }
}
