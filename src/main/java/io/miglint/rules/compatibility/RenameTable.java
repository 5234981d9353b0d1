package io.miglint.rules.compatibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.schema.ReshapedTables;
import io.miglint.model.schema.SchemaModel;
import io.miglint.model.schema.ScriptRecord;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.Rollback;
import io.miglint.rules.WrittenSql;
import java.util.List;
import java.util.Optional;

/**
 * Running instances of the old code keep querying the old table name until they are all replaced. A down that gives
 * a table back the name it had before the up is the normal reversal; other renames in a down are judged by what the
 * release a rollback returns to uses ({@link #inDown}), never with a view or expand and contract, which a down cannot
 * offer.
 */
@RuleInfo(
        id = "rename-table",
        summary = "Renaming a table breaks code that still uses the old name",
        severity = Severity.WARNING,
        category = Category.COMPATIBILITY,
        onlineOnly = true)
public final class RenameTable implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        Optional<ScriptRecord> up = ctx.schemaAfterUp().map(SchemaModel::currentScript);
        for (AlterAction a : at.actions()) {
            if (!(a instanceof AlterAction.RenameTable rt)) {
                continue;
            }
            String to = new QualifiedName(at.table().schema(), rt.to()).key();
            Optional<SchemaRebuild.Rebuild> rebuild = ctx.script().isDown() ? Optional.empty() : SchemaRebuild.of(ctx);
            if (rebuild.isPresent() && rebuild.get().moves(at.table())) {
                if (rebuild.get().first() == s) {
                    reportRebuild(ctx, a, rebuild.get());
                }
                continue;
            }
            if ((up.isPresent()
                            && (up.get().createsTable(at.table())
                                    || up.get().renames().stream()
                                            .anyMatch(r -> r.table() == null
                                                    && r.from().equals(to)
                                                    && r.to().equals(at.table().key()))))
                    || ctx.schemaBeforeUp()
                            .flatMap(m -> m.table(QualifiedName.of(to)))
                            .isPresent()
                    || ctx.wholeScript().createsTable(at.table())
                    || createdByDeployedWith(ctx, at.table())
                    || renamedIntoLater(ctx, s, at.table())) {
                // A down giving a table back the name it had before the up restores what a rollback's code expects;
                // a script that creates a new table under the old name (a rebuild) leaves the old name working; one
                // that renames another table into it gives old code another table, which renamed-name-reused reports.
                continue;
            }
            if (ctx.script().isDown()) {
                inDown(ctx, a, at.table(), to, rt.to());
                continue;
            }
            QualifiedName renamed = new QualifiedName(at.table().schema(), rt.to());
            Optional<ParsedStatement> reshaped = columnsChangedLater(ctx, s, renamed);
            // CredHub's V20 renames named_canary, and V20_2, the next migration, drops columns of it
            Optional<ParsedStatement> nextUp =
                    reshaped.isPresent() ? Optional.empty() : ctx.columnsChangedInNextUp(renamed);
            String message = "renaming table " + at.table() + " to " + rt.to() + " breaks every running "
                    + "instance of the old code: its queries on " + at.table() + " fail with 'relation does "
                    + "not exist' until all instances are redeployed";
            if (reshaped.isPresent()) {
                // ehrbase's V6_3: the view would block the drops that follow (it depends on every column), and the
                // old code reads those columns anyway
                ctx.report(a.span(), message)
                        .help("No view under the old name can keep the old code working here: line "
                                + reshaped.get().span().line() + " drops or retypes columns of " + rt.to()
                                + ", which the old code reads (and a view over it would block that change). Stop the "
                                + "old code before this migration runs, or expand and contract: new table, "
                                + "dual-write, backfill, switch reads, drop the old one later.");
                continue;
            }
            // kratos's 20200402142539 group renames a column of the table in its file 000000, the table in 000001:
            // the old code reads that column by its old name, which a view under the old table name does not have
            Optional<ParsedStatement> columnRenamed = columnRenamedBefore(ctx, s, at.table());
            if (columnRenamed.isPresent()) {
                ctx.report(a.span(), message)
                        .help("No view under the old name can keep the old code working here: "
                                + where(ctx, columnRenamed.get()) + " renames a column of " + at.table()
                                + ", which the old code reads by its old name. Stop the old code before this "
                                + "migration runs, or expand and contract: new table, dual-write, backfill, switch "
                                + "reads, drop the old one later.");
                continue;
            }
            if (nextUp.isPresent()) {
                String file = java.nio.file.Path.of(nextUp.get().raw().source().displayPath())
                        .getFileName()
                        .toString();
                ctx.report(a.span(), message)
                        .help("A view under the old name would have to go before the next migration: " + file
                                + " drops or retypes columns of " + rt.to() + " at line "
                                + nextUp.get().span().line() + ", which a view over it would block, and the old code "
                                + "reads those columns anyway. Stop the old code before these migrations run, or "
                                + "expand and contract: new table, dual-write, backfill, switch reads, drop the old "
                                + "one later.");
                continue;
            }
            ctx.report(a.span(), message)
                    .help("Rename and leave a view under the old name so old and new code both work (`ALTER TABLE "
                            + WrittenSql.name(at.table()) + " RENAME TO " + WrittenSql.ident(rt.to())
                            + "; CREATE VIEW " + WrittenSql.name(at.table()) + " AS SELECT * FROM "
                            + WrittenSql.name(new QualifiedName(at.table().schema(), rt.to()))
                            + ";` — a simple view is updatable), then drop the view once no "
                            + "deployed code uses the old name; or expand and contract: new table, dual-write, "
                            + "backfill, switch reads, drop the old one later.");
        }
    }

    /**
     * A rename in a down that does not give the table back its name from before the up. A down is how the schema goes
     * back to what the release a rollback returns to uses, so no view or expand and contract can stand in for it:
     * what matters is that release. It uses the table under this name when the schema before the up had it so (or
     * the model does not know the table, and the up did not make it): the rename takes the name from under it. Back
     * to a name the table had before an earlier migration renamed it, the rollback of both migrations ends right and
     * only a rollback of this one alone breaks: an info saying where the rename belongs. A table new since the up, or
     * one the release rolled back to knew under another name, is not its concern.
     */
    private static void inDown(RuleContext ctx, AlterAction a, QualifiedName table, String to, String name) {
        Optional<io.miglint.model.schema.Table> had = Rollback.tableBeforeUp(ctx, table);
        boolean used = had.isPresent()
                ? had.get().name().sameAs(table)
                : ctx.schemaBeforeUp().isPresent() && !ctx.schema().tableExists(table);
        if (!used) {
            return;
        }
        if (ctx.schema().formerNames(table).contains(to)) {
            ctx.report(
                            a.span(),
                            "renaming table " + table + " back to " + name + ", its name before an earlier "
                                    + "migration renamed it: the schema before this migration's up already named it "
                                    + table + ", so a rollback of this migration alone leaves the release it returns "
                                    + "to without " + table + " (its queries fail with 'relation does not exist'); "
                                    + "only a rollback past that earlier migration as well ends with the name its "
                                    + "release uses")
                    .severity(Severity.INFO)
                    .help("Move this rename into the down of the migration whose up renamed " + name + " to "
                            + table.name() + ", and leave " + table + " as it is here: each down then gives back the "
                            + "schema its own release uses.");
            return;
        }
        ctx.report(
                        a.span(),
                        "renaming table " + table + " to " + name + " in a down takes away a name the schema had "
                                + "before the up: the release a rollback returns to queries " + table + " and fails "
                                + "with 'relation does not exist'")
                .help("A down gives back the schema as it was before its up: leave " + table + " under its name "
                        + "here.");
    }

    /** One finding for a rebuild of the schema, at its first rename (Genie's V3_3_0). */
    private static void reportRebuild(RuleContext ctx, AlterAction a, SchemaRebuild.Rebuild r) {
        ctx.report(
                        a.span(),
                        "this migration moves " + r.aside().size() + " tables aside as " + r.affix() + " ("
                                + listed(r.aside().stream()
                                        .map(x -> x.from().toString())
                                        .toList())
                                + ") and builds " + r.rebuilt().size() + " new ones under their names ("
                                + listed(r.rebuilt()) + "): every running instance of the previous "
                                + "release breaks on it, its queries reaching rebuilt tables of other columns or "
                                + "archived ones, so it can run only with that release stopped")
                .help("Stop every instance of the previous release before this migration runs and start the new "
                        + "release after it (a maintenance window); a view under an old name cannot help here, it "
                        + "would send the old code's writes into the archived tables, which the new release does not "
                        + "read.");
    }

    /** The first three names, and "…" for the rest. */
    private static String listed(List<String> names) {
        return String.join(", ", names.stream().limit(3).toList()) + (names.size() > 3 ? ", …" : "");
    }

    /**
     * A later statement of the script that drops or retypes a column of the renamed table, which a view over it would
     * block; a column renamed later does not (the view keeps the name it had).
     */
    private static Optional<ParsedStatement> columnsChangedLater(
            RuleContext ctx, ParsedStatement rename, QualifiedName renamed) {
        return ctx.script().statements().stream()
                .filter(p -> p.index() > rename.index() && ReshapedTables.reshapes(p, renamed))
                .findFirst();
    }

    /**
     * An earlier statement of the script, or of the ups deployed with it (a popx group), that renames a column of
     * {@code table}.
     */
    private static Optional<ParsedStatement> columnRenamedBefore(
            RuleContext ctx, ParsedStatement rename, QualifiedName table) {
        return java.util.stream.Stream.concat(
                        ctx.deployedWithBefore().stream(),
                        ctx.script().statements().stream().filter(p -> p.index() < rename.index()))
                .filter(p -> p.node() instanceof Statement.AlterTable at
                        && at.table().sameAs(table)
                        && at.actions().stream().anyMatch(x -> x instanceof AlterAction.RenameColumn))
                .findFirst();
    }

    /** "line N", or "file line N" for a statement of another file. */
    private static String where(RuleContext ctx, ParsedStatement p) {
        String file = p.raw().source().displayPath();
        return file.equals(ctx.script().statements().get(0).raw().source().displayPath())
                ? "line " + p.span().line()
                : java.nio.file.Path.of(file).getFileName() + " (line "
                        + p.span().line() + ")";
    }

    /**
     * An up deployed with this one created the table (ab2d's replace_coverage_table renames coverage_partitioned,
     * which the changeset before it in the same changelog created for the swap): no running code knows its name.
     */
    private static boolean createdByDeployedWith(RuleContext ctx, QualifiedName table) {
        return ctx.deployedWithBefore().stream()
                .anyMatch(p -> p.node() instanceof Statement.CreateTable ct
                        && ct.table().sameAs(table));
    }

    /** A later statement of the script renames another table to {@code table}'s name (CredHub's V43). */
    private static boolean renamedIntoLater(RuleContext ctx, ParsedStatement s, QualifiedName table) {
        return renamingInto(ctx, table).anyMatch(p -> p.index() > s.index());
    }

    /** The line of an earlier statement of the script that renamed another table to {@code table}, if any. */
    public static Optional<ParsedStatement> renamedEarlier(RuleContext ctx, ParsedStatement s, QualifiedName table) {
        return renamingInto(ctx, table).filter(p -> p.index() < s.index()).findFirst();
    }

    /** The statements of the script that rename a table to {@code table}'s name. */
    private static java.util.stream.Stream<ParsedStatement> renamingInto(RuleContext ctx, QualifiedName table) {
        return ctx.script().statements().stream()
                .filter(p -> p.node() instanceof Statement.AlterTable at
                        && !at.table().sameAs(table)
                        && at.actions().stream()
                                .anyMatch(x -> x instanceof AlterAction.RenameTable r
                                        && new QualifiedName(at.table().schema(), r.to()).sameAs(table)));
    }
}
