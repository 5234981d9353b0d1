package io.miglint.rules.compatibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.schema.ObjectRef;
import io.miglint.model.schema.SchemaModel;
import io.miglint.model.schema.ScriptRecord;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.Rollback;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Application instances still running the old code query the old column name until every one of them is replaced,
 * so a rename breaks them the moment it commits. A down that gives a column back the name it had before the up is
 * the normal reversal (a popx group's ups count as one up); other renames in a down are judged by what the release a
 * rollback returns to uses ({@link #inDown}), never with expand and contract, which a down cannot do.
 */
@RuleInfo(
        id = "rename-column",
        summary = "Renaming a column breaks code that still uses the old name",
        severity = Severity.WARNING,
        category = Category.COMPATIBILITY,
        onlineOnly = true)
public final class RenameColumn implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())
                || RenameTable.renamedEarlier(ctx, s, at.table()).isPresent()
                || !ctx.script().isDown() && tableRenamedLater(ctx, s, at.table())) {
            // a table the script renamed before (tracetest's transaction_runs, then its columns), or that it or the
            // ups deployed with it rename after (kratos's rename_profile_flows group): the old code's queries of it
            // fail at the table's rename anyway, which rename-table reports
            return;
        }
        Optional<ScriptRecord> up = ctx.schemaAfterUp().map(SchemaModel::currentScript);
        ScriptRecord before = ctx.schema().currentScript();
        for (AlterAction a : at.actions()) {
            if (!(a instanceof AlterAction.RenameColumn rc)) {
                continue;
            }
            if (up.isPresent() && reverses(up.get(), at.table(), rc)
                    || before.createsColumn(at.table(), rc.from())
                    || restoresColumn(ctx, up, at.table(), rc.to())
                    || ctx.wholeScript()
                            .creates(new ObjectRef(
                                    ObjectKind.COLUMN, rc.from(), at.table().key()))) {
                // A column added earlier in the script is unknown to deployed code; one added again under the old
                // name later (a rebuild: add, copy, drop, rename) leaves the old name working.
                continue;
            }
            if (ctx.script().isDown()) {
                inDown(ctx, at.table(), rc);
                continue;
            }
            // langfuse's organizations migration renames role to project_role, copies it into org_role and drops
            // it: the rename is a step of the migration's own move, and the column does not outlive it
            Optional<ParsedStatement> droppedLater = ctx.script().statements().stream()
                    .filter(p -> p.index() > s.index()
                            && p.node() instanceof Statement.AlterTable other
                            && other.table().sameAs(at.table())
                            && other.actions().stream()
                                    .anyMatch(x -> x instanceof AlterAction.DropColumn d
                                            && d.column().equals(rc.to())))
                    .findFirst();
            ctx.report(
                            a.span(),
                            "renaming " + at.table() + "." + rc.from() + " to " + rc.to() + " breaks every "
                                    + "running instance of the old code: its queries on " + rc.from() + " fail with "
                                    + "'column does not exist' until all instances are redeployed")
                    .help(droppedLater
                            .map(d -> "The renamed column is dropped at line "
                                    + d.span().line() + " of this "
                                    + "migration, so no new name can keep the old code's queries working: keep "
                                    + rc.from() + " as it is until no deployed code uses it (read what the move needs "
                                    + "from it, drop it in a later migration), or stop the old code before this "
                                    + "migration runs.")
                            .orElse("Expand and contract: add the new column (`ALTER TABLE " + at.table()
                                    + " ADD COLUMN IF NOT EXISTS " + rc.to() + " …;`), write to both, backfill in "
                                    + "batches, switch reads to " + rc.to() + ", and drop " + rc.from()
                                    + " in a later migration once no deployed code uses it."));
        }
    }

    /**
     * A rename in a down that does not give the column back its name from before the up. A down is how the schema
     * goes back to what the release a rollback returns to uses, so no expand and contract can stand in for it: what
     * matters is that release. It uses {@code rc.from()} when the table had that column before the up (or the model
     * does not know the table, and the up did not make the column): the rename takes the name from under it. Back to
     * a name the column had before an earlier migration renamed it (bcgov/cas-cif's revert of
     * {@code tables/revision_status} renames {@code project_revision.revision_status} back to
     * {@code amendment_status}, which {@code tables/project_revision_003_set_amendment_statuses} renamed), the
     * rollback of both migrations ends right and only a rollback of this one alone breaks: an info saying where the
     * rename belongs. A column the release rolled back to does not have (new since the up) is not its concern.
     */
    private static void inDown(RuleContext ctx, QualifiedName table, AlterAction.RenameColumn rc) {
        Optional<io.miglint.model.schema.Table> had = Rollback.tableBeforeUp(ctx, table);
        boolean used = had.isPresent()
                ? had.get().column(rc.from()).isPresent()
                : ctx.schemaBeforeUp().isPresent() && !ctx.schema().tableExists(table);
        if (!used) {
            return;
        }
        boolean back = ctx.schema()
                .column(table, rc.from())
                .map(c -> c.history().formerNames().contains(rc.to()))
                .orElse(false);
        if (back) {
            ctx.report(
                            rc.span(),
                            "renaming " + table + "." + rc.from() + " back to " + rc.to() + ", its name before an "
                                    + "earlier migration renamed it: the schema before this migration's up already "
                                    + "named it " + rc.from() + ", so a rollback of this migration alone leaves "
                                    + "the release it returns to without " + rc.from() + " (its queries fail with "
                                    + "'column does not exist'); only a rollback past that earlier migration as well "
                                    + "ends with the name its release uses")
                    .severity(Severity.INFO)
                    .help("Move this rename into the down of the migration whose up renamed " + rc.to() + " to "
                            + rc.from() + ", and leave " + rc.from() + " as it is here: each down then gives back "
                            + "the schema its own release uses.");
            return;
        }
        ctx.report(
                        rc.span(),
                        "renaming " + table + "." + rc.from() + " to " + rc.to() + " in a down takes away a name the "
                                + "schema had before the up: the release a rollback returns to queries " + rc.from()
                                + " and fails with 'column does not exist'")
                .help("A down gives back the schema as it was before its up: leave " + rc.from() + " under its name "
                        + "here.");
    }

    /** The up renamed this column the other way (on this table, or on the table under its name before the up). */
    private static boolean reverses(ScriptRecord up, QualifiedName table, AlterAction.RenameColumn rc) {
        if (up.createsColumn(table, rc.from())) {
            return true;
        }
        List<String> names = namesBeforeUp(Optional.of(up), table);
        return up.renames().stream()
                .anyMatch(r -> r.table() != null
                        && names.contains(r.table())
                        && r.from().equals(rc.to())
                        && r.to().equals(rc.from()));
    }

    /**
     * A down that gives a column back the name it had before the up restores what the code of a rollback expects,
     * even when an earlier migration made that name (or the up renamed the table meanwhile).
     */
    private static boolean restoresColumn(
            RuleContext ctx, Optional<ScriptRecord> up, QualifiedName table, String name) {
        // the table as it was before the up, followed through the renames of the up or of the up's group
        if (Rollback.tableBeforeUp(ctx, table).flatMap(t -> t.column(name)).isPresent()) {
            return true;
        }
        return ctx.schemaBeforeUp().isPresent()
                && namesBeforeUp(up, table).stream()
                        .anyMatch(t -> ctx.schemaBeforeUp()
                                .get()
                                .column(QualifiedName.of(t), name)
                                .isPresent());
    }

    /** The table's key, plus the key it had before the up renamed it to this one. */
    private static List<String> namesBeforeUp(Optional<ScriptRecord> up, QualifiedName table) {
        List<String> names = new ArrayList<>(List.of(table.key()));
        up.ifPresent(u -> u.renames().stream()
                .filter(r -> r.kind() == ObjectKind.TABLE && r.table() == null && r.to().equals(table.key()))
                .forEach(r -> names.add(r.from())));
        return names;
    }

    /** A later statement of the script, or of the ups deployed with it, renames {@code table}. */
    private static boolean tableRenamedLater(RuleContext ctx, ParsedStatement s, io.miglint.model.QualifiedName table) {
        return java.util.stream.Stream.concat(
                        ctx.script().statements().stream().filter(p -> p.index() > s.index()),
                        ctx.deployedWithAfter().stream())
                .anyMatch(p -> p.node() instanceof Statement.AlterTable at
                        && at.table().sameAs(table)
                        && at.actions().stream().anyMatch(x -> x instanceof AlterAction.RenameTable));
    }
}
