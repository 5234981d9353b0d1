package io.miglint.rules.idempotency;

import io.miglint.layout.LayoutKind;
import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TransactionRules;
import io.miglint.model.schema.ObjectRef;
import io.miglint.model.schema.ScriptRecord;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.RuleOption;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import io.miglint.sql.Span;
import java.util.Locale;

/**
 * A migration that stopped half-way (a lock timeout, a failed statement after an earlier one committed) is run
 * again; every statement it already committed must then be a no-op instead of an error. A statement of a DO block
 * under a guard written in PL/pgSQL (an IF branch such as {@code IF NOT EXISTS (SELECT … FROM
 * information_schema…)}, a loop, a block whose EXCEPTION clause catches the error) is not judged: the guard is
 * what makes it safe to repeat. Function bodies run later and are never judged. A create preceded in the same script
 * by a drop of the same object, and a drop of what the script itself created, are safe.
 */
@RuleInfo(
        id = "non-idempotent-ddl",
        summary = "DDL fails when the migration runs a second time",
        severity = Severity.INFO,
        category = Category.IDEMPOTENCY,
        optIn = true,
        options = {
            @RuleOption(
                    name = "rerun-whole-scripts",
                    type = RuleOption.Type.BOOLEAN,
                    description = "judge every statement of hand-run layouts, as scripts may be run again whole "
                            + "(default false)")
        })
public final class NonIdempotentDdl implements StatementRule {
    /**
     * What a second run of a statement does instead of nothing, at {@code at}: {@code outcome} completes "a second run
     * …" ({@code fails: relation "users" already exists}); {@code safe} is the statement written so that a second run
     * does nothing, and {@code fix} says what it changes ("Make it a no-op when already done").
     */
    public record RerunFailure(Span at, String outcome, String fix, String safe) {
        /** The fix with its SQL: "Make it a no-op when already done: `CREATE TABLE IF NOT EXISTS users (…);`". */
        public String help() {
            return fix + ": `" + safe + "`";
        }
    }

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        for (RerunFailure f : rerunFailures(
                s,
                ctx,
                ctx.schema().currentScript(),
                ctx.options().bool("options.non-idempotent-ddl.rerun-whole-scripts", false))) {
            ctx.report(f.at(), "a second run " + f.outcome()).help(f.help());
        }
    }

    /**
     * Why running the script of {@code s} again fails at {@code s} (or does it twice), when a later failure of the
     * script can leave {@code s} committed: empty when the statement is a no-op the second time, when a guard of its
     * DO block makes it one, or when any later failure undoes it (the whole script runs in one transaction from it on;
     * see {@link #undoneByALaterFailure}). {@code before} is what the script did before {@code s} (a create after a
     * drop of the same object is safe). The one judgment of rerun safety, for this rule and for any other that asks
     * whether a script can simply run again (transaction-nesting, of a Drizzle script's own COMMIT).
     */
    public static java.util.List<RerunFailure> rerunFailures(
            ParsedStatement s, RuleContext ctx, ScriptRecord before, boolean rerunWholeScripts) {
        java.util.List<RerunFailure> out = new java.util.ArrayList<>();
        if (s.isConditional() || undoneByALaterFailure(ctx.script(), s, ctx.pgVersion(), rerunWholeScripts)) {
            return out;
        }
        judge(s, ctx, before, out);
        return out;
    }

    private static void judge(
            ParsedStatement s, RuleContext ctx, ScriptRecord before, java.util.List<RerunFailure> out) {
        Statement n = s.node();
        if (n instanceof Statement.CreateTable ct
                && !ct.ifNotExists()
                && !ct.temporary()
                && !guarded(before, new ObjectRef(ObjectKind.TABLE, ct.table().key(), null))) {
            report(
                    out,
                    s.span(),
                    "relation \"" + ct.table() + "\" already exists",
                    "CREATE TABLE IF NOT EXISTS " + WrittenSql.name(ct.table()) + " (…);");
        } else if (n instanceof Statement.CreateIndex ci
                && !ci.ifNotExists()
                && (ci.name() == null || !guarded(before, new ObjectRef(ObjectKind.INDEX, ci.name(), null)))) {
            if (ci.name() == null) {
                out.add(new RerunFailure(
                        s.span(),
                        "builds a duplicate, unnamed index on " + ci.table(),
                        "Name the index and guard it",
                        "CREATE INDEX IF NOT EXISTS " + ci.table().name() + "_…_idx ON " + WrittenSql.name(ci.table())
                                + " (…);"));
            } else {
                report(
                        out,
                        s.span(),
                        "relation \"" + ci.name() + "\" already exists",
                        "CREATE INDEX IF NOT EXISTS " + WrittenSql.ident(ci.name()) + " ON "
                                + WrittenSql.name(ci.table()) + " (…);");
            }
        } else if (n instanceof Statement.Create c
                && !c.ifNotExists()
                && (c.kind() == ObjectKind.SCHEMA
                        || c.kind() == ObjectKind.SEQUENCE
                        || c.kind() == ObjectKind.EXTENSION)
                && !guarded(before, new ObjectRef(c.kind(), c.name().key(), null))) {
            String what =
                    c.kind() == ObjectKind.SEQUENCE ? "relation" : c.kind().sql();
            report(
                    out,
                    s.span(),
                    what + " \"" + c.name() + "\" already exists",
                    "CREATE " + c.kind().sql().toUpperCase(Locale.ROOT) + " IF NOT EXISTS " + WrittenSql.name(c.name())
                            + " …;");
        } else if (n instanceof Statement.Create c
                && c.kind() == ObjectKind.DOMAIN
                && !guarded(before, new ObjectRef(ObjectKind.TYPE, c.name().key(), null))) {
            report(out, s.span(), "type \"" + c.name() + "\" already exists", guardHelp("domain", c.name()));
        } else if (n instanceof Statement.CreateType t
                && !guarded(before, new ObjectRef(ObjectKind.TYPE, t.name().key(), null))) {
            report(out, s.span(), "type \"" + t.name() + "\" already exists", guardHelp("type", t.name()));
        } else if (n instanceof Statement.CreateFunction f && !f.orReplace()) {
            String kind = f.procedure() ? "PROCEDURE" : "FUNCTION";
            report(
                    out,
                    s.span(),
                    kind.toLowerCase(Locale.ROOT) + " \"" + f.name() + "\" already exists with same argument "
                            + "types",
                    "CREATE OR REPLACE " + kind + " " + WrittenSql.name(f.name()) + "(…) …;");
        } else if (n instanceof Statement.CreateView v
                && !v.orReplace()
                && !v.ifNotExists()
                && !guarded(
                        before,
                        new ObjectRef(
                                v.materialized() ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.VIEW,
                                v.name().key(),
                                null))) {
            report(
                    out,
                    s.span(),
                    "relation \"" + v.name() + "\" already exists",
                    v.materialized()
                            ? "CREATE MATERIALIZED VIEW IF NOT EXISTS " + WrittenSql.name(v.name()) + " AS …;"
                            : "CREATE OR REPLACE VIEW " + WrittenSql.name(v.name()) + " AS …;");
        } else if (n instanceof Statement.CreateTrigger t
                && !t.orReplace()
                && !guarded(
                        before,
                        new ObjectRef(ObjectKind.TRIGGER, t.name(), t.table().key()))) {
            String drop = "DROP TRIGGER IF EXISTS " + WrittenSql.ident(t.name()) + " ON " + WrittenSql.name(t.table())
                    + "; CREATE TRIGGER " + WrittenSql.ident(t.name()) + " …;";
            report(
                    out,
                    s.span(),
                    "trigger \"" + t.name() + "\" for relation \"" + t.table() + "\" already exists",
                    ctx.pgVersion() >= 14
                            ? "CREATE OR REPLACE TRIGGER " + WrittenSql.ident(t.name()) + " … ;` (PostgreSQL 14+), or `"
                                    + drop
                            : drop);
        } else if (n instanceof Statement.CreatePolicy p
                && !guarded(
                        before,
                        new ObjectRef(ObjectKind.POLICY, p.name(), p.table().key()))) {
            report(
                    out,
                    s.span(),
                    "policy \"" + p.name() + "\" for table \"" + p.table() + "\" already exists",
                    "DROP POLICY IF EXISTS " + WrittenSql.ident(p.name()) + " ON " + WrittenSql.name(p.table())
                            + "; CREATE POLICY " + WrittenSql.ident(p.name()) + " ON " + WrittenSql.name(p.table())
                            + " …;");
        } else if (n instanceof Statement.Drop d && !d.ifExists()) {
            for (QualifiedName name : d.names()) {
                if (!createdHere(ctx, before, d, name, s.index())) {
                    String kind = d.kind() == ObjectKind.PROCEDURE
                            ? "procedure"
                            : d.kind().sql();
                    report(
                            out,
                            s.span(),
                            kind + " \"" + name + "\" does not exist",
                            WrittenSql.withIfExists(s, s.span()) + ";");
                    return;
                }
            }
        } else if (n instanceof Statement.AlterTable at) {
            alterTable(out, before, at, s);
        }
    }

    private static void alterTable(
            java.util.List<RerunFailure> out, ScriptRecord before, Statement.AlterTable at, ParsedStatement s) {
        String table = at.table().key();
        for (AlterAction a : at.actions()) {
            if (a instanceof AlterAction.AddColumn ac
                    && !ac.ifNotExists()
                    && !guarded(
                            before, new ObjectRef(ObjectKind.COLUMN, ac.column().name(), table))) {
                report(
                        out,
                        a.span(),
                        "column \"" + ac.column().name() + "\" of relation \"" + at.table() + "\" already exists",
                        WrittenSql.alterTable(s, at) + " " + WrittenSql.addColumnIfNotExists(s, a.span()) + ";");
            } else if (a instanceof AlterAction.DropColumn dc
                    && !dc.ifExists()
                    && !before.creates(new ObjectRef(ObjectKind.COLUMN, dc.column(), table))) {
                report(
                        out,
                        a.span(),
                        "column \"" + dc.column() + "\" of relation \"" + at.table() + "\" does not exist",
                        WrittenSql.alterTable(s, at) + " " + WrittenSql.withIfExists(s, a.span()) + ";");
            } else if (a instanceof AlterAction.DropConstraint dc
                    && !dc.ifExists()
                    && !before.creates(new ObjectRef(ObjectKind.CONSTRAINT, dc.name(), table))) {
                report(
                        out,
                        a.span(),
                        "constraint \"" + dc.name() + "\" of relation \"" + at.table() + "\" does not exist",
                        WrittenSql.alterTable(s, at) + " " + WrittenSql.withIfExists(s, a.span()) + ";");
            } else if (a instanceof AlterAction.AddConstraint ac) {
                String name = ac.constraint().name();
                if (name == null) {
                    out.add(new RerunFailure(
                            a.span(),
                            "adds this unnamed constraint to " + at.table() + " again "
                                    + "(a duplicate check or foreign key, or an error for a primary key)",
                            "Name it and drop it first",
                            WrittenSql.alterTable(s, at) + " DROP CONSTRAINT IF EXISTS "
                                    + at.table().name() + "_…; "
                                    + WrittenSql.alterTable(s, at) + " ADD CONSTRAINT "
                                    + at.table().name()
                                    + "_… …;"));
                } else if (!guarded(before, new ObjectRef(ObjectKind.CONSTRAINT, name, table))) {
                    report(
                            out,
                            a.span(),
                            "constraint \"" + name + "\" for relation \"" + at.table() + "\" already exists",
                            WrittenSql.alterTable(s, at) + " DROP CONSTRAINT IF EXISTS "
                                    + WrittenSql.ident(name) + "; " + WrittenSql.alterTable(s, at) + " ADD CONSTRAINT "
                                    + WrittenSql.ident(name) + " …;");
                }
            }
        }
    }

    /** A create is safe to repeat when the same script dropped the object first. */
    private static boolean guarded(ScriptRecord before, ObjectRef o) {
        return before.dropped().contains(o)
                || o.kind() == ObjectKind.INDEX
                        && before.dropped().stream()
                                .anyMatch(d ->
                                        d.kind() == ObjectKind.INDEX && d.name().equals(o.name()));
    }

    private static boolean createdHere(
            RuleContext ctx, ScriptRecord before, Statement.Drop d, QualifiedName name, int index) {
        if (d.kind() == ObjectKind.INDEX) {
            return ctx.wholeScript().indexCreatedBefore(name.name(), index).isPresent();
        }
        if (d.kind() == ObjectKind.TABLE) {
            return ctx.wholeScript().tableCreatedBefore(name, index);
        }
        boolean onTable = d.onTable() != null;
        return before.creates(new ObjectRef(
                d.kind(),
                onTable ? name.name() : name.key(),
                onTable ? d.onTable().key() : null));
    }

    /**
     * Only a statement that is already committed when a later one fails makes the re-run fail. A statement whose
     * transaction runs to the end of the script is undone by any later failure: the tool's own transaction (diesel,
     * dbmate, sqlx, Flyway), golang-migrate's implicit one for a multi-statement file, or a psql script's BEGIN …
     * COMMIT around everything; the last statement of a script has nothing after it that could fail. Statements that
     * refuse a transaction block (CONCURRENTLY) are not atomic themselves: a failed concurrent build leaves an
     * invalid index behind. A Flyway repeatable (R__) runs again on a schema that already has its objects whenever
     * it changes, so nothing excuses it. https://www.postgresql.org/docs/current/tutorial-transactions.html
     */
    private static boolean undoneByALaterFailure(
            ScriptView script, ParsedStatement s, int pg, boolean rerunWholeScripts) {
        if ("R".equals(script.migration().kind()) || TransactionRules.refusesTransactionBlock(s.node(), pg)) {
            return false;
        }
        // Hand-run scripts (numbered, rollback-suffix) are judged like the others: a script wrapped in BEGIN … COMMIT
        // is undone as a whole by any failure. A team whose guide says a committed script may be run again as a whole
        // (no tracking of what ran) asks for every statement to be judged with this option.
        if (rerunWholeScripts
                && (script.layout() == LayoutKind.NUMBERED || script.layout() == LayoutKind.ROLLBACK_SUFFIX)) {
            return false;
        }
        boolean committed = !script.inTransaction(s);
        for (ParsedStatement later :
                script.statements().subList(s.index() + 1, script.statements().size())) {
            if (!later.isSql() || later.node() instanceof Statement.PsqlMeta) {
                continue;
            }
            if (later.node() instanceof Statement.Transaction t) {
                Statement.Transaction.TxKind k = t.kind();
                committed |= k == Statement.Transaction.TxKind.COMMIT
                        || k == Statement.Transaction.TxKind.ROLLBACK
                        || k == Statement.Transaction.TxKind.PREPARE;
            } else if (committed || !script.inTransaction(later)) {
                return false;
            }
        }
        return true;
    }

    private static String guardHelp(String kind, QualifiedName name) {
        String n = WrittenSql.name(name);
        return "DROP " + kind.toUpperCase(Locale.ROOT) + " IF EXISTS " + n + "; CREATE " + kind.toUpperCase(Locale.ROOT)
                + " " + n
                + " …;` when nothing depends on it yet, or guard it: `DO $$ BEGIN CREATE "
                + kind.toUpperCase(Locale.ROOT) + " "
                + n + " …; EXCEPTION WHEN duplicate_object THEN NULL; END $$;";
    }

    private static void report(java.util.List<RerunFailure> out, Span at, String error, String safe) {
        out.add(new RerunFailure(at, "fails: " + error, "Make it a no-op when already done", safe));
    }
}
