package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.Rollback;
import io.miglint.rules.WrittenSql;
import io.miglint.sql.Span;
import io.miglint.sql.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Adding a CHECK or FOREIGN KEY checks every existing row while the lock is held: ACCESS EXCLUSIVE for CHECK; SHARE
 * ROW EXCLUSIVE on both the table and the referenced table for a foreign key. NOT VALID skips the check for old rows,
 * and VALIDATE CONSTRAINT later takes only SHARE UPDATE EXCLUSIVE (ROW SHARE on the referenced table)
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES).
 * An inline REFERENCES on a new column with no default has only NULLs to check, so only a default makes it costly.
 * One ALTER TABLE adding several constraints checks the rows in one go: it is one finding, and the help rewrites the
 * whole statement from its own text (every action kept, each constraint named and marked NOT VALID) so that pasting
 * it gives the same table, the same keys and the same referential actions.
 */
@RuleInfo(
        id = "constraint-without-not-valid",
        summary = "CHECK or FOREIGN KEY added without NOT VALID checks every " + "row under lock",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        onlineOnly = true,
        oncePerTransaction = true)
public final class ConstraintWithoutNotValid implements StatementRule {
    /** Words that end an inline REFERENCES clause of a column definition (the next column constraint starts). */
    private static final Set<String> COLUMN_CONSTRAINT_START =
            Set.of("constraint", "null", "check", "default", "unique", "primary", "generated", "collate", "references");

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())
                || NewTables.createdEarlierInVersion(ctx, at.table())) {
            return;
        }
        if (NewTables.young(ctx, at.table(), s)) {
            return; // young or provably empty: no size, no traffic
        }
        String t = at.table().toString();
        String alter = WrittenSql.alterTable(s, at);
        List<String> rewritten = new ArrayList<>();
        List<String> validated = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        // the foreign keys written as table constraints, by name: their bodies, for a partitioned table's help
        java.util.Map<String, String> keyBodies = new java.util.LinkedHashMap<>();
        Set<String> referenced = new java.util.LinkedHashSet<>();
        Span first = null;
        // A CHECK added by an ALTER TABLE that rewrites the table is checked on each row as it is rewritten, in the
        // same pass (lakekeeper's ALTER COLUMN typ TYPE … USING with ADD CONSTRAINT … CHECK): no scan of its own, and
        // change-column-type reports the rewrite
        boolean rewrite = SetNotNull.rewrites(ctx, at);
        for (AlterAction a : at.actions()) {
            String written = WrittenSql.text(s, a.span());
            if (Rollback.restores(ctx, s, a)) {
                rewritten.add(written);
            } else if (rewrite
                    && a instanceof AlterAction.AddConstraint ac
                    && ac.constraint().kind() == TableConstraint.Kind.CHECK) {
                rewritten.add(written);
            } else if (a instanceof AlterAction.AddConstraint ac
                    && !ac.constraint().notValid()
                    && (ac.constraint().kind() == TableConstraint.Kind.FOREIGN_KEY
                            || ac.constraint().kind() == TableConstraint.Kind.CHECK)) {
                TableConstraint c = ac.constraint();
                String name = c.name() != null ? c.name() : defaultName(ctx, s, at, c);
                String body = WrittenSql.text(s, c.span());
                rewritten.add("ADD " + (c.name() == null ? "CONSTRAINT " + WrittenSql.ident(name) + " " : "") + body
                        + " NOT VALID");
                validated.add(name);
                if (c.kind() == TableConstraint.Kind.CHECK) {
                    checks.add(name);
                } else {
                    keys.add(name);
                    keyBodies.put(name, body);
                    referenced.add(c.references().table().toString());
                }
                first = first == null ? a.span() : first;
            } else if (a instanceof AlterAction.AddColumn add
                    && add.column().references() != null
                    && add.column().defaultExpr() != null
                    && !add.column().defaultExpr().isNullLiteral()) {
                ColumnDef col = add.column();
                InlineReference ref = inlineReference(s, add);
                if (ref == null) {
                    rewritten.add(written);
                    continue;
                }
                String name = ref.name() != null
                        ? ref.name()
                        : WrittenSql.defaultConstraintName(at.table().name(), List.of(col.name()), "fkey");
                rewritten.add(ref.columnWithout());
                rewritten.add("ADD CONSTRAINT " + WrittenSql.ident(name) + " FOREIGN KEY ("
                        + WrittenSql.ident(col.name()) + ") " + ref.clause() + " NOT VALID");
                validated.add(name);
                keys.add(name);
                referenced.add(col.references().table().toString());
                first = first == null ? a.span() : first;
            } else {
                rewritten.add(written);
            }
        }
        if (first == null) {
            return;
        }
        // After a whole-table UPDATE under the same held lock, the check adds little: the finding names the UPDATE.
        java.util.Optional<ParsedStatement> backfill = HeldBackfill.carriedBy(ctx, at.table(), s);
        if (backfill.isPresent()) {
            HeldBackfill.report(ctx, at.table(), backfill.get());
            return;
        }
        if (HeldLock.silences(ctx, at.table(), s, HeldLock.Work.ROW_CHECK).isPresent()) {
            return;
        }
        StringBuilder help = new StringBuilder("Add ")
                .append(validated.size() == 1 ? "it" : "them")
                .append(" NOT VALID, which checks no existing row: `")
                .append(alter)
                .append(' ')
                .append(String.join(", ", rewritten))
                .append(";` then, in a separate transaction or migration, `");
        for (int i = 0; i < validated.size(); i++) {
            help.append(i == 0 ? "" : " ")
                    .append(alter)
                    .append(" VALIDATE CONSTRAINT ")
                    .append(WrittenSql.ident(validated.get(i)))
                    .append(';');
        }
        help.append("` (reads and writes continue while it validates).");
        if (!keys.isEmpty()
                && checks.isEmpty()
                && keyBodies.size() == keys.size()
                && ctx.pgVersion() < 18
                && ctx.schema().partitioned(at.table())) {
            help = new StringBuilder(partitionedHelp(s, at, keyBodies, ctx.pgVersion()));
        }
        // hatchet's ADD COLUMN "webhookId" uuid NULL, ADD CONSTRAINT … FOREIGN KEY ("webhookId") …: every value of
        // the new column is NULL, so the check finds nothing, yet it reads every row; declared on the column in
        // the ADD COLUMN, the key is added without reading a row (checked on PostgreSQL 15: 3 million rows, 1 ms
        // against 180 ms)
        Optional<String> inline = checks.isEmpty() ? inlineOnNewColumns(s, at) : Optional.empty();
        if (inline.isPresent()) {
            help = new StringBuilder("Every value of the column"
                    + (keys.size() == 1 ? "" : "s") + " the key" + (keys.size() == 1 ? " checks" : "s check")
                    + " is NULL (this statement adds "
                    + (keys.size() == 1 ? "it" : "them") + " without a default), so the check finds nothing, yet "
                    + "it reads every row of " + t + ". Declare "
                    + (keys.size() == 1 ? "the key on the column" : "each " + "key on its column")
                    + " in its ADD COLUMN, which PostgreSQL adds without reading a row: `"
                    + alter + " " + inline.get() + ";`.");
        }
        if (OwnMigration.downInOneTransaction(ctx.script())) {
            help = new StringBuilder("NOT VALID followed by VALIDATE gains nothing in this down: "
                    + OwnMigration.noWayInDown(ctx.script()) + ", so the lock ADD CONSTRAINT takes is held while "
                    + "VALIDATE checks the rows. Roll back when " + t + " can wait for the check.");
        }
        // Another action of the statement (a DROP CONSTRAINT before the re-add) may take ACCESS EXCLUSIVE on the table.
        boolean exclusive = TableLock.takenBy(s, ctx).stream()
                .anyMatch(l ->
                        l.accessExclusive() && l.object() != null && l.object().sameAs(at.table()));
        NewTables.lowerIfRecent(
                ctx,
                at.table(),
                ctx.report(
                                first,
                                message(t, checks, keys, referenced, exclusive)
                                        + HeldLock.heldSince(
                                                ctx,
                                                at.table(),
                                                s,
                                                HeldLock.Work.ROW_CHECK,
                                                keys.isEmpty() || exclusive))
                        .help(help.toString()));
    }

    /**
     * PostgreSQL before 18 refuses a NOT VALID foreign key on a partitioned table ("cannot add NOT VALID foreign key
     * on partitioned table"). Each partition can take one, be validated on its own, and the parent's key then takes
     * the partitions' validated keys over (checked on PostgreSQL 15).
     */
    private static String partitionedHelp(
            ParsedStatement s, Statement.AlterTable at, java.util.Map<String, String> keyBodies, int pg) {
        StringBuilder add = new StringBuilder();
        StringBuilder validate = new StringBuilder();
        for (var e : keyBodies.entrySet()) {
            String onPartition = "<partition>_" + e.getKey(); // a placeholder, as in the index helps
            add.append(add.length() == 0 ? "" : " ")
                    .append("ALTER TABLE <partition> ADD CONSTRAINT ")
                    .append(onPartition)
                    .append(' ')
                    .append(e.getValue().replaceFirst("(?is)^\\s*CONSTRAINT\\s+(\"[^\"]*\"|\\S+)\\s+", ""))
                    .append(" NOT VALID;");
            validate.append(validate.length() == 0 ? "" : " ")
                    .append("ALTER TABLE <partition> VALIDATE CONSTRAINT ")
                    .append(onPartition)
                    .append(';');
        }
        return "PostgreSQL " + pg + " refuses NOT VALID on a foreign key of " + at.table() + ", a partitioned table "
                + "(18 accepts it). Add the key to each partition instead, NOT VALID, and validate it there in a "
                + "separate transaction or migration: `" + add + "` then `" + validate + "` (reads and writes of "
                + "the partition continue while it validates); then the statement as written, which takes the "
                + "partitions' validated keys over instead of checking their rows. "
                + PartitionedIndex.listPartitions(at.table()) + " lists the partitions.";
    }

    private static String message(
            String t, List<String> checks, List<String> keys, Set<String> referenced, boolean exclusive) {
        List<String> parts = new ArrayList<>();
        if (!checks.isEmpty()) {
            parts.add("adding CHECK constraint" + (checks.size() > 1 ? "s " : " ") + String.join(", ", checks)
                    + " checks every row of " + t + " under an ACCESS EXCLUSIVE lock, blocking reads and writes "
                    + "until the scan ends");
        }
        if (!keys.isEmpty()) {
            referenced.remove(t);
            boolean self = referenced.isEmpty();
            String others = String.join(", ", referenced);
            String tables = referenced.size() > 1 ? "s " : " ";
            parts.add("adding foreign key" + (keys.size() > 1 ? "s " : " ") + String.join(", ", keys)
                    + " checks every row of " + t
                    + (exclusive
                            ? " while the statement holds an ACCESS EXCLUSIVE lock on " + t
                                    + (self
                                            ? " (which it references)" + ", blocking its reads and writes"
                                            : " and a SHARE ROW EXCLUSIVE lock on the referenced table" + tables
                                                    + others + ", blocking reads and writes of " + t + " and writes to "
                                                    + others)
                            : " while holding a SHARE ROW EXCLUSIVE lock on " + t
                                    + (self
                                            ? " (which it references)"
                                            : " and on the referenced table" + tables + others)
                                    + ", blocking writes to "
                                    + (self ? "it" : referenced.size() > 1 ? "all of them" : "both"))
                    + " until the check ends");
        }
        return String.join("; ", parts);
    }

    /**
     * The name PostgreSQL gives the unnamed constraint: {@code table_cols_fkey}, or {@code table_col_check} after
     * the first column the CHECK expression uses ({@code table_check} when it names none the model knows).
     */
    private static String defaultName(RuleContext ctx, ParsedStatement s, Statement.AlterTable at, TableConstraint c) {
        if (c.kind() == TableConstraint.Kind.FOREIGN_KEY) {
            return WrittenSql.defaultConstraintName(at.table().name(), c.columns(), "fkey");
        }
        for (Token tok : s.raw().tokens()) {
            if (tok.start() >= c.check().span().start()
                    && tok.end() <= c.check().span().end()
                    && (tok.kind() == io.miglint.sql.TokenKind.WORD
                            || tok.kind() == io.miglint.sql.TokenKind.QUOTED_IDENT)
                    && ctx.schema().column(at.table(), tok.identifier()).isPresent()) {
                return WrittenSql.defaultConstraintName(at.table().name(), List.of(tok.identifier()), "check");
            }
        }
        return WrittenSql.defaultConstraintName(at.table().name(), List.of(), "check");
    }

    /**
     * An ADD COLUMN with an inline {@code [CONSTRAINT n] REFERENCES …}: the action's text without that clause, the
     * clause itself ({@code REFERENCES p (id) ON DELETE CASCADE …}) and its name if it has one.
     */
    /**
     * The statement's actions with each single-column foreign key moved onto the ADD COLUMN of its column, when
     * every validated key of the statement is one on a column the statement adds without a default (so NULL in
     * every row); empty otherwise.
     */
    private static Optional<String> inlineOnNewColumns(ParsedStatement s, Statement.AlterTable at) {
        java.util.Map<String, AlterAction.AddColumn> added = new java.util.HashMap<>();
        for (AlterAction a : at.actions()) {
            // (ADD COLUMN IF NOT EXISTS skips its inline key where the column is there; the separate key would not)
            if (a instanceof AlterAction.AddColumn add
                    && !add.ifNotExists()
                    && (add.column().defaultExpr() == null
                            || add.column().defaultExpr().isNullLiteral())
                    && add.column().references() == null
                    && add.column().generated() == io.miglint.model.ColumnDef.Generated.NONE) {
                added.put(add.column().name(), add);
            }
        }
        java.util.Map<String, String> clauseFor = new java.util.HashMap<>();
        java.util.Set<AlterAction> moved = new java.util.HashSet<>();
        for (AlterAction a : at.actions()) {
            if (a instanceof AlterAction.AddConstraint ac
                    && !ac.constraint().notValid()
                    && ac.constraint().kind() == TableConstraint.Kind.FOREIGN_KEY) {
                TableConstraint c = ac.constraint();
                if (c.columns().size() != 1 || !added.containsKey(c.columns().get(0))) {
                    return Optional.empty();
                }
                String body = WrittenSql.text(s, c.span());
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                                "(?is)^\\s*(?:CONSTRAINT\\s+(\"[^\"]*\"|\\S+)\\s+)?FOREIGN\\s+KEY\\s*\\([^)]*\\)\\s*(REFERENCES\\b.*)$")
                        .matcher(body);
                if (!m.matches()) {
                    return Optional.empty();
                }
                clauseFor.put(
                        c.columns().get(0),
                        (c.name() != null ? "CONSTRAINT " + WrittenSql.ident(c.name()) + " " : "")
                                + m.group(2).trim());
                moved.add(a);
            } else if (a instanceof AlterAction.AddConstraint ac
                    && !ac.constraint().notValid()
                    && ac.constraint().kind() == TableConstraint.Kind.CHECK) {
                return Optional.empty();
            }
        }
        if (moved.isEmpty()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (AlterAction a : at.actions()) {
            if (moved.contains(a)) {
                continue;
            }
            String written = WrittenSql.text(s, a.span());
            if (a instanceof AlterAction.AddColumn add
                    && clauseFor.containsKey(add.column().name())) {
                written = written + " " + clauseFor.get(add.column().name());
            }
            out.add(written);
        }
        return Optional.of(String.join(", ", out));
    }

    record InlineReference(String columnWithout, String clause, String name) {}

    static InlineReference inlineReference(ParsedStatement s, AlterAction.AddColumn add) {
        List<Token> tokens = s.raw().tokens().stream()
                .filter(t ->
                        t.start() >= add.span().start() && t.end() <= add.span().end())
                .toList();
        int depth = 0;
        int refAt = -1;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isPunct('(')) {
                depth++;
            } else if (t.isPunct(')')) {
                depth--;
            } else if (depth == 0 && t.is("references")) {
                refAt = i;
                break;
            }
        }
        if (refAt < 0) {
            return null;
        }
        int clauseStart = refAt;
        String name = null;
        if (refAt >= 2 && tokens.get(refAt - 2).is("constraint")) {
            clauseStart = refAt - 2;
            name = tokens.get(refAt - 1).identifier();
        }
        int end = refAt + 1;
        depth = 0;
        for (; end < tokens.size(); end++) {
            Token t = tokens.get(end);
            if (t.isPunct('(')) {
                depth++;
            } else if (t.isPunct(')')) {
                depth--;
            } else if (depth == 0 && tokens.get(end - 1).is("set") && (t.is("null") || t.is("default"))) {
                continue; // ON DELETE SET NULL / SET DEFAULT belong to the clause
            } else if (depth == 0
                    && (COLUMN_CONSTRAINT_START.contains(t.lower())
                            || t.is("not")
                                    && end + 1 < tokens.size()
                                    && tokens.get(end + 1).is("null"))) {
                break;
            }
        }
        String before = clauseStart == 0 ? "" : join(s, tokens.get(0), tokens.get(clauseStart - 1));
        String after = end >= tokens.size() ? "" : join(s, tokens.get(end), tokens.get(tokens.size() - 1));
        String clause = join(s, tokens.get(refAt), tokens.get(end - 1));
        return new InlineReference((before + (after.isEmpty() ? "" : " " + after)).strip(), clause, name);
    }

    private static String join(ParsedStatement s, Token first, Token last) {
        return WrittenSql.text(s, s.raw().spanOf(first, last));
    }
}
