package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.TypeChangeCost;
import io.miglint.model.TypeRef;
import io.miglint.model.schema.Column;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import java.util.Optional;

/**
 * ALTER COLUMN TYPE rewrites the table and rebuilds every index under ACCESS EXCLUSIVE, except for binary-coercible
 * widenings (see {@link TypeChangeCost}). A USING expression other than the bare column forces the rewrite too.
 * Without the old type (the column was never created by these migrations) it can only say "may".
 */
@RuleInfo(
        id = "change-column-type",
        summary = "ALTER COLUMN TYPE rewrites the table under ACCESS EXCLUSIVE",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        onlineOnly = true,
        oncePerTransaction = true)
public final class ChangeColumnType implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())
                || NewTables.young(ctx, at.table(), s)) {
            return; // young, small (folder or table stats) or empty: a short rewrite
        }
        // One rewrite per statement, however many columns it changes: one finding, at the first, naming them all.
        java.util.List<String> changes = new java.util.ArrayList<>();
        java.util.List<AlterAction.AlterColumnType> changed = new java.util.ArrayList<>();
        for (AlterAction a : at.actions()) {
            if (!(a instanceof AlterAction.AlterColumnType act)) {
                continue;
            }
            if (io.miglint.rules.Rollback.restores(ctx, s, a)) {
                // the rollback's rewrite is how the old type comes back; down-narrows-type reports the values
                // written since that may no longer fit it
                continue;
            }
            String t = at.table().toString();
            String c = act.column();
            Optional<TypeRef> old = ctx.schema().column(at.table(), c).map(Column::type);
            boolean trivialUsing =
                    act.using() == null || act.using().normalized().equals(c);
            if (old.isPresent() && trivialUsing && !TypeChangeCost.rewritesRows(old.get(), act.type())) {
                continue;
            }
            if (old.isPresent() && trivialUsing && zoneSwap(old.get(), act.type()) && utcSetBefore(ctx, s)) {
                continue;
            }
            String to = act.type().text().trim();
            changes.add(old.map(o -> t + "." + c + " from " + o.text().trim() + serialType(o) + " to " + to
                            + (trivialUsing
                                    ? zoneNote(o, act.type())
                                    : zoneSwap(o, act.type())
                                            ? " with a USING expression (a rewrite whatever the session's time zone)"
                                            : " with a USING expression"))
                    .orElse(
                            trivialUsing
                                    ? t + "." + c + " to " + to + " (the old type is unknown here; only "
                                            + "binary-compatible widenings such as varchar(n) to text do not rewrite)"
                                    : t + "." + c + " to " + to + " with a USING expression"));
            changed.add(act);
        }
        if (changed.isEmpty()) {
            return;
        }
        AlterAction.AlterColumnType first = changed.get(0);
        // The help follows the column whose move needs the most: a key other tables reference, or one with a sequence.
        Optional<ColumnSwap> swap = ColumnSwap.of(ctx.schema(), at.table(), first.column());
        AlterAction.AlterColumnType shown = first;
        for (AlterAction.AlterColumnType act : changed) {
            Optional<ColumnSwap> dependents = ColumnSwap.of(ctx.schema(), at.table(), act.column());
            if (dependents.isPresent() && dependents.get().needsKeyRecipe()) {
                swap = dependents;
                shown = act;
                break;
            }
        }
        String t = at.table().toString();
        String tq = WrittenSql.name(at.table());
        String c = first.column();
        // what the statement itself sets on the column along with the type (cas-cif's form_001 sets a new default
        // and NOT NULL): the new column takes those, not the old column's
        Optional<String> ownDefault = at.actions().stream()
                .filter(a ->
                        a instanceof AlterAction.SetDefault d && d.column().equals(first.column()) && d.value() != null)
                .map(a -> ((AlterAction.SetDefault) a).value().text().trim())
                .findFirst();
        String oldDefault =
                swap.map(w -> w.defaultStep(tq, first.using() == null)).orElse("");
        boolean notNull = swap.isPresent() && swap.get().column().notNull()
                || at.actions().stream()
                        .anyMatch(a -> a instanceof AlterAction.SetNotNull n
                                && n.column().equals(first.column()));
        Optional<String> typeDropped = laterTypeDrop(ctx, s, at, first);
        // ab2d's ALTER TABLE ab2d.coverage ALTER COLUMN historic_mbis TYPE varchar, on a table the folder made
        // without its schema: from varchar(n) or text, as most columns changed to an unbounded string type are,
        // nothing is rewritten, so a rewrite is only a possibility here
        boolean onlyUnknownToUnbounded = changed.stream()
                .allMatch(a -> ctx.schema().column(at.table(), a.column()).isEmpty()
                        && (a.using() == null || a.using().normalized().equals(a.column()))
                        && unboundedString(a.type()));
        io.miglint.rule.FindingDraft reported = ctx.report(
                        first.span(),
                        "changing " + String.join(", ", changes) + " rewrites " + t + " and all its indexes "
                                + (changes.size() > 1 ? "(once for the statement) " : "")
                                + "under an ACCESS EXCLUSIVE lock, "
                                + "blocking reads and writes for the whole rewrite")
                .help(
                        OwnMigration.downInOneTransaction(ctx.script())
                                ? "A rollback cannot move to a new column in "
                                        + "steps: " + OwnMigration.noWayInDown(ctx.script())
                                        + ". Roll back when " + t + " can be "
                                        + "blocked for the rewrite; for varchar, widening the length or using text rewrites nothing."
                                : swap.isPresent() && swap.get().needsKeyRecipe()
                                        ? swap.get().keyHelp(ctx.schema(), shown.type())
                                                + (changes.size() > 1 ? " The other columns move the same way." : "")
                                                + laterDefault(ctx, s, at, shown.column())
                                                        .map(d -> " This migration then gives "
                                                                + WrittenSql.ident(d.column())
                                                                + " another default at line "
                                                                + d.span().line()
                                                                + ": set that one on the new column after the swap "
                                                                + "instead of handing the old sequence over.")
                                                        .orElse("")
                                        : "Add a new column instead and move to it in steps"
                                                + (changes.size() > 1 ? " (for each " + "column)" : "")
                                                + ": `ALTER TABLE " + tq + " ADD COLUMN "
                                                + WrittenSql.ident(c + "_new")
                                                + " "
                                                + first.type().text().trim() + ";`"
                                                + ownDefault
                                                        .map(d -> " `ALTER TABLE " + tq + " ALTER COLUMN "
                                                                + WrittenSql.ident(c + "_new") + " SET DEFAULT " + d
                                                                + ";` (the default this statement sets),")
                                                        .orElseGet(() -> oldDefault)
                                                + " keep it in sync with a trigger, backfill with "
                                                + "`UPDATE " + tq + " SET " + WrittenSql.ident(c + "_new")
                                                + " = "
                                                + (first.using() == null
                                                        ? WrittenSql.ident(c)
                                                        : "("
                                                                + first.using()
                                                                        .text()
                                                                        .trim() + ")")
                                                + " WHERE <key> BETWEEN … AND …;` per batch, "
                                                + (notNull
                                                        ? "make it NOT NULL without a long lock ("
                                                                + ColumnSwap.notNullSteps(c + "_new") + "), "
                                                        : "")
                                                + "then switch readers and, in one short "
                                                + "transaction, drop the trigger and swap the names (`ALTER TABLE "
                                                + tq + " RENAME COLUMN "
                                                + WrittenSql.ident(c) + " TO " + WrittenSql.ident(c + "_old")
                                                + ";` `ALTER TABLE " + tq
                                                + " RENAME COLUMN " + WrittenSql.ident(c + "_new") + " TO "
                                                + WrittenSql.ident(c) + ";`)"
                                                + (notNull
                                                        ? ", freeing the old column: "
                                                                + ColumnSwap.oldColumnLetGo(tq, c)
                                                        : "")
                                                + "."
                                                + swap.filter(w -> !w.others().isEmpty())
                                                        .map(w -> " " + w.othersSentence())
                                                        .orElse("")
                                                + (textLike(first.type())
                                                                || swap.map(w -> textLike(w.column()
                                                                                .type()))
                                                                        .orElse(true)
                                                        ? " For varchar, widen the length or use text, which rewrites nothing."
                                                        : "")
                                                + typeDropped.orElse(""));
        NewTables.lowerIfRecent(ctx, at.table(), reported);
        if (onlyUnknownToUnbounded) {
            reported.lowered(
                    Severity.INFO,
                    "from varchar(n) or text, the usual old types, nothing is rewritten: check the old type (`\\d "
                            + at.table() + "`) before planning for a rewrite");
        }
    }

    /** text, or varchar without a length: what varchar(n) and text become without a rewrite. */
    private static boolean unboundedString(TypeRef type) {
        String n = type.name().toLowerCase(java.util.Locale.ROOT);
        return !type.array()
                && type.modifiers().isEmpty()
                && (n.equals("text") || n.equals("varchar") || n.equals("character varying"));
    }

    /**
     * A later DROP TYPE of the script drops the column's old type (graph-node swaps an enum this way): in the
     * step-by-step move the old column keeps that type until it is dropped, so the DROP TYPE has to wait for it.
     */
    private static Optional<String> laterTypeDrop(
            RuleContext ctx,
            io.miglint.model.ParsedStatement s,
            Statement.AlterTable at,
            AlterAction.AlterColumnType act) {
        Optional<String> old = ctx.schema()
                .column(at.table(), act.column())
                .map(col -> col.type().name());
        if (old.isEmpty()) {
            return Optional.empty();
        }
        return ctx.script().statements().stream()
                .filter(p -> p.index() > s.index()
                        && p.node() instanceof Statement.Drop d
                        && (d.kind() == io.miglint.model.ObjectKind.TYPE
                                || d.kind() == io.miglint.model.ObjectKind.DOMAIN)
                        && d.names().stream().anyMatch(n -> n.name().equalsIgnoreCase(old.get())))
                .findFirst()
                .map(p -> " The DROP TYPE at line " + p.span().line() + " then waits until the old column is dropped ("
                        + "`ALTER TABLE " + WrittenSql.name(at.table()) + " DROP COLUMN "
                        + WrittenSql.ident(act.column() + "_old") + ";`): until then it still uses " + old.get() + ".");
    }

    /** Where the varchar advice (widen, or text) can apply: a character type on either side. */
    private static boolean textLike(TypeRef t) {
        return java.util.Set.of("varchar", "text", "char", "bpchar", "character", "character varying")
                .contains(t.name());
    }

    /** serial is no type of its own: the column is an integer (bigint, smallint) that owns a sequence. */
    private static String serialType(TypeRef t) {
        String actual = ColumnSwap.canonical(t.name());
        return t.name().contains("serial") && !actual.equals(t.name()) ? " (" + actual + ")" : "";
    }

    private static boolean zoneSwap(TypeRef from, TypeRef to) {
        return from.name().startsWith("timestamp")
                && to.name().startsWith("timestamp")
                && !from.name().equals(to.name());
    }

    /**
     * Whether the script set the session's TimeZone to UTC earlier: PostgreSQL 12+ then converts timestamp to
     * timestamptz (and back) without rewriting (https://www.postgresql.org/docs/release/12.0/).
     */
    private static boolean utcSetBefore(RuleContext ctx, ParsedStatement s) {
        if (ctx.pgVersion() < 12) {
            return false;
        }
        boolean utc = false;
        for (ParsedStatement earlier : ctx.script().statements().subList(0, s.index())) {
            if (earlier.node() instanceof Statement.SetParameter p
                    && p.name() != null
                    && p.name().replace(" ", "").equalsIgnoreCase("timezone")) {
                String v = p.value() == null ? "" : p.value().replace("'", "").trim();
                utc = !p.reset()
                        && (v.equalsIgnoreCase("utc")
                                || v.equalsIgnoreCase("etc/utc")
                                || v.equalsIgnoreCase("gmt")
                                || v.equals("0")
                                || v.equalsIgnoreCase("z"));
            }
        }
        return utc;
    }

    /** PostgreSQL 12+ skips this rewrite only when the session TimeZone is UTC
     * (https://www.postgresql.org/docs/release/12.0/), which a migration cannot promise. */
    private static String zoneNote(TypeRef from, TypeRef to) {
        return zoneSwap(from, to) ? " (skipped on PostgreSQL 12+ only if the session TimeZone is UTC)" : "";
    }

    /** Where a later statement of the script sets a default on the column (a sequence of the migration's own). */
    private record LaterDefault(String column, io.miglint.sql.Span span) {}

    private static Optional<LaterDefault> laterDefault(
            RuleContext ctx, ParsedStatement s, Statement.AlterTable at, String column) {
        return ctx.script().statements().stream()
                .filter(p -> p.index() > s.index()
                        && p.node() instanceof Statement.AlterTable other
                        && other.table().sameAs(at.table())
                        && other.actions().stream()
                                .anyMatch(a -> a instanceof AlterAction.SetDefault d
                                        && d.column().equals(column)))
                .findFirst()
                .map(p -> new LaterDefault(column, p.span()));
    }
}
