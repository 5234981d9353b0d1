package io.miglint.rules.transactions;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.Statement.Transaction.TxKind;
import io.miglint.model.schema.ScriptRecord;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import io.miglint.rules.idempotency.NonIdempotentDdl;
import io.miglint.rules.locking.OwnMigration;
import io.miglint.sql.EmbeddedText;
import io.miglint.sql.PlpgsqlBody;
import io.miglint.sql.Token;
import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL has no nested transactions: a BEGIN inside a transaction block only warns "there is already a
 * transaction in progress", and the first COMMIT ends the outer block
 * (https://www.postgresql.org/docs/current/sql-begin.html). Inside a tool's transaction that COMMIT makes the rest of
 * the migration run outside it, so a later failure leaves it half-applied while the tool believes it rolled back.
 */
@RuleInfo(
        id = "transaction-nesting",
        summary = "BEGIN/COMMIT inside a transaction that is already open",
        severity = Severity.ERROR,
        category = Category.TRANSACTIONS)
public final class TransactionNesting implements ScriptRule {
    @Override
    public void check(ScriptView script, RuleContext ctx) {
        // a script of nothing but BEGIN; COMMIT; (rfcbot's placeholder down) commits an empty transaction early:
        // nothing runs outside it, and removing the pair would leave the tool an empty file
        boolean onlyTransactionControl =
                script.statements().stream().allMatch(s -> s.node() instanceof Statement.Transaction);
        boolean wrapped = script.execution().wrapped() && !onlyTransactionControl;
        ParsedStatement open = null;
        boolean whole = wrapped && wrapsWholeScript(script);
        if (whole) {
            // BEGIN first, its COMMIT last (rfcbot's bigint migration under diesel): nothing runs outside the tool's
            // transaction, so the pair is redundant, not a break
            ctx.report(
                            script.statements().get(0),
                            script.execution().reason() + ", so this BEGIN and the COMMIT that ends the file are "
                                    + "redundant: PostgreSQL warns \"there is already a transaction in progress\", and "
                                    + "as they wrap the whole file it still runs atomically")
                    .help("Remove the BEGIN/COMMIT lines: the tool already runs the migration in a transaction.")
                    .severity(Severity.INFO);
        }
        for (ParsedStatement s : script.statements()) {
            if (s.node() instanceof Statement.DoBlock d
                    && !s.isNested()
                    && (script.inTransaction(s) || ctx.pgVersion() < 11)) {
                commitInBlock(s, d, ctx);
            }
            if (!(s.node() instanceof Statement.Transaction t) || whole) {
                continue; // a whole-file pair is reported above; DO blocks are still checked
            }
            boolean begin = t.kind() == TxKind.BEGIN;
            if (wrapped
                    && !begin
                    && script.layout() == io.miglint.layout.LayoutKind.DRIZZLE
                    && OpenTransaction.endsTransaction(t)
                    && (outsideAfter(script, s) || usesUncommittedLabelAfter(script, s, ctx))) {
                // drizzle-orm has no way to run a migration outside its transaction: a COMMIT of the script's own is
                // the only way out for what cannot run inside one (sim's CONCURRENTLY builds, procedures that commit).
                // A failure after it leaves the migration unrecorded, and the next migrate() runs the whole file
                // again: worth a word only where that second run would not simply do nothing.
                List<NonIdempotentDdl.RerunFailure> unsafe = rerunFailures(script, ctx);
                if (!unsafe.isEmpty()) {
                    ctx.report(
                                    s,
                                    script.execution().reason() + ", and this "
                                            + t.kind().name() + " ends that transaction:"
                                            + " the only way out of it for what cannot run in a transaction block, but"
                                            + " what follows runs piece by piece, and a failure after it leaves the"
                                            + " earlier pieces applied and the migration unrecorded; the next migrate()"
                                            + " runs the whole file again, where " + named(unsafe))
                            .help("Write " + (unsafe.size() == 1 ? "that statement" : "those statements")
                                    + " so that a second run does nothing (" + safeForms(unsafe) + "): after a"
                                    + " failure past this " + t.kind().name() + ", the next migrate() runs the whole"
                                    + " file again. Keep the " + t.kind().name() + " only for what must run outside"
                                    + " a transaction, with everything that must be atomic before it.")
                            .severity(Severity.INFO);
                }
            } else if (wrapped && (begin || OpenTransaction.endsTransaction(t))) {
                ctx.report(
                                s,
                                begin
                                        ? script.execution().reason()
                                                + ", so this BEGIN only draws the warning \"there is "
                                                + "already a transaction in progress\" and the COMMIT that goes with it commits the "
                                                + "tool's transaction early: a later failure leaves the migration half-applied while "
                                                + "the tool believes it rolled back"
                                        : script.execution().reason() + ", so this "
                                                + t.kind().name() + " ends the tool's "
                                                + "transaction early: what follows runs outside it, and a later failure leaves the "
                                                + "migration half-applied while the tool believes it rolled back")
                        .help("Remove the BEGIN/COMMIT lines: the tool already runs the migration atomically.");
            } else if (!wrapped && begin && open != null) {
                ctx.report(
                                s,
                                "BEGIN while the transaction opened on line "
                                        + open.span().line() + " is still "
                                        + "open: PostgreSQL warns \"there is already a transaction in progress\" and the next "
                                        + "COMMIT commits both, so the inner block is not atomic on its own")
                        .help("Close the first transaction with `COMMIT;` before the second BEGIN, or use "
                                + "`SAVEPOINT name;` / `RELEASE SAVEPOINT name;` for a nested unit.");
            }
            if (begin && open == null) {
                open = s;
            } else if (OpenTransaction.endsTransaction(t)) {
                open = null;
            }
        }
    }

    /**
     * What PostgreSQL runs only outside a transaction block, a procedure's CALL that may commit, or a VALIDATE
     * CONSTRAINT, which is meant to scan in a transaction of its own once the NOT VALID constraint's lock is released.
     */
    private static final java.util.regex.Pattern OUTSIDE = java.util.regex.Pattern.compile(
            "(?is)\\bCONCURRENTLY\\b|\\bVALIDATE\\s+CONSTRAINT\\b|^\\s*(VACUUM|CALL|ALTER\\s+SYSTEM|CREATE\\s+DATABASE|ALTER\\s+TYPE\\s+\\S+\\s+ADD\\s+VALUE)\\b");

    /** Whether a statement after {@code end} needs to run outside a transaction block: why the script ends one. */
    private static boolean outsideAfter(ScriptView script, ParsedStatement end) {
        return script.statements().stream()
                .filter(x -> x.span().start() > end.span().start() && x.isSql())
                .anyMatch(x -> OUTSIDE.matcher(x.raw().text()).find());
    }

    /**
     * Whether a statement after {@code end} uses an enum label that is uncommitted until it: one an earlier migration
     * added (drizzle-orm runs them all in its one transaction) or one this script added before it. The COMMIT is then
     * what lets PostgreSQL use the label ("unsafe use of new value" otherwise).
     */
    private static boolean usesUncommittedLabelAfter(ScriptView script, ParsedStatement end, RuleContext ctx) {
        java.util.Set<String> labels = new java.util.HashSet<>(
                ctx.schema().uncommittedEnumLabelsBeforeScript().keySet());
        for (ParsedStatement x : script.statements()) {
            if (x.span().start() >= end.span().start()) {
                break;
            }
            if (x.node() instanceof Statement.AlterType at
                    && at.action() == Statement.AlterType.TypeAction.ADD_VALUE
                    && at.value() != null) {
                labels.add(at.value());
            }
        }
        return script.statements().stream()
                .filter(x -> x.span().start() > end.span().start() && x.isSql())
                .anyMatch(x -> labels.stream().anyMatch(l -> EnumValueInTransaction.usesLabel(x, l)));
    }

    /** How many of the statements that make a second run fail a finding names, one by one. */
    private static final int NAMED = 3;

    /**
     * The statements of the script that make its second run fail (or do their work twice) when a failure after its
     * own COMMIT left them applied: non-idempotent-ddl's judgment, each statement against what the script did before
     * it, whether or not that rule is on.
     */
    private static List<NonIdempotentDdl.RerunFailure> rerunFailures(ScriptView script, RuleContext ctx) {
        List<NonIdempotentDdl.RerunFailure> out = new java.util.ArrayList<>();
        List<ParsedStatement> all = script.statements();
        ScriptRecord before = ScriptRecord.of(List.of());
        for (int i = 0; i < all.size(); i++) {
            before = before.completedWith(all.subList(0, i));
            out.addAll(NonIdempotentDdl.rerunFailures(all.get(i), ctx, before, false));
        }
        return out;
    }

    /** "line 2 fails: …; line 5 fails: …; and 3 more". */
    private static String named(List<NonIdempotentDdl.RerunFailure> unsafe) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(NAMED, unsafe.size()); i++) {
            b.append(i == 0 ? "" : "; ")
                    .append("line ")
                    .append(unsafe.get(i).at().line())
                    .append(' ')
                    .append(unsafe.get(i).outcome());
        }
        if (unsafe.size() > NAMED) {
            b.append("; and ").append(unsafe.size() - NAMED).append(" more");
        }
        return b.toString();
    }

    /**
     * "line 2: `…`, line 5: `…`": the safe form of the statements {@link #named} names, as long as they stay short
     * (a type's guard is a DO block), the first one always.
     */
    private static String safeForms(List<NonIdempotentDdl.RerunFailure> unsafe) {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (NonIdempotentDdl.RerunFailure f : unsafe.subList(0, Math.min(NAMED, unsafe.size()))) {
            String form = "line " + f.at().line() + ": `" + f.safe() + "`";
            if (shown > 0 && b.length() + form.length() > 300) {
                break;
            }
            b.append(shown++ == 0 ? "" : ", ").append(form);
        }
        if (shown < unsafe.size()) {
            b.append(", and likewise for the other").append(unsafe.size() - shown == 1 ? "" : "s");
        }
        return b.toString();
    }

    /** The script's first statement is a BEGIN and its only transaction end is its last statement. */
    private static boolean wrapsWholeScript(ScriptView script) {
        List<ParsedStatement> all = script.statements();
        if (all.size() < 2
                || !(all.get(0).node() instanceof Statement.Transaction first)
                || first.kind() != TxKind.BEGIN
                || !(all.get(all.size() - 1).node() instanceof Statement.Transaction last)
                || !OpenTransaction.endsTransaction(last)
                || last.kind() == TxKind.ROLLBACK) {
            return false;
        }
        return all.subList(1, all.size() - 1).stream()
                .noneMatch(s -> !s.isNested() && s.node() instanceof Statement.Transaction);
    }

    /**
     * A DO block may COMMIT or ROLLBACK only when it is called outside a transaction block, and only from
     * PostgreSQL 11 (https://www.postgresql.org/docs/current/plpgsql-transactions.html); otherwise the statement
     * fails with "invalid transaction termination".
     */
    private static void commitInBlock(ParsedStatement s, Statement.DoBlock d, RuleContext ctx) {
        String lower = d.body().toLowerCase(Locale.ROOT);
        if (!d.language().equals("plpgsql") || !(lower.contains("commit") || lower.contains("rollback"))) {
            return;
        }
        EmbeddedText body = EmbeddedText.ofBlockBody(s.raw(), d.body());
        if (body == null) {
            return;
        }
        for (Token t : PlpgsqlBody.walk(body.tokens()).transactionControl()) {
            String what = t.value().toUpperCase(Locale.ROOT);
            ctx.report(
                            body.source().span(t.start(), t.end()),
                            ctx.pgVersion() < 11
                                    ? what + " inside a DO block needs PostgreSQL 11 or later: the migration fails here"
                                    : what + " inside a DO block that runs in a transaction block fails with \"invalid "
                                            + "transaction termination\": a block may end transactions only when called outside one")
                    .help(
                            ctx.script().isDown()
                                            && OwnMigration.inDown(ctx.script()).isEmpty()
                                    ? "Drop the " + what + " and let the down's transaction end the work ("
                                            + OwnMigration.noWayInDown(ctx.script()) + ")."
                                    : "Drop the " + what
                                            + " and let the migration's transaction end the work, or run the "
                                            + "block alone outside a transaction ("
                                            + OwnMigration.howToRunOutsideTransaction(ctx.script()) + ").");
        }
    }
}
