package io.miglint.rules.locking;

import io.miglint.layout.Version;
import io.miglint.model.AlterAction;
import io.miglint.model.DataFlow;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.schema.SchemaModel;
import io.miglint.rule.RuleContext;
import io.miglint.rule.ScriptView;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Tables nobody can have filled or be using yet when the statement runs. */
public final class NewTables {
    /**
     * How many days after the migration that created a table it still counts as young: a table created by a
     * migration written at most this many days before the current one ({@link #age}; MusicBrainz creates a release's
     * tables in one dated script and adds their keys in another a few days later; sqlx and dbmate projects add a table
     * and, in the next migration, what refers to it).
     */
    static final int YOUNG_DAYS = 7;

    /**
     * How many days after the migration that created a table a scan, an index build or a rewrite of it is reported
     * as info rather than a warning ({@link #lowerIfRecent}): a table a few weeks or months old has had little time to
     * grow, and whether it holds a thousand rows or ten million is what the migration does not show.
     */
    static final int RECENT_DAYS = 90;

    private NewTables() {}

    /**
     * For the rules about the cost of a scan, an index build or a rewrite of {@code table}: when an up runs it on a
     * table the folder created at most {@value #RECENT_DAYS} days earlier (dated migrations only, {@link #age}; not a
     * table filled from a query, which is born with rows) and the table stats do not measure it (a measurement wins
     * over a guess), the finding is lowered to info and says so.
     */
    static void lowerIfRecent(RuleContext ctx, QualifiedName table, io.miglint.rule.FindingDraft finding) {
        recent(ctx, table)
                .ifPresent(r -> finding.lowered(
                        io.miglint.rule.Severity.INFO,
                        r.since()
                                + ", so it has had little time to grow and this is likely brief; measure it (`miglint "
                                + "table-stats`) to know"));
    }

    /**
     * How recent {@code table} is at the current migration: created by a migration of the folder at most
     * {@value #RECENT_DAYS} days before this one (dated migrations only, {@link #age}), in an up, where the table stats
     * do not measure it and it was not filled from a query (born with rows).
     */
    public static Optional<Recent> recent(RuleContext ctx, QualifiedName table) {
        if (table == null
                || ctx.script().isDown()
                || ctx.tableStats(table).isPresent()
                || ctx.schema().filledByQuery(table)) {
            return Optional.empty();
        }
        return age(ctx.script(), ctx.schema(), table)
                .filter(a -> a.toDays() <= RECENT_DAYS)
                .map(a -> new Recent(
                        table,
                        a.toDays(),
                        ctx.schema().versionThatCreated(table).orElseThrow()));
    }

    /** A table's age in days at the current migration, and the version that created it. */
    public record Recent(QualifiedName table, long days, String createdBy) {
        /** "t was created N days before this migration (version V)". */
        public String since() {
            return table + " was created " + days + " days before this migration (version " + createdBy + ")";
        }
    }

    /**
     * How long before the current migration the migration that created {@code table} was written, where both have a
     * date ({@code Migration.moment()}: a date or timestamp version, Drizzle Kit's journal {@code when}, a Prisma
     * folder's timestamp; sequence numbers tell no age) and in that order. The one place the rules about a table's age
     * take it from.
     */
    private static Optional<Duration> age(ScriptView script, SchemaModel schema, QualifiedName table) {
        Optional<LocalDateTime> created = schema.momentThatCreated(table);
        Optional<LocalDateTime> now = script.migration().moment();
        if (created.isEmpty() || now.isEmpty() || created.get().isAfter(now.get())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(created.get(), now.get()));
    }

    /**
     * In an up, created by a migration of the same version, this script or an earlier one (scripts sharing a version
     * run as one upgrade): MusicBrainz creates a release's tables in one script and adds their keys in the next.
     */
    static boolean createdEarlierInVersion(RuleContext ctx, QualifiedName table) {
        return !ctx.script().isDown() && ctx.schema().tableCreatedInCurrentVersion(table);
    }

    /**
     * True when {@code table} is young at statement {@code s}, so that a scan or an index build of it neither takes
     * long nor blocks anyone's queries: it is {@linkplain #unusedYet unused yet}, or it is provably
     * empty there: an earlier statement of the same transaction block added a NOT NULL column without a default to it
     * (which succeeds only on an empty table; had it rows, the migration fails there and this statement never runs),
     * or emptied it (TRUNCATE, DELETE without WHERE), and nothing since can have put a row back; or it is a
     * lookup table the folder itself shows to be small ({@code RuleContext.lookupTable}: seed rows only, one settings
     * row, a type hierarchy), or, in an up, a table a later up of the folder proves empty here
     * ({@code RuleContext.emptyUntilLaterUp}: it adds a NOT NULL column without a default to it): a scan or an index
     * build of it is instant. Only for rules about the cost of a scan or a build, never for lock queueing (a small or
     * empty table can be read by every query) or correctness. Where the table stats measure the table
     * ({@link io.miglint.rules.MeasuredTables}), they replace the lookup-table guess: small below the threshold, and
     * not a lookup table above it. What the folder proves about the table at this statement (new, recently created,
     * empty) still counts: the snapshot describes the day it was taken, not the day an applied migration ran.
     */
    static boolean young(RuleContext ctx, QualifiedName table, ParsedStatement s) {
        return unusedYet(ctx, table, s)
                || table != null && emptyAt(ctx.script(), table, s.index())
                || table != null
                        && (io.miglint.rules.MeasuredTables.smallOr(
                                        ctx, table, () -> ctx.lookupTable(table).isPresent())
                                || !ctx.script().isDown() && ctx.emptyUntilLaterUp(table, s));
    }

    /**
     * True when no application code can be using {@code table} yet at statement {@code s}, so that no query can
     * hold a lock on it that this statement would queue behind: it was created earlier in this script, or, in an
     * up, by an earlier migration of the same version or one written at most {@value #YOUNG_DAYS} days before this one
     * (only when both are dated, {@link #age}: sequence numbers tell no age; never in a down, which
     * may run long after its up; not a table filled from a query since, a copy of existing data that views may read
     * at once). An emptied table may still be in use: other sessions read it and wait for it. The schema is the rule's
     * (at the statement, or after the script for a script rule).
     */
    static boolean unusedYet(RuleContext ctx, QualifiedName table, ParsedStatement s) {
        if (table == null) {
            return false;
        }
        return ctx.wholeScript().tableCreatedBefore(table, s.index())
                || !ctx.script().isDown() && createdRecently(ctx.script(), ctx.schema(), table);
    }

    private static boolean createdRecently(ScriptView script, SchemaModel schema, QualifiedName table) {
        Optional<String> createdBy = schema.versionThatCreated(table);
        Version current = script.migration().version();
        if (createdBy.isEmpty() || current == null) {
            return false;
        }
        if (createdBy.get().equals(current.text())) {
            return true;
        }
        if (schema.filledByQuery(table)) {
            return false; // born with other tables' rows (CREATE TABLE … AS, INSERT … SELECT): views may read it at
            // once
        }
        return age(script, schema, table)
                .map(a -> a.compareTo(Duration.ofDays(YOUNG_DAYS)) <= 0)
                .orElse(false);
    }

    /**
     * Whether {@code table} is provably empty when statement {@code s} runs: an earlier statement of the same
     * transaction block emptied it (TRUNCATE, DELETE without WHERE) or added a NOT NULL column without a default to
     * it, and nothing since can have put a row back. A fact about the rows, so also for rules about data loss (a
     * column dropped there loses no value); unlike {@link #young}, never a sign that no code uses the table.
     */
    public static boolean emptyAt(ScriptView script, QualifiedName table, ParsedStatement s) {
        return table != null && emptyAt(script, table, s.index());
    }

    private static boolean emptyAt(ScriptView script, QualifiedName table, int index) {
        TreeMap<Integer, Boolean> changes =
                script.memo("newtables.empty", () -> emptied(script)).get(table.key());
        if (changes == null) {
            return false;
        }
        Map.Entry<Integer, Boolean> e = changes.floorEntry(index);
        return e != null && e.getValue();
    }

    /**
     * Per table key: from which statement index on it is provably empty (true) or no longer so (false). A
     * transaction block's end forgets everything (other sessions may insert once its locks are gone); a statement
     * whose effects are not known (a DO block, a function call, an unparsed statement) may insert anywhere.
     */
    private static Map<String, TreeMap<Integer, Boolean>> emptied(ScriptView script) {
        Map<String, TreeMap<Integer, Boolean>> out = new HashMap<>();
        Map<String, Boolean> now = new HashMap<>();
        for (ParsedStatement p : script.statements()) {
            int from = p.index() + 1;
            Statement n = p.node();
            if (!script.inTransaction(p)) {
                forgetAll(out, now, p.index()); // autocommit: other sessions may insert before it runs
            } else if (n instanceof Statement.Transaction t
                            && t.kind() != Statement.Transaction.TxKind.SAVEPOINT
                            && t.kind() != Statement.Transaction.TxKind.RELEASE
                    || p.isNested()
                    || !keepsRowsOut(n)) {
                forgetAll(out, now, from);
            } else if (n instanceof Statement.AlterTable at) {
                for (AlterAction a : at.actions()) {
                    if (a instanceof AlterAction.AddColumn add
                            && !add.ifNotExists()
                            && add.column().failsOnAnyRow()) {
                        mark(out, now, at.table().key(), from, true);
                    } else if (a instanceof AlterAction.RenameTable || a instanceof AlterAction.SetSchema) {
                        forgetAll(out, now, from);
                    }
                }
            } else if (n instanceof Statement.Truncate t) {
                t.tables().forEach(x -> mark(out, now, x.key(), from, true));
            } else if (n instanceof Statement.Delete d
                    && !d.hasWhere()
                    && d.functions().isEmpty()) {
                mark(out, now, d.table().key(), from, true);
                inserted(out, now, d.flow(), from);
            } else if (n instanceof Statement.Insert
                    || n instanceof Statement.Update
                    || n instanceof Statement.Select) {
                inserted(out, now, DataFlow.of(n), from);
            } else if (n instanceof Statement.Copy c && c.from()) {
                if (c.table() == null) {
                    forgetAll(out, now, from);
                } else {
                    mark(out, now, c.table().key(), from, false);
                }
            } else if (n instanceof Statement.Rename) {
                forgetAll(out, now, from);
            }
        }
        return out;
    }

    /**
     * Statements that insert into no table but those they name (INSERT, COPY, a data-modifying WITH query), or into
     * none. A function a data statement calls may insert anywhere.
     */
    private static boolean keepsRowsOut(Statement n) {
        return n instanceof Statement.AlterTable
                || n instanceof Statement.CreateTable
                || n instanceof Statement.CreateIndex
                || n instanceof Statement.Drop
                || n instanceof Statement.Create
                || n instanceof Statement.CreateType
                || n instanceof Statement.AlterType
                || n instanceof Statement.CreateFunction
                || n instanceof Statement.CreateTrigger
                || n instanceof Statement.CreateView && !((Statement.CreateView) n).materialized()
                || n instanceof Statement.CreatePolicy
                || n instanceof Statement.Rename
                || n instanceof Statement.Grant
                || n instanceof Statement.Comment
                || n instanceof Statement.SetParameter
                || n instanceof Statement.Transaction
                || n instanceof Statement.LockTable
                || n instanceof Statement.Truncate
                || n instanceof Statement.Delete d && d.functions().isEmpty()
                || n instanceof Statement.Update u && u.functions().isEmpty()
                || n instanceof Statement.Insert i && i.functions().isEmpty()
                || n instanceof Statement.Select sel && sel.functions().isEmpty()
                || n instanceof Statement.Copy;
    }

    /** The tables a data statement inserts into: its target, and those of its data-modifying WITH queries. */
    private static void inserted(
            Map<String, TreeMap<Integer, Boolean>> out, Map<String, Boolean> now, DataFlow flow, int from) {
        for (DataFlow.Write w : flow.writes()) {
            if (w.kind() == DataFlow.WriteKind.INSERT || w.kind() == DataFlow.WriteKind.CREATE) {
                mark(out, now, w.table().key(), from, false);
            }
        }
    }

    private static void mark(
            Map<String, TreeMap<Integer, Boolean>> out, Map<String, Boolean> now, String key, int from, boolean empty) {
        if (now.getOrDefault(key, false) != empty) {
            now.put(key, empty);
            out.computeIfAbsent(key, k -> new TreeMap<>()).put(from, empty);
        }
    }

    private static void forgetAll(Map<String, TreeMap<Integer, Boolean>> out, Map<String, Boolean> now, int from) {
        for (String key : java.util.List.copyOf(now.keySet())) {
            mark(out, now, key, from, false);
        }
    }
}
