package io.miglint.rules.reversibility;

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
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A down that leaves part of its up behind, found by comparing two snapshots of the folder's schema model: the schema
 * before the up and the schema after the up and then the down ({@link RuleContext#schemaBeforeUp},
 * {@link RuleContext#schemaAfterDown}). What the up names (its statements in order, as the record of the snapshot after it holds them, {@link ScriptRecord})
 * says which objects to compare and how the up wrote them; the snapshots say, object by object, whether the rollback
 * left one the up created or lost one the up dropped or renamed. Reported only for what really breaks: the up fails
 * when it runs again (an object it creates without IF NOT EXISTS or OR REPLACE is still there, an enum value it adds
 * cannot be removed, a name it renamed or dropped without IF EXISTS is gone), or the rolled-back schema keeps a table,
 * column, constraint, index or type of the new version, or misses a table or column of the old. A function, view or
 * trigger the up creates with OR REPLACE, and a sequence, schema or extension it only ensures, may stay: re-running
 * the up replaces or skips it.
 *
 * <p>The deliberate exceptions, each where the snapshots cannot see what the SQL does:
 * <ol>
 *   <li>a down that declares the migration one-way (a comment, or a first statement that raises) is not compared;</li>
 *   <li>an object a DO block or an unreadable statement of the down names counts as handled: what it does is
 *       invisible to the model;</li>
 *   <li>an object the up drops before creating it existed before the up, even when the model never saw it;</li>
 *   <li>an object the model could not follow (on a table the migrations never created: one made before the tool
 *       was adopted, or by a DO block) is judged by the down's statements that name it, its table or its columns,
 *       as are a table, column, renamed object or enum type of the up that the model never saw;</li>
 *   <li>dependencies the model does not keep: a sequence {@code OWNED BY} a column the down drops, a view built on
 *       what a {@code DROP … CASCADE} takes, the triggers a {@code DROP FUNCTION … CASCADE} may take, an index
 *       whose expression names a column the down drops;</li>
 *   <li>a key constraint the down tries to remove with {@code DROP INDEX} of its name: PostgreSQL refuses that
 *       statement, and drop-index-of-constraint reports the failing rollback.</li>
 * </ol>
 */
@RuleInfo(
        id = "down-incomplete",
        summary = "Down migration does not reverse everything the up does",
        severity = Severity.WARNING,
        category = Category.REVERSIBILITY)
public final class DownIncomplete implements ScriptRule {
    private static final Set<ObjectKind> TRACKED = EnumSet.of(
            ObjectKind.TABLE,
            ObjectKind.COLUMN,
            ObjectKind.INDEX,
            ObjectKind.CONSTRAINT,
            ObjectKind.TYPE,
            ObjectKind.SEQUENCE,
            ObjectKind.FUNCTION,
            ObjectKind.TRIGGER,
            ObjectKind.VIEW,
            ObjectKind.MATERIALIZED_VIEW,
            ObjectKind.EXTENSION,
            ObjectKind.SCHEMA,
            ObjectKind.POLICY);
    /** Objects that make the schema's shape: left in place, they matter even when the up's re-run skips them. */
    private static final Set<ObjectKind> SHAPE =
            EnumSet.of(ObjectKind.TABLE, ObjectKind.COLUMN, ObjectKind.INDEX, ObjectKind.CONSTRAINT, ObjectKind.TYPE);
    /** A comment of the down saying it does not restore what the up removed, on purpose. */
    private static final Pattern DECLARED = Pattern.compile("(?i)irreversible|not reversible|no restore|"
            + "(cannot|can't|can not) be (undone|restored|reversed|rolled back)");

    @Override
    public void check(ScriptView script, RuleContext ctx) {
        if (!script.isDown()
                || script.counterpart().isEmpty()
                || ctx.schemaBeforeUp().isEmpty()
                || ctx.rollbackContinues()
                || script.statements().stream().noneMatch(ParsedStatement::isSql)
                || declaredIrreversible(script)) {
            return;
        }
        List<ParsedStatement> upStatements = script.counterpart().get();
        ScriptRecord up = ctx.schemaAfterUp().get().currentScript();
        ScriptRecord down = ctx.schemaAfterDown().get().currentScript();
        Compared compared = new Compared(
                script,
                up,
                down,
                ctx.schemaBeforeUp().get(),
                ctx.schemaAfterUp().get(),
                ctx.schemaAfterDown().get());
        compared.upStatements = upStatements;
        List<String> failing = new ArrayList<>();
        List<String> left = new ArrayList<>();
        List<ObjectRef> toDrop = new ArrayList<>();
        for (ObjectRef created : up.created()) {
            if (!TRACKED.contains(created.kind()) || !compared.leftBehind(created) || dropsItsIndex(script, created)) {
                continue;
            }
            // a type the up renamed into place is left under its final name
            ObjectRef o = created.kind() == ObjectKind.TYPE ? compared.asAfterUp(created) : created;
            if (!up.createdRerunnable(created)) {
                failing.add(o.label());
            } else if (SHAPE.contains(o.kind())) {
                left.add(o.label());
            } else {
                continue;
            }
            toDrop.add(o);
        }
        List<String> values = up.enumValuesAddedUnguarded().stream()
                .filter(compared::valueStays)
                .map(v -> "'" + v.value() + "' of " + v.type())
                .toList();
        List<String> missing = new ArrayList<>();
        boolean missingFails = false;
        for (ObjectRef o : up.dropped()) {
            if ((o.kind() == ObjectKind.TABLE || o.kind() == ObjectKind.COLUMN) && compared.lost(o)) {
                missing.add(o.label());
                missingFails |= !up.droppedIfExists(o);
            }
        }
        List<String> notReversed = new ArrayList<>();
        for (ScriptRecord.Renaming r : up.renames()) {
            // the up renames what it created itself: nothing of the old release goes by that name
            if (r.kind() == ObjectKind.TYPE && up.created().contains(new ObjectRef(ObjectKind.TYPE, r.from(), null))) {
                continue;
            }
            if (compared.notRenamedBack(r)) {
                notReversed.add(r.kind().sql() + " " + (r.table() == null ? "" : r.table() + ".") + r.from()
                        + " (renamed to " + r.to() + ")");
            }
        }
        // a popx group's ups (its files share a timestamp): the file whose up creates what is left, whose own down
        // should drop it, since popx rolls back one file at a time (kratos's sessions_nid_idx, made by …000089)
        String creator = creatorFile(ctx, script);
        String byUp = creator == null ? "the up" : "the up of " + creator;
        List<String> parts = new ArrayList<>();
        if (!failing.isEmpty()) {
            parts.add(join(failing) + (failing.size() == 1 ? " is" : " are") + " created by " + byUp
                    + " and left in place by the " + (creator == null ? "down" : "group's downs") + ", so the up "
                    + "fails when it runs again (it already exists)");
        }
        if (!values.isEmpty()) {
            parts.add("enum value" + (values.size() == 1 ? " " : "s ") + join(values) + " added by the up "
                    + (values.size() == 1 ? "stays" : "stay") + " (PostgreSQL cannot remove one), so the up's ADD "
                    + "VALUE without IF NOT EXISTS fails when it runs again");
        }
        if (!left.isEmpty()) {
            parts.add(join(left) + (left.size() == 1 ? " is" : " are") + " created by " + byUp
                    + " and still there after "
                    + "the rollback (the up's IF NOT EXISTS skips " + (left.size() == 1 ? "it" : "them") + " when it "
                    + "runs again), so the rolled-back schema keeps part of the new version");
        }
        if (!missing.isEmpty()) {
            parts.add(join(missing) + (missing.size() == 1 ? " is" : " are") + " dropped by the up and not re-created "
                    + "by the down: the rolled-back release finds " + (missing.size() == 1 ? "it" : "them")
                    + " missing" + (missingFails ? ", and the up fails when it runs again" : ""));
        }
        if (!notReversed.isEmpty()) {
            parts.add(join(notReversed) + " not renamed back by the down: the rolled-back release finds the old name "
                    + "missing, and the up fails when it runs again");
        }
        if (parts.isEmpty()) {
            return;
        }
        List<String> inDown = new ArrayList<>();
        if (!toDrop.isEmpty()) {
            inDown.add(DropAdvice.clause(toDrop, upStatements, script));
        }
        if (!missing.isEmpty()) {
            inDown.add("re-create the tables and columns the up drops as they were");
        }
        if (!notReversed.isEmpty()) {
            inDown.add("rename back what the up renames");
        }
        String help = inDown.isEmpty()
                ? ""
                : (creator == null || inDown.size() > 1
                                ? "In the down, "
                                : "In " + creator.replace(".up.", ".down.") + ", the down of the file whose up "
                                        + "creates it (popx rolls back one file at a time, each file's down undoing "
                                        + "its own up), ")
                        + String.join("; ", inDown) + ".";
        if (!values.isEmpty()) {
            help += (help.isEmpty() ? "" : " ") + "Write the up's ADD VALUE with IF NOT EXISTS: a rollback cannot "
                    + "remove the value, short of re-creating the type without it.";
        }
        int start = script.script().start();
        ctx.report(script.source().span(start, start), String.join("; ", parts)).help(help);
    }

    /**
     * The down ends a popx group's rollback chain: what the group's last up created is compared with what the whole
     * chain left, so a miss belongs to that up's own down, as popx rolls back one file at a time. That up's file name
     * when it is another file than the down's own; null outside a chain.
     */
    private static String creatorFile(RuleContext ctx, ScriptView script) {
        String last = ctx.groupLastUpFile();
        if (last == null) {
            return null;
        }
        String name = java.nio.file.Path.of(last).getFileName().toString();
        String own = java.nio.file.Path.of(script.source().displayPath())
                .getFileName()
                .toString();
        return own.replace(".down.", ".up.").equals(name) ? null : name;
    }

    /**
     * A down whose first statement is {@code DO $$ BEGIN RAISE EXCEPTION '…'; END $$} stops the rollback on purpose,
     * and one whose comment says it does not restore ("irreversible", "there is no restore for this") says so: the
     * migration is declared one-way, and there is nothing incomplete to report.
     */
    /**
     * The down removes the up's key constraint {@code o} with {@code DROP INDEX} of its name, which PostgreSQL refuses:
     * the rollback fails at that statement, drop-index-of-constraint's error, which names the constraint to drop
     * instead; the constraint staying is its consequence, not another finding.
     */
    private static boolean dropsItsIndex(ScriptView script, ObjectRef o) {
        return o.kind() == ObjectKind.CONSTRAINT
                && script.statements().stream()
                        .anyMatch(p -> p.node() instanceof Statement.Drop d
                                && d.kind() == ObjectKind.INDEX
                                && d.names().stream().anyMatch(n -> n.name().equals(o.name())));
    }

    private static boolean declaredIrreversible(ScriptView script) {
        if (script.comments().stream().anyMatch(c -> DECLARED.matcher(c.value()).find())) {
            return true;
        }
        return script.statements().stream()
                .filter(s -> s.isSql()
                        && !(s.node() instanceof Statement.PsqlMeta)
                        && !(s.node() instanceof Statement.Transaction)
                        && !(s.node() instanceof Statement.SetParameter))
                .findFirst()
                .filter(s -> s.node() instanceof Statement.DoBlock && raisesAtOnce(s) || brokenRaise(s))
                .isPresent();
    }

    /**
     * A first statement PostgreSQL cannot parse that means to raise (graph-node's downs: {@code raise 'This
     * migration is irreversible';} alone, or {@code begin raise …; end $$;} without its {@code DO $$}): the author
     * refuses the rollback; syntax-error reports the statement itself.
     */
    private static boolean brokenRaise(ParsedStatement s) {
        if (!(s.node() instanceof Statement.Unparsed)) {
            return false;
        }
        String text = s.raw()
                .source()
                .slice(s.span().start(), s.span().end())
                .strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", " ");
        return text.startsWith("raise ") && raises(text.substring("raise ".length()))
                || text.startsWith("begin raise ") && raises(text.substring("begin raise ".length()));
    }

    /** After RAISE: a level that fails (EXCEPTION, the default when a message or SQLSTATE follows directly). */
    private static boolean raises(String rest) {
        return !rest.matches("(debug|log|info|notice|warning)\\b.*");
    }

    /** {@code [DECLARE …] BEGIN RAISE EXCEPTION}: the block's first action is to fail. */
    private static boolean raisesAtOnce(ParsedStatement doBlock) {
        String body = ((Statement.DoBlock) doBlock.node()).body().strip().toLowerCase(Locale.ROOT);
        int begin = body.startsWith("declare") ? body.indexOf("begin") : body.startsWith("begin") ? 0 : -1;
        return begin >= 0
                && body.substring(begin + "begin".length())
                        .strip()
                        .replaceAll("\\s+", " ")
                        .matches("raise (exception\\b|'|sqlstate\\b|using\\b).*");
    }

    /**
     * The snapshots before the up ({@code before}), after it ({@code afterUp}) and after the down ({@code after}),
     * with the up's and the down's statements for the exceptions listed on the class.
     */
    private static final class Compared {
        private final ScriptView script;
        private final ScriptRecord up;
        private final ScriptRecord down;
        private final SchemaModel before;
        private final SchemaModel afterUp;
        private final SchemaModel after;
        private final Set<String> droppedByUp = new HashSet<>();
        private final Map<String, String[]> sequenceOwners = new HashMap<>();
        private final Set<String> opaqueWords;
        /** The up's statements, DO blocks' included. */
        private List<ParsedStatement> upStatements = List.of();

        Compared(
                ScriptView script,
                ScriptRecord up,
                ScriptRecord down,
                SchemaModel before,
                SchemaModel afterUp,
                SchemaModel after) {
            this.script = script;
            this.up = up;
            this.down = down;
            this.before = before;
            this.afterUp = afterUp;
            this.after = after;
            for (ParsedStatement s : script.counterpart().orElse(List.of())) {
                if (s.node() instanceof Statement.Drop d) {
                    d.names()
                            .forEach(n -> droppedByUp.add(
                                    d.onTable() != null || d.kind() == ObjectKind.INDEX ? n.name() : n.key()));
                } else if (s.node() instanceof Statement.AlterTable at) {
                    at.actions().stream()
                            .filter(a -> a instanceof AlterAction.DropConstraint)
                            .forEach(a -> droppedByUp.add(((AlterAction.DropConstraint) a).name()));
                }
                ownedBy(s);
            }
            opaqueWords = new HashSet<>(List.of(down.opaqueText().split("[^\\p{L}\\p{N}_$]+")));
        }

        /** An object the up created that the schema after the down still has, and the schema before it had not. */
        boolean leftBehind(ObjectRef o) {
            // under the name its table has after the up, or the one it had when the down renames the table back
            ObjectRef now = asAfterUp(o);
            boolean stays = followed(now) ? after.has(now) || after.has(o) : !droppedByName(o);
            return stays
                    && !existedBefore(o)
                    // renamed into the place of one the schema had before the up: the down's own of that name
                    // stands for it
                    && (now == o || !existedBefore(now))
                    && !mentioned(o.name())
                    && !droppedWithOwner(o)
                    && !droppedWithView(o)
                    && !(o.kind() == ObjectKind.TRIGGER && down.dropsFunctionCascading())
                    && !expressionOfDroppedColumn(o);
        }

        /**
         * Whether the snapshots can answer for the object: the schema after the up has it, or has its table, so
         * that an object missing there is one the up's own statements removed again.
         */
        private boolean followed(ObjectRef o) {
            return afterUp.has(o) || o.table() != null && afterUp.has(new ObjectRef(ObjectKind.TABLE, o.table(), null));
        }

        /** The down's statements drop the object, its table, columns or schema, or re-create its table. */
        private boolean droppedByName(ObjectRef o) {
            String key = o.table() != null ? o.table() : o.name();
            int dot = key.indexOf('.');
            return down.drops(o, up.columnsOf(o))
                    || o.table() != null && down.createsTable(QualifiedName.of(o.table()))
                    || dot > 0
                            && down.dropped().contains(new ObjectRef(ObjectKind.SCHEMA, key.substring(0, dot), null));
        }

        /** The schema before the up had the object (or a view of the other kind under its name). */
        private boolean existedBefore(ObjectRef o) {
            if (droppedByUp.contains(o.name())) {
                return true;
            }
            // a view may have been a materialized one before, or the other way round: the name is taken either way
            return before.has(o)
                    || o.kind() == ObjectKind.VIEW
                            && before.has(new ObjectRef(ObjectKind.MATERIALIZED_VIEW, o.name(), null))
                    || o.kind() == ObjectKind.MATERIALIZED_VIEW
                            && before.has(new ObjectRef(ObjectKind.VIEW, o.name(), null));
        }

        /** A table or column the up dropped that the schema after the down lacks. */
        boolean lost(ObjectRef o) {
            if (mentioned(o.name())) {
                return false;
            }
            ObjectRef had = asBeforeUp(o);
            if (before.has(had)) {
                return !after.has(had);
            }
            // never seen by the model: judged by the down's statements; but a table the up drops only from inside a
            // DO block is someone else's leftover it clears when present (quickwit's first up drops diesel's tracking
            // table after moving off diesel): nothing of this folder's releases used it, and its shape is unknown
            if (o.kind() == ObjectKind.TABLE && droppedInBlockOnly(upStatements, o)) {
                return false;
            }
            return !down.creates(o)
                    && !(o.kind() == ObjectKind.COLUMN && down.createsColumn(QualifiedName.of(o.table()), o.name()));
        }

        private static boolean droppedInBlockOnly(List<ParsedStatement> upStatements, ObjectRef o) {
            boolean inBlock = false;
            for (ParsedStatement p : upStatements) {
                if (p.node() instanceof io.miglint.model.Statement.Drop d
                        && d.kind() == ObjectKind.TABLE
                        && d.names().stream().anyMatch(n -> n.name().equals(o.name()))) {
                    if (!p.isNested()) {
                        return false;
                    }
                    inBlock = true;
                }
            }
            return inBlock;
        }

        /** The object under the name its table has after the up, when the up renamed the table. */
        private ObjectRef asAfterUp(ObjectRef o) {
            if (o.table() == null) {
                // a type the up creates under a temporary name and renames into place (an enum rebuilt as
                // x_new, the old one dropped, x_new renamed to x)
                String name = o.name();
                for (ScriptRecord.Renaming r : up.renames()) {
                    if (r.kind() == o.kind()
                            && o.kind() == ObjectKind.TYPE
                            && r.table() == null
                            && r.from().equals(name)) {
                        name = r.to();
                    }
                }
                return name.equals(o.name()) ? o : new ObjectRef(o.kind(), name, null);
            }
            String table = o.table();
            for (ScriptRecord.Renaming r : up.renames()) {
                if (r.kind() == ObjectKind.TABLE
                        && r.table() == null
                        && r.from().equals(table)) {
                    table = r.to();
                }
            }
            return new ObjectRef(o.kind(), o.name(), table);
        }

        /** The object under the name its table had before the up, when the up renamed the table. */
        private ObjectRef asBeforeUp(ObjectRef o) {
            if (o.table() == null) {
                return o;
            }
            String table = o.table();
            List<ScriptRecord.Renaming> renames = up.renames();
            for (int i = renames.size() - 1; i >= 0; i--) {
                ScriptRecord.Renaming r = renames.get(i);
                if (r.kind() == ObjectKind.TABLE && r.table() == null && r.to().equals(table)) {
                    table = r.from();
                }
            }
            return new ObjectRef(o.kind(), o.name(), table);
        }

        /** A rename of the up whose old name the schema after the down lacks. */
        boolean notRenamedBack(ScriptRecord.Renaming r) {
            if (mentioned(r.to()) || downUsesOldName(r)) {
                return false;
            }
            ObjectRef from = asBeforeUp(
                    new ObjectRef(r.kind(), r.kind() == ObjectKind.INDEX ? last(r.from()) : r.from(), r.table()));
            if (before.has(from)) {
                return !after.has(from);
            }
            // never seen by the model: renamed back, or built anew under its old name, by the down's statements; an
            // IF EXISTS rename of something no migration made (crates.io names indexes made by hand in production)
            // may rename nothing, and no code of the folder's releases knows the old name
            return !r.ifExists()
                    && down.renames().stream()
                            .noneMatch(d -> d.kind() == r.kind()
                                    && last(d.from()).equals(last(r.to()))
                                    && last(d.to()).equals(last(r.from())))
                    && !(r.kind() == ObjectKind.COLUMN && down.createsColumn(QualifiedName.of(r.table()), r.from()))
                    && down.created().stream()
                            .noneMatch(c -> c.kind() == r.kind()
                                    && r.table() == null
                                    && last(c.name()).equals(last(r.from())));
        }

        /**
         * The down itself works on the renamed column or table by its old name (cas-cif's revert of
         * project_revision_003 alters {@code amendment_status}, which the revert of the next change, run before it,
         * renames back): the author counts on the old name being back when it runs, so a rename here would fail.
         */
        private boolean downUsesOldName(ScriptRecord.Renaming r) {
            for (ParsedStatement s : script.statements()) {
                if (!(s.node() instanceof io.miglint.model.Statement.AlterTable at)) {
                    continue;
                }
                if (r.kind() == ObjectKind.TABLE
                        && r.table() == null
                        && at.table().key().equals(r.from())) {
                    return true;
                }
                if (r.kind() == ObjectKind.COLUMN
                        && r.table() != null
                        && at.table().key().equals(r.table())
                        && at.actions().stream().anyMatch(a -> r.from().equals(columnOf(a)))) {
                    return true;
                }
            }
            return false;
        }

        private static String columnOf(io.miglint.model.AlterAction a) {
            if (a instanceof io.miglint.model.AlterAction.DropColumn x) {
                return x.column();
            } else if (a instanceof io.miglint.model.AlterAction.AlterColumnType x) {
                return x.column();
            } else if (a instanceof io.miglint.model.AlterAction.SetNotNull x) {
                return x.column();
            } else if (a instanceof io.miglint.model.AlterAction.DropNotNull x) {
                return x.column();
            } else if (a instanceof io.miglint.model.AlterAction.SetDefault x) {
                return x.column();
            } else if (a instanceof io.miglint.model.AlterAction.DropDefault x) {
                return x.column();
            }
            return null;
        }

        /** An enum value the up added without IF NOT EXISTS that the type after the down still has. */
        boolean valueStays(ScriptRecord.EnumValue v) {
            ObjectRef type = new ObjectRef(ObjectKind.TYPE, v.type(), null);
            if (before.has(type)) {
                return after.enumLabels(QualifiedName.of(v.type())).contains(v.value())
                        || !after.has(type) && !down.dropped().contains(type);
            }
            // a down that drops the type, or builds it anew under its name, takes the values with it
            return !down.dropped().contains(type) && !down.creates(type);
        }

        /** Text the down runs but this rule cannot read (DO blocks, unparsed statements) names it. */
        boolean mentioned(String name) {
            return opaqueWords.contains(last(name).toLowerCase(Locale.ROOT));
        }

        /**
         * {@code CREATE|ALTER SEQUENCE s … OWNED BY table.column}: the sequence goes with its table or column
         * (https://www.postgresql.org/docs/current/sql-altersequence.html).
         */
        private void ownedBy(ParsedStatement s) {
            List<Token> t = s.raw().body();
            if (t.size() < 3
                    || !(t.get(0).is("create") || t.get(0).is("alter"))
                    || !t.get(1).is("sequence")) {
                return;
            }
            int i = 2;
            while (i < t.size()
                    && (t.get(i).is("if") || t.get(i).is("not") || t.get(i).is("exists"))) {
                i++;
            }
            List<String> sequence = dotted(t, i);
            for (int j = i; j + 2 < t.size(); j++) {
                if (t.get(j).is("owned") && t.get(j + 1).is("by")) {
                    List<String> owner = dotted(t, j + 2);
                    if (!sequence.isEmpty() && owner.size() >= 2) {
                        sequenceOwners.put(
                                sequence.get(sequence.size() - 1),
                                new String[] {owner.get(owner.size() - 2), owner.get(owner.size() - 1)});
                    }
                }
            }
        }

        private boolean droppedWithOwner(ObjectRef o) {
            String[] owner = o.kind() == ObjectKind.SEQUENCE ? sequenceOwners.get(last(o.name())) : null;
            return owner != null
                    && down.dropped().stream()
                            .anyMatch(d -> d.kind() == ObjectKind.TABLE
                                            && last(d.name()).equals(owner[0])
                                    || d.kind() == ObjectKind.COLUMN
                                            && d.name().equals(owner[1])
                                            && d.table() != null
                                            && last(d.table()).equals(owner[0]));
        }

        /**
         * {@code DROP … CASCADE} takes the views that select from what it drops
         * (https://www.postgresql.org/docs/current/ddl-depend.html); the model does not keep what a view selects from.
         */
        private boolean droppedWithView(ObjectRef o) {
            Set<String> cascaded = new HashSet<>();
            for (ParsedStatement s : script.statements()) {
                if (s.node() instanceof Statement.Drop d && d.cascade()) {
                    d.names().forEach(n -> cascaded.add(n.name()));
                }
            }
            String relation = o.table() != null ? last(o.table()) : last(o.name());
            return script.counterpart().orElse(List.of()).stream()
                    .anyMatch(s -> s.node() instanceof Statement.CreateView v
                            && v.name().name().equals(relation)
                            && cascaded.stream().anyMatch(c -> !c.equals(relation) && names(s, c)));
        }

        /**
         * Dropping a column drops the indexes whose expression uses it
         * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DROP-COLUMN); the model
         * keeps an index's predicate but not its expressions.
         */
        private boolean expressionOfDroppedColumn(ObjectRef o) {
            return o.kind() == ObjectKind.INDEX
                    && o.table() != null
                    && script.counterpart().orElse(List.of()).stream()
                            .anyMatch(s -> s.node() instanceof Statement.CreateIndex ci
                                    && o.name().equals(ci.name())
                                    && down.dropped().stream()
                                            .anyMatch(d -> d.kind() == ObjectKind.COLUMN
                                                    && o.table().equals(d.table())
                                                    && names(s, d.name())));
        }
    }

    /** Whether the statement names {@code name} as an identifier, alone or as a part of a qualified name. */
    private static boolean names(ParsedStatement s, String name) {
        return s.raw().tokens().stream()
                .anyMatch(t -> (t.kind() == TokenKind.WORD || t.kind() == TokenKind.QUOTED_IDENT)
                        && t.identifier().equals(name));
    }

    /** The parts of a dotted name starting at token {@code i}: {@code a.b.c} gives [a, b, c]. */
    private static List<String> dotted(List<Token> t, int i) {
        List<String> parts = new ArrayList<>();
        while (i < t.size() && (t.get(i).kind() == TokenKind.WORD || t.get(i).kind() == TokenKind.QUOTED_IDENT)) {
            parts.add(t.get(i).identifier());
            if (i + 1 < t.size() && t.get(i + 1).isPunct('.')) {
                i += 2;
            } else {
                break;
            }
        }
        return parts;
    }

    private static String last(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    static String join(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
