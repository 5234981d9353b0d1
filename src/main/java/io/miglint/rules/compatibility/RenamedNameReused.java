package io.miglint.rules.compatibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.schema.Column;
import io.miglint.model.schema.Table;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A column or table renamed away and a new one created under the old name in the same migration: code deployed before
 * the migration keeps using the old name and no error tells it that the name now means something else. Its reads get
 * the new, empty or differently typed column; its writes land there. rename-column and rename-table stay silent on
 * such a rename (the old name keeps working), so this rule reports the new object. A table rebuilt under its own name
 * with the same columns and types (rename aside, create, copy, drop) is the usual rebuild and not reported, nor a down
 * that gives back a name with the columns and types it had before its up (the code of a rollback expects that one).
 */
@RuleInfo(
        id = "renamed-name-reused",
        summary = "A new column or table takes the name of one renamed earlier in the " + "migration",
        severity = Severity.WARNING,
        category = Category.COMPATIBILITY,
        onlineOnly = true)
public final class RenamedNameReused implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (s.node() instanceof Statement.AlterTable at
                && !ctx.wholeScript().tableCreatedBefore(at.table(), s.index())) {
            for (AlterAction a : at.actions()) {
                if (a instanceof AlterAction.RenameTable rt) {
                    renamedInto(s, ctx, at, rt, a);
                }
                if (a instanceof AlterAction.AddColumn add) {
                    ColumnDef col = add.column();
                    if (ctx.schemaBeforeUp()
                            .flatMap(m -> m.column(at.table(), col.name()))
                            .filter(c -> c.type() != null
                                    && col.type() != null
                                    && sameType(c.type().name(), col.type().name()))
                            .isPresent()) {
                        continue;
                    }
                    renamedAway(ctx, s.index(), at.table(), col.name()).ifPresent(to -> {
                        String oldType = ctx.schema()
                                .column(at.table(), to)
                                .map(c -> c.type() == null ? null : c.type().text())
                                .orElse(null);
                        ctx.report(
                                        add.span(),
                                        "column " + at.table() + "." + col.name() + " was renamed to " + to
                                                + " earlier in this migration and a new " + col.name() + " ("
                                                + col.type().text()
                                                + ") takes its name: code deployed before the migration "
                                                + "silently reads the new column instead of its data"
                                                + (oldType == null ? "" : " (" + oldType + ")")
                                                + " and writes its values into it")
                                .help("Give the new column a new name (e.g. `" + col.name() + "_v2`) and switch the "
                                        + "code to it; or keep " + col.name() + " as it is and expand and contract: "
                                        + "add the new column, backfill it, move the code, drop the old one later; "
                                        + "or, where the name is meant to hold the new values, make sure no instance "
                                        + "of the old code runs when this migration does (stop it first, or deploy "
                                        + "code that reads the name the new way beforehand).");
                    });
                }
            }
        } else if (s.node() instanceof Statement.CreateTable ct
                && !ct.temporary()
                && !ct.asQuery()
                && ct.partitionOf() == null
                && !ct.columns().isEmpty()) {
            Optional<String> to = renamedTableAway(ctx, s.index(), ct.table());
            if (to.isEmpty()
                    || SchemaRebuild.of(ctx).filter(r -> r.moves(ct.table())).isPresent()
                    || ctx.schemaBeforeUp()
                            .flatMap(m -> m.table(ct.table()))
                            .filter(t -> differences(t, ct).isEmpty())
                            .isPresent()) {
                return;
            }
            Optional<Table> old =
                    ctx.schema().table(new QualifiedName(ct.table().schema(), to.get()));
            List<String> differences = old.map(t -> differences(t, ct)).orElse(List.of());
            if (differences.isEmpty()) {
                return;
            }
            ctx.report(
                            s,
                            "table " + ct.table() + " was renamed to " + to.get() + " earlier in this migration and a "
                                    + "new table takes its name with other columns (" + String.join(", ", differences)
                                    + "): code deployed before the migration silently reads and writes the new table")
                    .help("Create the new table under a new name and switch the code to it; or rebuild " + ct.table()
                            + " with the same columns and types so old code keeps working; or, where the name is "
                            + "meant to hold the new table, make sure no instance of the old code runs when this "
                            + "migration does (stop it first).");
        }
    }

    /**
     * CredHub's V43 renames credential to credential_version, then credential_name to credential: old code's queries on
     * credential reach the other table (and fail only where a column they name is missing there).
     */
    private static void renamedInto(
            ParsedStatement s, RuleContext ctx, Statement.AlterTable at, AlterAction.RenameTable rt, AlterAction a) {
        QualifiedName target = new QualifiedName(at.table().schema(), rt.to());
        Optional<String> away = renamedTableAway(ctx, s.index(), target);
        if (away.isEmpty()
                || SchemaRebuild.of(ctx).filter(r -> r.moves(target)).isPresent()
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())
                || ctx.schemaBeforeUp().flatMap(m -> m.table(target)).isPresent()) {
            return; // a down giving the names back as they were before its up
        }
        Optional<Table> old = ctx.schema().table(new QualifiedName(at.table().schema(), away.get()));
        Optional<Table> moved = ctx.schema().table(at.table());
        List<String> missing = old.isPresent() && moved.isPresent()
                ? old.get().columns().stream()
                        .map(Column::name)
                        .filter(c -> moved.get().columns().stream()
                                .noneMatch(m -> m.name().equals(c)))
                        .toList()
                : List.of();
        ctx.report(
                        a.span(),
                        "table " + target + " was renamed to " + away.get() + " earlier in this migration and "
                                + at.table() + " now takes its name: code deployed before the migration that queries "
                                + target + " reads and writes the rows of " + at.table() + " instead"
                                + (missing.isEmpty()
                                        ? ""
                                        : " (and fails where it names " + String.join(", ", missing) + ", which "
                                                + at.table() + " lacks)"))
                .help("No view can keep both old names working here: " + target + " is taken by this rename. Make "
                        + "sure no instance of the old code runs when this migration does (stop it first), or rename "
                        + "across releases: give " + at.table() + " a name no table had, move the code to the new "
                        + "names, and take over " + target + " in a later migration.");
    }

    /** The name the column was renamed to earlier in the script (and not renamed back since). */
    private static Optional<String> renamedAway(RuleContext ctx, int before, QualifiedName table, String column) {
        String to = null;
        for (int i = 0; i < before; i++) {
            if (ctx.script().statements().get(i).node() instanceof Statement.AlterTable at
                    && at.table().sameAs(table)) {
                for (AlterAction a : at.actions()) {
                    if (a instanceof AlterAction.RenameColumn rc && rc.from().equals(column)) {
                        to = rc.to();
                    } else if (a instanceof AlterAction.RenameColumn rc
                                    && rc.to().equals(column)
                            || a instanceof AlterAction.AddColumn ac
                                    && ac.column().name().equals(column)) {
                        to = null;
                    }
                }
            }
        }
        return Optional.ofNullable(to);
    }

    private static Optional<String> renamedTableAway(RuleContext ctx, int before, QualifiedName table) {
        String to = null;
        for (int i = 0; i < before; i++) {
            Statement n = ctx.script().statements().get(i).node();
            if (n instanceof Statement.AlterTable at) {
                for (AlterAction a : at.actions()) {
                    if (a instanceof AlterAction.RenameTable rt && at.table().sameAs(table)) {
                        to = rt.to();
                    } else if (a instanceof AlterAction.RenameTable rt
                            && new QualifiedName(at.table().schema(), rt.to()).sameAs(table)) {
                        to = null;
                    }
                }
            } else if (n instanceof Statement.CreateTable c && c.table().sameAs(table)) {
                to = null;
            }
        }
        return Optional.ofNullable(to);
    }

    /** Old columns the new table lacks or types differently; empty when old code keeps working. */
    private static List<String> differences(Table old, Statement.CreateTable ct) {
        List<String> out = new ArrayList<>();
        for (Column c : old.columns()) {
            Optional<ColumnDef> now =
                    ct.columns().stream().filter(d -> d.name().equals(c.name())).findFirst();
            if (now.isEmpty()) {
                out.add("no " + c.name());
            } else if (c.type() != null
                    && now.get().type() != null
                    && !sameType(c.type().name(), now.get().type().name())) {
                out.add(c.name() + " " + c.type().text() + " -> "
                        + now.get().type().text());
            }
        }
        return out;
    }

    private static boolean sameType(String a, String b) {
        return integerOf(a).equals(integerOf(b));
    }

    /** A serial column is its integer type with a default; the rebuild may spell it either way. */
    private static String integerOf(String type) {
        return switch (type) {
            case "serial" -> "integer";
            case "bigserial" -> "bigint";
            case "smallserial" -> "smallint";
            default -> type;
        };
    }
}
