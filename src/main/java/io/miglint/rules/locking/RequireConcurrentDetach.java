package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;

/**
 * DETACH PARTITION takes ACCESS EXCLUSIVE on the partitioned table; from PostgreSQL 14, DETACH PARTITION … CONCURRENTLY
 * needs only SHARE UPDATE EXCLUSIVE (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DETACH-PARTITION).
 *
 * <p>A DETACH that the same transaction follows with an ATTACH of the same partition changes the partition's bounds
 * (PostgreSQL has no other way to): the swap must stay atomic, or the table goes without the partition in between, so
 * CONCURRENTLY (which cannot run in a transaction) is no way out. The help says what the lock costs there (held until
 * COMMIT, through the ATTACH's scan of the partition) and how to shorten it: a CHECK constraint matching the new
 * bounds, added NOT VALID and validated beforehand, lets the ATTACH skip its scan (checked on PostgreSQL 15: "partition
 * constraint … is implied by existing constraints").
 */
@RuleInfo(
        id = "require-concurrent-detach",
        summary = "Partition detached without CONCURRENTLY",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        minPg = 14,
        onlineOnly = true)
public final class RequireConcurrentDetach implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        for (AlterAction a : at.actions()) {
            if (a instanceof AlterAction.DetachPartition dp && !dp.concurrently() && !dp.finalizing()) {
                java.util.Optional<Reattach> again = reattachedLater(ctx, s, at, dp);
                if (again.isPresent()) {
                    reportSwap(ctx, s, at, dp, again.get());
                    continue;
                }
                ctx.report(
                                dp.span(),
                                "detaching partition " + dp.partition() + " takes an ACCESS EXCLUSIVE lock on "
                                        + at.table() + ": every read and write of the partitioned table waits")
                        .help(
                                ctx.script().isDown()
                                                && OwnMigration.inDown(ctx.script())
                                                        .isEmpty()
                                        ? "This down cannot detach it CONCURRENTLY: "
                                                + OwnMigration.noWayInDown(ctx.script())
                                                + ". Roll back when queries on " + at.table()
                                                + " can wait for the lock."
                                        : "Use `ALTER TABLE " + WrittenSql.name(at.table()) + " DETACH PARTITION "
                                                + WrittenSql.name(dp.partition()) + " CONCURRENTLY;` alone in "
                                                + OwnMigration.howToRunOutsideTransaction(ctx.script())
                                                + " (not possible when the table has a default partition); it leaves on "
                                                + dp.partition()
                                                + " a CHECK constraint copying its partition bound, which you may "
                                                + "drop afterwards; if it is interrupted, finish it with `ALTER TABLE "
                                                + WrittenSql.name(at.table()) + " DETACH PARTITION "
                                                + WrittenSql.name(dp.partition())
                                                + " FINALIZE`.");
            }
        }
    }

    /** The ATTACH of the detached partition later in the same transaction, and the statement that holds it. */
    private record Reattach(ParsedStatement statement, AlterAction.AttachPartition attach) {}

    private static java.util.Optional<Reattach> reattachedLater(
            RuleContext ctx, ParsedStatement s, Statement.AlterTable at, AlterAction.DetachPartition dp) {
        if (!ctx.script().inTransaction(s)) {
            return java.util.Optional.empty(); // each statement commits on its own: the swap is not atomic anyway
        }
        java.util.List<ParsedStatement> rest = new java.util.ArrayList<>();
        rest.add(s);
        rest.addAll(TableLock.restOfTransaction(ctx, s.index()));
        for (ParsedStatement p : rest) {
            if (p.node() instanceof Statement.AlterTable later && later.table().sameAs(at.table())) {
                for (AlterAction a : later.actions()) {
                    if (a instanceof AlterAction.AttachPartition ap
                            && ap.partition().sameAs(dp.partition())
                            && ap.span().start() > dp.span().start()) {
                        return java.util.Optional.of(new Reattach(p, ap));
                    }
                }
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * DETACH, then ATTACH of the same partition with new bounds, in one transaction: the lock lasts until COMMIT and
     * covers the ATTACH's scan of the partition; the help keeps the swap atomic and shortens the lock.
     */
    private static void reportSwap(
            RuleContext ctx,
            ParsedStatement s,
            Statement.AlterTable at,
            AlterAction.DetachPartition dp,
            Reattach again) {
        String table = WrittenSql.name(at.table());
        String partition = WrittenSql.name(dp.partition());
        int line = again.statement().span().line();
        java.util.Optional<String> check =
                boundCheck(ctx, at.table(), again.attach().bound());
        String constraint = WrittenSql.ident(dp.partition().name() + "_new_bound");
        String shorten = check.isPresent()
                ? "Shorten the lock to catalog changes: before this migration, give " + dp.partition()
                        + " a CHECK constraint matching the new bounds, added NOT VALID (a brief ACCESS EXCLUSIVE "
                        + "lock on " + dp.partition() + ", not on " + at.table()
                        + ") and validated in a separate transaction or "
                        + "migration (a SHARE UPDATE EXCLUSIVE lock: its reads and writes go on): `ALTER TABLE "
                        + partition + " ADD CONSTRAINT " + constraint + " CHECK (" + check.get()
                        + ") NOT VALID;` then `ALTER TABLE " + partition + " VALIDATE CONSTRAINT " + constraint
                        + ";`. The ATTACH then finds the bounds proven and skips its scan; drop the constraint "
                        + "after it (`ALTER TABLE " + partition + " DROP CONSTRAINT " + constraint + ";`)."
                : "Shorten the lock to catalog changes: before this migration, give " + dp.partition()
                        + " a CHECK constraint that implies the new bounds, added NOT VALID and validated in a separate "
                        + "transaction or migration (its reads and writes go on); the ATTACH then skips its scan. "
                        + "Drop the constraint after it.";
        ctx.report(
                        dp.span(),
                        "detaching partition " + dp.partition() + " takes an ACCESS EXCLUSIVE lock on " + at.table()
                                + " that lasts until the transaction commits, through the ATTACH of "
                                + dp.partition() + " with new bounds at line " + line + ", which scans every row of "
                                + dp.partition() + " to check them against the bounds (and " + at.table()
                                + "'s default partition, if it has one): every read and write of " + at.table()
                                + " waits until then")
                .help("Keep the DETACH and the ATTACH at line " + line + " in one transaction, as they are: PostgreSQL "
                        + "changes a partition's bounds no other way, and a DETACH CONCURRENTLY, which cannot run in a "
                        + "transaction, would leave " + at.table() + " without " + dp.partition()
                        + " until the ATTACH (its rows missing from every query of " + at.table()
                        + ", inserts of its values failing or going to a default partition). " + shorten
                        + " A default partition of " + at.table() + " is scanned too, unless a CHECK constraint of "
                        + "it excludes the new values. Put `SET LOCAL lock_timeout = '5s';` before the DETACH, so that "
                        + "waiting for its lock does not queue every query of " + at.table()
                        + " behind it, and retry when it times out.");
    }

    /**
     * The CHECK expression a partition's new bound implies, for a key of one bare column: {@code k IS NOT NULL AND k IN
     * (…)} for a list, {@code k IS NOT NULL AND k >= from AND k < to} for a range (what PostgreSQL's partition
     * constraint says, so that ATTACH finds it implied). Empty for another key or bound (hash, several columns).
     */
    static java.util.Optional<String> boundCheck(
            RuleContext ctx, io.miglint.model.QualifiedName table, io.miglint.model.PartitionBound bound) {
        java.util.Optional<String> key =
                ctx.schema().partitionKey(table).flatMap(io.miglint.model.PartitionKey::column);
        if (key.isEmpty()) {
            return java.util.Optional.empty();
        }
        String k = key.get();
        String strategy = ctx.schema().partitionKey(table).get().strategy();
        if (bound.kind() == io.miglint.model.PartitionBound.Kind.LIST && strategy.equals("list")) {
            java.util.List<String> values =
                    bound.in().stream().filter(v -> !v.equalsIgnoreCase("null")).toList();
            String in = values.isEmpty() ? null : k + " IN (" + String.join(", ", values) + ")";
            if (values.size() < bound.in().size()) {
                return java.util.Optional.of(in == null ? k + " IS NULL" : k + " IS NULL OR " + in);
            }
            return in == null ? java.util.Optional.empty() : java.util.Optional.of(k + " IS NOT NULL AND " + in);
        }
        if (bound.kind() == io.miglint.model.PartitionBound.Kind.RANGE
                && strategy.equals("range")
                && bound.from().size() == 1
                && bound.to().size() == 1) {
            StringBuilder out = new StringBuilder(k + " IS NOT NULL");
            if (!bound.from().get(0).equalsIgnoreCase("minvalue")) {
                out.append(" AND ").append(k).append(" >= ").append(bound.from().get(0));
            }
            if (!bound.to().get(0).equalsIgnoreCase("maxvalue")) {
                out.append(" AND ").append(k).append(" < ").append(bound.to().get(0));
            }
            return java.util.Optional.of(out.toString());
        }
        return java.util.Optional.empty();
    }
}
