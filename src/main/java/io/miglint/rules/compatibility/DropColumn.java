package io.miglint.rules.compatibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.model.schema.Constraint;
import io.miglint.model.schema.ObjectRef;
import io.miglint.model.schema.SchemaModel;
import io.miglint.model.schema.ScriptRecord;
import io.miglint.model.schema.Table;
import io.miglint.rule.Category;
import io.miglint.rule.FindingDraft;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.AuthorComment;
import io.miglint.rules.WrittenSql;
import io.miglint.rules.locking.NewTables;
import io.miglint.sql.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Code still running selects or inserts the column until every instance is replaced, and its values are gone for
 * good. One finding per statement, naming every column it drops. Not reported: a down dropping a column its own up
 * added (the normal reversal), a column the same script added or added back (add _new, copy, drop, rename), one whose
 * values an earlier statement of the script copied elsewhere (a move), columns the author's comment right above or
 * the migration's name calls unused or deprecated (or whose
 * header orders the deploy after the code change), a table the script has provably emptied before the drop (no value to lose, and
 * emptying it was the decision to weigh), and the contract step of an expand/contract an earlier migration began
 * ({@link Retirement#replacement}). A column whose values the folder shows can be had again (generated, or filled
 * from another table by the down) is reported as information only: old code may still read it, but nothing is lost.
 * Where the drop is one of a run of removals that also drops functions or triggers, the migration takes a whole
 * feature out, and the message says so.
 */
@RuleInfo(
        id = "drop-column",
        summary = "Dropping a column breaks code that still uses it and loses its data",
        severity = Severity.WARNING,
        category = Category.COMPATIBILITY,
        onlineOnly = true)
public final class DropColumn implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())
                // the same statement adds a NOT NULL column without a default, which PostgreSQL accepts only on an
                // empty table: where it runs at all, no value is lost (langfuse's auth_api_ui, Prisma's drop-and-add)
                || at.actions().stream()
                        .anyMatch(a -> a instanceof AlterAction.AddColumn add
                                && add.column().failsOnAnyRow())
                || NewTables.emptyAt(ctx.script(), at.table(), s)) {
            return;
        }
        Optional<ScriptRecord> up = ctx.schemaAfterUp().map(SchemaModel::currentScript);
        ScriptRecord before = ctx.schema().currentScript();
        List<AlterAction.DropColumn> lost = new ArrayList<>();
        Map<AlterAction.DropColumn, String> derivable = new LinkedHashMap<>();
        for (AlterAction a : at.actions()) {
            if (!(a instanceof AlterAction.DropColumn dc)
                    || absent(ctx, at, dc)
                    || before.createsColumn(at.table(), dc.column())
                    || up.isPresent() && up.get().createsColumn(at.table(), dc.column())
                    || rebuilt(ctx, at, dc.column())
                    || newSinceBeforeUp(ctx, at, dc.column())
                    || Retirement.columnCopiedOut(ctx.script(), at.table(), dc.column(), s.index())
                            .isPresent()
                    || Retirement.replacement(ctx, at.table(), dc.column()).isPresent()) {
                continue;
            }
            Optional<String> again = Retirement.derivable(ctx, s, at.table(), dc.column());
            if (again.isPresent()) {
                derivable.put(dc, again.get());
            } else {
                lost.add(dc);
            }
        }
        if (lost.isEmpty() && derivable.isEmpty() || AuthorComment.saysUnused(ctx.script(), s)) {
            return;
        }
        boolean losing = !lost.isEmpty();
        List<AlterAction.DropColumn> dropped = losing ? lost : List.copyOf(derivable.keySet());
        List<String> columns =
                dropped.stream().map(AlterAction.DropColumn::column).toList();
        String named =
                at.table() + "." + (columns.size() == 1 ? columns.get(0) : "{" + String.join(", ", columns) + "}");
        String it = columns.size() == 1 ? "it" : "them";
        String its = columns.size() == 1 ? "its" : "their";
        String breaks = "running instances of the old code that still select or insert " + it + " break";
        String values = losing
                ? "the values are lost for good"
                : its + " values are not lost (" + String.join("; ", new LinkedHashSet<>(derivable.values())) + ")";
        Optional<Retirement.Feature> feature = Retirement.featureRemoval(ctx.script(), s);
        String message = feature.isPresent()
                ? "dropping " + named + " takes out part of a feature this migration removes ("
                        + feature.get().where(it) + "): " + breaks + ", and " + values
                : "dropping " + named + " breaks running instances of the old code that still select or insert " + it
                        + (losing ? ", and " + its + " values are lost for good" : "; " + values);
        // ehrbase's V6_3 renames comp to comp_data, then drops its columns: the old code's queries of the table
        // already fail at the rename, which rename-table reports; the drop breaks nothing more
        Optional<ParsedStatement> renamedAt = RenameTable.renamedEarlier(ctx, s, at.table());
        if (renamedAt.isPresent()) {
            message = "dropping " + named + " breaks no old code of its own (its queries of this table already fail "
                    + "since line " + renamedAt.get().span().line() + " renamed it), but "
                    + (losing ? its + " values are lost for good" : values);
        }
        Span span = columns.size() == 1 ? dropped.get(0).span() : s.span();
        FindingDraft finding =
                ctx.report(span, message).help(help(ctx, at.table(), columns, losing, renamedAt.isPresent()));
        if (!losing) {
            finding.severity(Severity.INFO);
        }
    }

    /**
     * Code first, the drop later; a NOT NULL column without a default made optional before that code can leave it
     * out; a copy of the values only if they may be needed again, and never where erasing them is the point.
     */
    /**
     * The folder knows the table's columns and this one is not among them here (an earlier migration dropped it:
     * conductor's V6 drops again, IF EXISTS, what V5 dropped): the drop does nothing, or fails without IF EXISTS.
     */
    private static boolean absent(RuleContext ctx, Statement.AlterTable at, AlterAction.DropColumn dc) {
        return ctx.schema().table(at.table()).map(t -> !t.columns().isEmpty()).orElse(false)
                && ctx.schema().column(at.table(), dc.column()).isEmpty();
    }

    private static String help(
            RuleContext ctx, QualifiedName table, List<String> columns, boolean losing, boolean codeBrokenBefore) {
        String it = columns.size() == 1 ? "it" : "them";
        if (codeBrokenBefore) {
            // the old code stops at the rename: only the values are left to think of
            return losing
                    ? backup(ctx, table, columns, new StringBuilder("Keep the values if they may be needed again."))
                    : "The values need no copy.";
        }
        if (ctx.script().isDown()) {
            // a down runs after the code went back to the release before its up, which had the column: "release
            // code first, drop later" has no later here (cas-cif's revert of form_change_as_project drops
            // contract_number because the function it re-creates returns the table's row without it)
            return backup(
                    ctx,
                    table,
                    columns,
                    new StringBuilder("This down runs after the code has gone back to the release before its up, "
                            + "which had " + String.join(", ", columns) + ": leave the drop to the down of the "
                            + "migration that added " + it + ", unless this down must take " + it + " out (an "
                            + "object it re-creates needs the table without " + it + ")."));
        }
        StringBuilder h = new StringBuilder("First release code that no longer reads or writes "
                + String.join(", ", columns) + " and let it reach every running instance; drop " + it
                + " in a later migration.");
        List<String> primaryKey = ctx.schema()
                .table(table)
                .flatMap(t -> t.constraints().stream()
                        .filter(c -> c.kind() == TableConstraint.Kind.PRIMARY_KEY)
                        .map(Constraint::columns)
                        .findFirst())
                .orElse(List.of());
        // a key this migration moved off the column before dropping it (Kuma's resources_pkey): until then, the
        // column cannot be made nullable either
        List<String> keyBefore = ctx.schema().currentScript().primaryKeyDropped(table);
        List<String> movedOff = columns.stream()
                .filter(c -> keyBefore.contains(c) && !primaryKey.contains(c))
                .toList();
        // the columns inserts must set: in the primary key (they cannot be made nullable), or not
        java.util.Map<Boolean, List<String>> mustSet = columns.stream()
                .filter(c -> ctx.schema()
                        .column(table, c)
                        .map(col -> !col.optionalOnInsert())
                        .orElse(false))
                .collect(java.util.stream.Collectors.partitioningBy(
                        c -> primaryKey.contains(c) || movedOff.contains(c)));
        List<String> required = mustSet.get(false);
        List<String> keyNow =
                mustSet.get(true).stream().filter(c -> !movedOff.contains(c)).toList();
        List<String> keyMoved =
                mustSet.get(true).stream().filter(movedOff::contains).toList();
        h.append(about(
                keyMoved,
                " is",
                " are",
                " in the primary key until this migration replaces the key, and a column of a primary key cannot be "
                        + "made nullable, so the old release's inserts must set {it}: replace the key in a migration "
                        + "before that release and make {it} optional there, after the new key ("
                        + dropNotNull(table, keyMoved) + ")."));
        // A primary key column cannot be made nullable: the old code's inserts keep it until the key moves.
        h.append(about(
                keyNow,
                " is",
                " are",
                " in the primary key and has no default, so the old release's inserts must set {it} until the key no "
                        + "longer includes {it} (a column of a primary key cannot be made nullable)."));
        h.append(about(
                required,
                " is",
                " are",
                " NOT NULL without a default, so inserts that leave {it} out fail: make {it} optional in a migration "
                        + "before that release (" + dropNotNull(table, required) + ")."));
        // a generated column declared NOT NULL: the new release's rows are refused where its expression gives NULL
        // (kestra's taskrun_id, computed from a JSON field the new release's rows no longer carry)
        List<String> generatedRequired = columns.stream()
                .filter(c -> ctx.schema()
                        .column(table, c)
                        .map(col -> col.generated() && col.notNull())
                        .orElse(false))
                .toList();
        h.append(about(
                generatedRequired,
                " is a generated column",
                " are generated columns",
                " declared NOT NULL, so rows for which the expression gives NULL are refused: make {it} optional in a "
                        + "migration before that release (" + dropNotNull(table, generatedRequired) + ")."));
        if (!losing) {
            return h.append(" The values need no copy.").toString();
        }
        return backup(ctx, table, columns, h);
    }

    /** {@code `ALTER TABLE t ALTER COLUMN a DROP NOT NULL, …;`}: the columns made optional. */
    private static String dropNotNull(QualifiedName table, List<String> columns) {
        return "`ALTER TABLE " + WrittenSql.name(table) + " "
                + String.join(
                        ", ",
                        columns.stream()
                                .map(c -> "ALTER COLUMN " + WrittenSql.ident(c) + " DROP NOT NULL")
                                .toList())
                + ";`";
    }

    /** The help's closing advice: a copy of the values before the drop, unless erasing them is its point. */
    private static String backup(RuleContext ctx, QualifiedName table, List<String> columns, StringBuilder h) {
        List<String> key = ctx.schema().table(table).map(DropColumn::key).orElse(List.of());
        boolean keyKnown = !key.isEmpty() && columns.stream().noneMatch(key::contains);
        List<String> kept = new ArrayList<>(keyKnown ? key : columns.contains("id") ? List.of() : List.of("id"));
        kept.addAll(columns);
        return h.append(" If the values may be needed again, copy them before the drop (`CREATE TABLE ")
                .append(WrittenSql.name(new QualifiedName(
                        table.schema(),
                        table.name() + "_" + (columns.size() == 1 ? columns.get(0) : "dropped_columns") + "_backup")))
                .append(" AS SELECT ")
                .append(WrittenSql.idents(kept))
                .append(" FROM ")
                .append(WrittenSql.name(table))
                .append(";`")
                .append(keyKnown ? "" : ", with the table's key in place of id")
                .append("), unless erasing them is the point of the drop (personal data, secrets).")
                .toString();
    }

    /**
     * " a, b are …" about {@code columns}, {@code {it}} in {@code text} read as "it" or "them"; empty for no column.
     */
    private static String about(List<String> columns, String isOne, String areMany, String text) {
        if (columns.isEmpty()) {
            return "";
        }
        boolean one = columns.size() == 1;
        return " " + String.join(", ", columns) + (one ? isOne : areMany) + text.replace("{it}", one ? "it" : "them");
    }

    /** The table's primary key, or else a UNIQUE constraint over NOT NULL columns: what identifies a row. */
    private static List<String> key(Table t) {
        return t.constraints().stream()
                .filter(c -> c.kind() == TableConstraint.Kind.PRIMARY_KEY)
                .map(Constraint::columns)
                .filter(c -> !c.isEmpty())
                .findFirst()
                .or(() -> t.constraints().stream()
                        .filter(c -> c.kind() == TableConstraint.Kind.UNIQUE)
                        .map(Constraint::columns)
                        .filter(c -> !c.isEmpty()
                                && c.stream()
                                        .allMatch(n -> t.column(n)
                                                .map(col -> col.notNull())
                                                .orElse(false)))
                        .findFirst())
                .orElse(List.of());
    }

    /**
     * The script puts a column back under the same name (add _new, copy, drop, rename; or an existing column renamed
     * into it): the name keeps working.
     */
    private static boolean rebuilt(RuleContext ctx, Statement.AlterTable at, String column) {
        ScriptRecord all = ctx.wholeScript();
        return all.creates(new ObjectRef(ObjectKind.COLUMN, column, at.table().key()))
                || all.renames().stream()
                        .anyMatch(r -> r.kind() == ObjectKind.COLUMN
                                && at.table().key().equals(r.table())
                                && column.equals(r.to()));
    }

    /** A down removing a column its table did not have before the up restores what a rollback's code expects. */
    private static boolean newSinceBeforeUp(RuleContext ctx, Statement.AlterTable at, String column) {
        if (ctx.schemaBeforeUp().isEmpty()) {
            return false;
        }
        // the table may carry the name the up gave it: look it up under its name from before the up
        QualifiedName table = ctx.schemaAfterUp()
                .map(SchemaModel::currentScript)
                .flatMap(up -> up.renames().stream()
                        .filter(r -> r.kind() == ObjectKind.TABLE
                                && r.table() == null
                                && r.to().equals(at.table().key()))
                        .map(r -> QualifiedName.of(r.from()))
                        .findFirst())
                .orElse(at.table());
        return ctx.schemaBeforeUp().get().table(table).isPresent()
                && ctx.schemaBeforeUp().get().column(table, column).isEmpty();
    }
}
