package io.miglint.rules.compatibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.schema.SchemaModel;
import io.miglint.model.schema.ScriptRecord;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.AuthorComment;
import io.miglint.rules.WrittenSql;
import io.miglint.rules.locking.NewTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Running code still queries the table until every instance is replaced, and its rows are gone. Not reported where
 * the script shows the drop loses nothing anyone uses: a down dropping a table its own up created (the normal
 * reversal), a table created earlier in the same script (it holds nothing yet), one the script creates again under
 * the same name, or whose next changeset in the same changelog file does (a rebuild: the name keeps working), one whose rows an earlier statement copied elsewhere (a move),
 * a scratch table ({@code tmp_…}, {@code …_tmp}), one whose rows an earlier migration copied elsewhere or that was made
 * as a copy of a table still there, and one the author's comment or the migration's name calls unused or deprecated
 * or whose migration's header orders its deploy after the code change.
 * Where the drop is one of a run of removals that also drops functions or triggers, the migration takes a whole
 * feature out: the run's tables get one finding, whose message says so.
 */
@RuleInfo(
        id = "drop-table",
        summary = "Dropping a table breaks code that still uses it and loses its rows",
        severity = Severity.WARNING,
        category = Category.COMPATIBILITY,
        onlineOnly = true)
public final class DropTable implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Drop d) || d.kind() != ObjectKind.TABLE) {
            return;
        }
        List<QualifiedName> kept = new ArrayList<>(kept(ctx, s));
        if (kept.isEmpty()) {
            return;
        }
        Optional<Retirement.Feature> feature = Retirement.featureRemoval(ctx.script(), s);
        if (feature.isPresent()) {
            // One finding for the tables a feature removal drops, at the first DROP TABLE that reports any.
            for (ParsedStatement other : feature.get().run()) {
                if (other.index() < s.index() && !kept(ctx, other).isEmpty()) {
                    return;
                }
                if (other.index() > s.index()) {
                    kept.addAll(kept(ctx, other));
                }
            }
        }
        String names =
                String.join(", ", kept.stream().map(QualifiedName::toString).toList());
        String them = kept.size() == 1 ? "it" : "them";
        String message = feature.isPresent()
                ? "dropping " + names + " takes out part of a feature this migration removes ("
                        + feature.get().where(them)
                        + "): running instances of the old code that still use that feature break, and every row of "
                        + them
                        + " is lost"
                : "dropping " + names + " breaks running instances of the old code that still query " + them
                        + ", and every row is lost";
        // MAS's remove_apalis drops apalis.jobs, then the schema apalis: a renamed table would stay in the schema,
        // and the DROP SCHEMA (without CASCADE) would fail on it
        Optional<ParsedStatement> schemaDrop = schemaDroppedLater(ctx, s, kept.get(0));
        String wayBack = schemaDrop.isPresent()
                ? "A rename would not keep a way back here: the table would stay in schema "
                        + kept.get(0).schema()
                        + ", which line " + schemaDrop.get().span().line() + " drops; drop the schema in the later "
                        + "migration too."
                : "To keep a way back, rename " + them + " instead (`ALTER TABLE "
                        + WrittenSql.name(kept.get(0))
                        + " RENAME TO " + WrittenSql.ident(kept.get(0).name() + "_retired")
                        + ";`) and drop that once nobody misses it.";
        io.miglint.rule.FindingDraft finding = ctx.report(s, message)
                .help("First deploy code that no longer uses " + names + "; drop " + them + " in a later migration. "
                        + wayBack);
        // Dropped weeks after it was made: few rows are lost, and the table is most often part of a feature still
        // being built, replaced before it was released. A reminder, not a warning.
        List<NewTables.Recent> recent = kept.stream()
                .map(t -> NewTables.recent(ctx, t))
                .flatMap(Optional::stream)
                .toList();
        if (!ctx.script().isDown() && Retirement.removalOnly(ctx.script())) {
            // The migration only removes things: the drop is its purpose, and the reviewer sees it as such. What
            // is left to say is the order of deploys, a reminder (blind readers judged such warnings worth reading
            // about half the time, on whether the code had stopped using the table a release before).
            finding.lowered(
                    Severity.INFO,
                    "the migration only removes things, so the drop is deliberate: a reminder to deploy the code that "
                            + "stops using " + them + " first");
        } else if (recent.size() == kept.size()) {
            finding.lowered(
                    Severity.INFO,
                    String.join(
                                    "; ",
                                    recent.stream().map(NewTables.Recent::since).toList())
                            + ": a table this young holds few rows and is most often part of a feature still being "
                            + "built; if no release has used " + them + ", the drop loses nothing");
        }
    }

    /** A later statement of the script that drops the schema holding {@code table} (none for unqualified names). */
    private static Optional<ParsedStatement> schemaDroppedLater(
            RuleContext ctx, ParsedStatement s, QualifiedName table) {
        if (table.schema() == null) {
            return Optional.empty();
        }
        return ctx.script().statements().stream()
                .filter(o -> o.index() > s.index()
                        && o.node() instanceof Statement.Drop d
                        && d.kind() == ObjectKind.SCHEMA
                        && d.names().stream().anyMatch(n -> n.name().equals(table.schema())))
                .findFirst();
    }

    /** The tables a DROP TABLE statement takes away that someone may miss (empty for any other statement). */
    private static List<QualifiedName> kept(RuleContext ctx, ParsedStatement s) {
        if (!(s.node() instanceof Statement.Drop d)
                || d.kind() != ObjectKind.TABLE
                || AuthorComment.saysUnused(ctx.script(), s)) {
            return List.of();
        }
        Optional<ScriptRecord> up = ctx.schemaAfterUp().map(SchemaModel::currentScript);
        return d.names().stream()
                // a view dropped with DROP TABLE holds no rows; PostgreSQL refuses the statement (drop-wrong-kind)
                .filter(t -> ctx.schema().tableExists(t)
                        || !ctx.schema().viewExists(t) && !ctx.schema().materializedViewExists(t))
                .filter(t -> !ctx.wholeScript().tableCreatedBefore(t, s.index()))
                .filter(t -> up.isEmpty() || !up.get().createsTable(t))
                .filter(t -> !replacedInScript(ctx, t) && !newSinceBeforeUp(ctx, t) && !Retirement.scratch(t))
                .filter(t ->
                        Retirement.tableCopiedOut(ctx.script(), t, s.index()).isEmpty())
                .filter(t -> !rowsLiveElsewhere(ctx, t))
                .toList();
    }

    /**
     * An earlier migration of the folder copied the table's rows into another table (the move a contract step
     * completes: ente's {@code INSERT INTO object_keys … SELECT … FROM thumbnail_object_keys}, dropped twelve
     * migrations later), or made the table as a copy of one that is still there (Marquez's
     * {@code CREATE TABLE job_versions_io_mapping_inputs AS SELECT … FROM job_versions_io_mapping}), and that other
     * table is still there: the rows are not lost, and a release has run since in which the code could move.
     */
    private static boolean rowsLiveElsewhere(RuleContext ctx, QualifiedName table) {
        return java.util.stream.Stream.concat(
                        ctx.rowsCopiedOutEarlier(table).stream(), ctx.madeEarlierAsCopyOf(table).stream())
                .anyMatch(c -> ctx.schema().tables().stream()
                        .anyMatch(other -> other.name().name().equalsIgnoreCase(c.otherTable())));
    }

    /**
     * The script puts a table back under the name: created again (a rebuild), or built aside and renamed; or the next
     * changeset of the same changelog file creates it again (ab2d's {@code ab2d-1069-recreate-coverage-table.sql}).
     */
    private static boolean replacedInScript(RuleContext ctx, QualifiedName table) {
        ScriptRecord all = ctx.wholeScript();
        return all.createsTable(table)
                || ctx.recreatedNextInFile(table)
                || ctx.script().statements().stream()
                        .anyMatch(s -> s.node() instanceof Statement.AlterTable at
                                && at.actions().stream()
                                        .anyMatch(a -> a instanceof AlterAction.RenameTable rt
                                                && rt.to().equalsIgnoreCase(table.name())));
    }

    /** A down dropping a table that did not exist before its up restores what a rollback's code expects. */
    private static boolean newSinceBeforeUp(RuleContext ctx, QualifiedName table) {
        return ctx.schemaBeforeUp().isPresent()
                && ctx.schemaBeforeUp().get().table(table).isEmpty()
                && ctx.schema().table(table).isPresent();
    }
}
