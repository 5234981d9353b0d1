package io.miglint.rules.reversibility;

import io.miglint.model.schema.SchemaObject;
import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.schema.SchemaModel;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import io.miglint.rules.SchemaChanges;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A down that leaves part of its up behind, reported only for what really breaks: the up fails when it runs again
 * (an object it creates without IF NOT EXISTS or OR REPLACE is still there, an enum value it adds cannot be removed,
 * a name it renamed or dropped without IF EXISTS is gone), or the rolled-back schema keeps a table, column,
 * constraint, index or type of the new version, or misses one of the old. A function, view or trigger the up creates
 * with OR REPLACE, and a sequence, schema or extension it only ensures, may stay: re-running the up replaces or skips
 * it. Objects that go with their table (columns, indexes, constraints, triggers, policies, serial and OWNED BY
 * sequences, views a CASCADE takes) count as dropped with it; a DO block or statement that cannot be read and names
 * the object counts as handling it, since what it does is invisible here.
 */
@RuleInfo(id = "down-incomplete", summary = "Down migration does not reverse everything the up does",
        severity = Severity.WARNING, category = Category.REVERSIBILITY)
public final class DownIncomplete implements ScriptRule {
    private static final Set<ObjectKind> TRACKED = EnumSet.of(ObjectKind.TABLE, ObjectKind.COLUMN, ObjectKind.INDEX,
            ObjectKind.CONSTRAINT, ObjectKind.TYPE, ObjectKind.SEQUENCE, ObjectKind.FUNCTION, ObjectKind.TRIGGER,
            ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW, ObjectKind.EXTENSION, ObjectKind.SCHEMA,
            ObjectKind.POLICY);
    /** Objects that make the schema's shape: left in place, they matter even when the up's re-run skips them. */
    private static final Set<ObjectKind> SHAPE = EnumSet.of(ObjectKind.TABLE, ObjectKind.COLUMN, ObjectKind.INDEX,
            ObjectKind.CONSTRAINT, ObjectKind.TYPE);
    /** A comment of the down saying it does not restore what the up removed, on purpose. */
    private static final Pattern DECLARED = Pattern.compile("(?i)irreversible|not reversible|no restore|"
            + "(cannot|can't|can not) be (undone|restored|reversed|rolled back)");

    @Override
    public void check(ScriptView script, RuleContext ctx) {
        if (!script.isDown() || script.counterpart().isEmpty()
                || script.statements().stream().noneMatch(ParsedStatement::isSql) || declaredIrreversible(script)) {
            return;
        }
        List<ParsedStatement> upStatements = script.counterpart().get();
        SchemaChanges up = SchemaChanges.of(upStatements);
        SchemaChanges down = SchemaChanges.of(script.statements());
        Undone undone = new Undone(script, up, down, ctx.schemaBeforeUp().orElse(null));
        List<String> failing = new ArrayList<>();
        List<String> left = new ArrayList<>();
        List<SchemaObject> toDrop = new ArrayList<>();
        for (SchemaObject o : up.created()) {
            if (!TRACKED.contains(o.kind()) || undone.handles(o)) {
                continue;
            }
            if (!up.createdRerunnable(o)) {
                failing.add(o.label());
            } else if (SHAPE.contains(o.kind())) {
                left.add(o.label());
            } else {
                continue;
            }
            toDrop.add(o);
        }
        Map<String, Set<String>> references = references(upStatements);
        List<String> dropStatements = dropOrder(toDrop, references).stream().map(DownIncomplete::dropFor).toList();
        // a down that drops the type, or builds it anew under its name (after renaming the old one away), takes the
        // values with it
        List<String> values = up.enumValuesAddedUnguarded().stream()
                .filter(v -> !down.dropped().contains(new SchemaObject(ObjectKind.TYPE, v.type(), null))
                        && !down.creates(new SchemaObject(ObjectKind.TYPE, v.type(), null)))
                .map(v -> "'" + v.value() + "' of " + v.type()).toList();
        List<String> missing = new ArrayList<>();
        boolean missingFails = false;
        for (SchemaObject o : up.dropped()) {
            if ((o.kind() == ObjectKind.TABLE || o.kind() == ObjectKind.COLUMN) && !restored(o, up, down)
                    && !undone.mentioned(o.name())) {
                missing.add(o.label());
                missingFails |= !up.droppedIfExists(o);
            }
        }
        List<String> notReversed = new ArrayList<>();
        for (SchemaChanges.Renaming r : up.renames()) {
            if (!reversed(r, down) && !undone.mentioned(r.to())) {
                notReversed.add(r.kind().sql() + " " + (r.table() == null ? "" : r.table() + ".") + r.from()
                        + " (renamed to " + r.to() + ")");
            }
        }
        List<String> parts = new ArrayList<>();
        if (!failing.isEmpty()) {
            parts.add(join(failing) + (failing.size() == 1 ? " is" : " are") + " created by the up and left in place "
                    + "by the down, so the up fails when it runs again (it already exists)");
        }
        if (!values.isEmpty()) {
            parts.add("enum value" + (values.size() == 1 ? " " : "s ") + join(values) + " added by the up "
                    + (values.size() == 1 ? "stays" : "stay") + " (PostgreSQL cannot remove one), so the up's ADD "
                    + "VALUE without IF NOT EXISTS fails when it runs again");
        }
        if (!left.isEmpty()) {
            parts.add(join(left) + (left.size() == 1 ? " is" : " are") + " created by the up and still there after "
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
        if (!dropStatements.isEmpty()) {
            boolean linked = toDrop.stream().anyMatch(o -> referencedBy(o, references).stream().anyMatch(
                    r -> toDrop.contains(new SchemaObject(ObjectKind.TABLE, r, null))));
            inDown.add("drop what the up creates, in reverse order" + (linked ? " and a table before the tables it "
                    + "references" : "") + ", e.g. `" + String.join(" ", dropStatements.subList(0, Math.min(3, dropStatements.size()))) + "`"
                    + placement(toDrop, references, script));
        }
        if (!missing.isEmpty()) {
            inDown.add("re-create the tables and columns the up drops as they were");
        }
        if (!notReversed.isEmpty()) {
            inDown.add("rename back what the up renames");
        }
        String help = inDown.isEmpty() ? "" : "In the down, " + String.join("; ", inDown) + ".";
        if (!values.isEmpty()) {
            help += (help.isEmpty() ? "" : " ") + "Write the up's ADD VALUE with IF NOT EXISTS: a rollback cannot "
                    + "remove the value, short of re-creating the type without it.";
        }
        int start = script.script().start();
        ctx.report(script.source().span(start, start), String.join("; ", parts)).help(help);
    }

    /**
     * A down whose first statement is {@code DO $$ BEGIN RAISE EXCEPTION '…'; END $$} stops the rollback on purpose,
     * and one whose comment says it does not restore ("irreversible", "there is no restore for this") says so: the
     * migration is declared one-way, and there is nothing incomplete to report.
     */
    private static boolean declaredIrreversible(ScriptView script) {
        if (script.comments().stream().anyMatch(c -> DECLARED.matcher(c.value()).find())) {
            return true;
        }
        return script.statements().stream().filter(s -> s.isSql() && !(s.node() instanceof Statement.PsqlMeta)
                        && !(s.node() instanceof Statement.Transaction)
                        && !(s.node() instanceof Statement.SetParameter))
                .findFirst().filter(s -> s.node() instanceof Statement.DoBlock && raisesAtOnce(s)).isPresent();
    }

    /** {@code [DECLARE …] BEGIN RAISE EXCEPTION}: the block's first action is to fail. */
    private static boolean raisesAtOnce(ParsedStatement doBlock) {
        String body = ((Statement.DoBlock) doBlock.node()).body().strip().toLowerCase(Locale.ROOT);
        int begin = body.startsWith("declare") ? body.indexOf("begin") : body.startsWith("begin") ? 0 : -1;
        return begin >= 0 && body.substring(begin + "begin".length()).strip().replaceAll("\\s+", " ")
                .startsWith("raise exception");
    }

    private static boolean restored(SchemaObject o, SchemaChanges up, SchemaChanges down) {
        if (o.kind() == ObjectKind.TABLE) {
            return down.creates(o) || renamedTo(up, down, o);
        }
        QualifiedName table = QualifiedName.of(o.table());
        // re-added on the table, on the table under the name it had before the up renamed it, or renamed back to
        return down.createsColumn(table, o.name()) || renamedTo(up, down, o)
                || up.renames().stream().anyMatch(r -> r.kind() == ObjectKind.TABLE && r.table() == null
                && r.to().equals(o.table()) && down.createsColumn(QualifiedName.of(r.from()), o.name()));
    }

    /** The name is back: the up renamed another object to it, or the down renames one back to it. */
    private static boolean renamedTo(SchemaChanges up, SchemaChanges down, SchemaObject o) {
        return java.util.stream.Stream.concat(up.renames().stream(), down.renames().stream())
                .anyMatch(r -> r.kind() == o.kind() && Objects.equals(r.table(), o.table())
                        && last(r.to()).equals(last(o.name())));
    }

    private static boolean reversed(SchemaChanges.Renaming r, SchemaChanges down) {
        return down.renames().stream().anyMatch(d -> d.kind() == r.kind() && last(d.from()).equals(last(r.to()))
                && last(d.to()).equals(last(r.from())))
                || r.kind() == ObjectKind.COLUMN && down.createsColumn(QualifiedName.of(r.table()), r.from())
                // a serial's sequence comes back with its table created anew
                || r.kind() == ObjectKind.SEQUENCE && last(r.from()).endsWith("_seq") && down.created().stream()
                .anyMatch(c -> c.kind() == ObjectKind.TABLE && last(r.from()).startsWith(last(c.name()) + "_"))
                // or the down builds the old one anew under its old name
                || down.created().stream().anyMatch(c -> c.kind() == r.kind() && r.table() == null
                && last(c.name()).equals(last(r.from())));
    }

    /**
     * Whether the down takes care of an object the up created, explicitly or implicitly, or the object is not the
     * up's to undo because it existed before the up.
     */
    private static final class Undone {
        private final ScriptView script;
        private final SchemaChanges up;
        private final SchemaChanges down;
        private final SchemaModel before;
        private final Set<String> droppedByUp = new HashSet<>();
        private final Map<String, String[]> sequenceOwners = new HashMap<>();
        private final Set<String> opaqueWords;

        Undone(ScriptView script, SchemaChanges up, SchemaChanges down, SchemaModel before) {
            this.script = script;
            this.up = up;
            this.down = down;
            this.before = before;
            for (ParsedStatement s : script.counterpart().orElse(List.of())) {
                if (s.node() instanceof Statement.Drop d) {
                    d.names().forEach(n -> droppedByUp.add(d.onTable() != null || d.kind() == ObjectKind.INDEX
                            ? n.name() : n.key()));
                } else if (s.node() instanceof Statement.AlterTable at) {
                    at.actions().stream().filter(a -> a instanceof AlterAction.DropConstraint)
                            .forEach(a -> droppedByUp.add(((AlterAction.DropConstraint) a).name()));
                }
                ownedBy(s);
            }
            opaqueWords = new HashSet<>(List.of(down.opaqueText().split("[^\\p{L}\\p{N}_$]+")));
        }

        boolean handles(SchemaObject o) {
            return down.drops(o, up.columnsOf(o)) || down.creates(o) || existedBefore(o) || droppedWithSchema(o)
                    || mentioned(o.name()) || droppedWithOwner(o) || droppedWithView(o)
                    || o.table() != null && down.createsTable(QualifiedName.of(o.table())) || handledUnderNewName(o);
        }

        /** Text the down runs but this rule cannot read (DO blocks, unparsed statements) names it. */
        boolean mentioned(String name) {
            return opaqueWords.contains(last(name).toLowerCase(Locale.ROOT));
        }

        /** The up dropped the name before creating it, or the schema before the up had it: it stays after a down. */
        private boolean existedBefore(SchemaObject o) {
            if (droppedByUp.contains(o.name())) {
                return true;
            }
            if (before == null) {
                return false;
            }
            // a view may have been a materialized one before, or the other way round: the name is taken either way
            return before.has(o) || o.kind() == ObjectKind.VIEW && before.has(new SchemaObject(
                    ObjectKind.MATERIALIZED_VIEW, o.name(), null)) || o.kind() == ObjectKind.MATERIALIZED_VIEW
                    && before.has(new SchemaObject(ObjectKind.VIEW, o.name(), null));
        }

        private boolean droppedWithSchema(SchemaObject o) {
            String key = o.table() != null ? o.table() : o.name();
            int dot = key.indexOf('.');
            return dot > 0 && down.dropped().contains(new SchemaObject(ObjectKind.SCHEMA, key.substring(0, dot), null));
        }

        /**
         * {@code CREATE|ALTER SEQUENCE s … OWNED BY table.column}: the sequence goes with its table or column
         * (https://www.postgresql.org/docs/current/sql-altersequence.html).
         */
        private void ownedBy(ParsedStatement s) {
            List<Token> t = s.raw().body();
            if (t.size() < 3 || !(t.get(0).is("create") || t.get(0).is("alter")) || !t.get(1).is("sequence")) {
                return;
            }
            int i = 2;
            while (i < t.size() && (t.get(i).is("if") || t.get(i).is("not") || t.get(i).is("exists"))) {
                i++;
            }
            List<String> sequence = dotted(t, i);
            for (int j = i; j + 2 < t.size(); j++) {
                if (t.get(j).is("owned") && t.get(j + 1).is("by")) {
                    List<String> owner = dotted(t, j + 2);
                    if (!sequence.isEmpty() && owner.size() >= 2) {
                        sequenceOwners.put(sequence.get(sequence.size() - 1), new String[]{
                                owner.get(owner.size() - 2), owner.get(owner.size() - 1)});
                    }
                }
            }
        }

        private boolean droppedWithOwner(SchemaObject o) {
            String[] owner = o.kind() == ObjectKind.SEQUENCE ? sequenceOwners.get(last(o.name())) : null;
            return owner != null && down.dropped().stream().anyMatch(d -> d.kind() == ObjectKind.TABLE
                    && last(d.name()).equals(owner[0]) || d.kind() == ObjectKind.COLUMN && d.name().equals(owner[1])
                    && d.table() != null && last(d.table()).equals(owner[0]));
        }

        /**
         * A view dropped by the down takes its indexes and triggers with it, and {@code DROP … CASCADE} takes the
         * views that select from what it drops (https://www.postgresql.org/docs/current/ddl-depend.html).
         */
        private boolean droppedWithView(SchemaObject o) {
            Set<String> views = new HashSet<>();
            Set<String> cascaded = new HashSet<>();
            for (ParsedStatement s : script.statements()) {
                if (s.node() instanceof Statement.Drop d) {
                    for (QualifiedName n : d.names()) {
                        if (d.kind() == ObjectKind.VIEW || d.kind() == ObjectKind.MATERIALIZED_VIEW) {
                            views.add(n.name());
                        }
                        if (d.cascade()) {
                            cascaded.add(n.name());
                        }
                    }
                }
            }
            String relation = o.table() != null ? last(o.table()) : last(o.name());
            if (o.table() != null && views.contains(relation)) {
                return true;
            }
            return script.counterpart().orElse(List.of()).stream().anyMatch(s -> s.node()
                    instanceof Statement.CreateView v
                    && v.name().name().equals(relation) && cascaded.stream().anyMatch(c -> !c.equals(relation)
                    && names(s, c)));
        }

        /**
         * The down handles the object under the name its table has after the up (the up renamed the table), renames
         * the object or its table away itself, or drops a column an index's predicate or expression uses, which
         * drops the index too (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DROP-COLUMN).
         */
        private boolean handledUnderNewName(SchemaObject o) {
            if (down.renames().stream().anyMatch(r -> r.table() == null && (last(r.from()).equals(last(o.name()))
                    || o.table() != null && last(r.from()).equals(last(o.table()))))) {
                return true;
            }
            if (o.table() != null && up.renames().stream().anyMatch(r -> r.kind() == ObjectKind.TABLE
                    && r.table() == null && r.from().equals(o.table())
                    && down.drops(new SchemaObject(o.kind(), o.name(), r.to()), up.columnsOf(o)))) {
                return true;
            }
            return o.kind() == ObjectKind.INDEX && o.table() != null && script.counterpart().orElse(List.of())
                    .stream().anyMatch(s -> s.node() instanceof Statement.CreateIndex ci && o.name().equals(ci.name())
                    && down.dropped().stream().anyMatch(d -> d.kind() == ObjectKind.COLUMN
                    && o.table().equals(d.table()) && names(s, d.name())));
        }
    }

    /** Whether the statement names {@code name} as an identifier, alone or as a part of a qualified name. */
    private static boolean names(ParsedStatement s, String name) {
        return s.raw().tokens().stream().anyMatch(t -> (t.kind() == TokenKind.WORD
                || t.kind() == TokenKind.QUOTED_IDENT) && t.identifier().equals(name));
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

    /**
     * Table key (or {@code table.column}, {@code table.constraint} key of the object) -> the keys of the tables its
     * foreign keys reference, as the up writes them: inline REFERENCES, FOREIGN KEY table constraints, and the ones
     * ALTER TABLE adds (those go with the table too).
     */
    private static Map<String, Set<String>> references(List<ParsedStatement> upStatements) {
        Map<String, Set<String>> refs = new HashMap<>();
        for (ParsedStatement s : upStatements) {
            if (s.node() instanceof Statement.CreateTable ct) {
                String table = ct.table().key();
                for (io.miglint.model.ColumnDef c : ct.columns()) {
                    if (c.references() != null) {
                        refer(refs, table, c.references().table().key());
                        refer(refs, table + "." + c.name(), c.references().table().key());
                    }
                }
                for (io.miglint.model.TableConstraint c : ct.constraints()) {
                    if (c.references() != null) {
                        refer(refs, table, c.references().table().key());
                        if (c.name() != null) {
                            refer(refs, table + "." + c.name(), c.references().table().key());
                        }
                    }
                }
            } else if (s.node() instanceof Statement.AlterTable at) {
                String table = at.table().key();
                for (AlterAction a : at.actions()) {
                    if (a instanceof AlterAction.AddColumn ac && ac.column().references() != null) {
                        refer(refs, table, ac.column().references().table().key());
                        refer(refs, table + "." + ac.column().name(), ac.column().references().table().key());
                    } else if (a instanceof AlterAction.AddConstraint ac && ac.constraint().references() != null) {
                        refer(refs, table, ac.constraint().references().table().key());
                        if (ac.constraint().name() != null) {
                            refer(refs, table + "." + ac.constraint().name(),
                                    ac.constraint().references().table().key());
                        }
                    }
                }
            }
        }
        return refs;
    }

    private static void refer(Map<String, Set<String>> refs, String from, String to) {
        if (!from.equals(to)) {
            refs.computeIfAbsent(from, k -> new java.util.LinkedHashSet<>()).add(to);
        }
    }

    /** The tables an object to drop holds foreign keys to: a table's own, a column's or a constraint's. */
    private static Set<String> referencedBy(SchemaObject o, Map<String, Set<String>> refs) {
        String key = o.kind() == ObjectKind.TABLE ? o.name()
                : (o.kind() == ObjectKind.COLUMN || o.kind() == ObjectKind.CONSTRAINT) && o.table() != null
                ? o.table() + "." + o.name() : null;
        return key == null ? Set.of() : refs.getOrDefault(key, Set.of());
    }

    /**
     * The objects in an order a down can run them in: reverse creation order, and then every object holding a
     * foreign key to a table of the list moved before that table, since {@code DROP TABLE} without CASCADE fails
     * while another table's foreign key still references it (https://www.postgresql.org/docs/current/ddl-depend.html).
     * A cycle of references keeps the reverse creation order.
     */
    static List<SchemaObject> dropOrder(List<SchemaObject> created, Map<String, Set<String>> refs) {
        List<SchemaObject> reversed = new ArrayList<>(created);
        java.util.Collections.reverse(reversed);
        List<SchemaObject> out = new ArrayList<>();
        Set<SchemaObject> visiting = new HashSet<>();
        for (SchemaObject o : reversed) {
            emit(o, reversed, refs, out, visiting);
        }
        return out;
    }

    private static void emit(SchemaObject o, List<SchemaObject> all, Map<String, Set<String>> refs, List<SchemaObject> out,
                             Set<SchemaObject> visiting) {
        if (out.contains(o) || !visiting.add(o)) {
            return;
        }
        if (o.kind() == ObjectKind.TABLE) {
            for (SchemaObject other : all) {
                if (other != o && referencedBy(other, refs).contains(o.name())) {
                    emit(other, all, refs, out, visiting);
                }
            }
        }
        visiting.remove(o);
        if (!out.contains(o)) {
            out.add(o);
        }
    }

    /**
     * Where the drops go among the down's own {@code DROP TABLE}s: before the drop of a table they reference, after
     * the drop of one that references them; empty when the down drops neither.
     */
    private static String placement(List<SchemaObject> toDrop, Map<String, Set<String>> refs, ScriptView script) {
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        Set<String> ours = new HashSet<>();
        toDrop.stream().filter(o -> o.kind() == ObjectKind.TABLE).forEach(o -> ours.add(o.name()));
        Set<String> referenced = new HashSet<>();
        toDrop.forEach(o -> referenced.addAll(referencedBy(o, refs)));
        for (ParsedStatement s : script.statements()) {
            if (s.node() instanceof Statement.Drop d && d.kind() == ObjectKind.TABLE && !d.cascade()) {
                for (QualifiedName n : d.names()) {
                    if (referenced.contains(n.key()) && !before.contains(n.toString())) {
                        before.add(n.toString());
                    }
                    if (refs.getOrDefault(n.key(), Set.of()).stream().anyMatch(ours::contains)
                            && !after.contains(n.toString())) {
                        after.add(n.toString());
                    }
                }
            }
        }
        List<String> where = new ArrayList<>();
        if (!before.isEmpty()) {
            where.add("before the down's DROP TABLE of " + join(before) + " (their foreign keys reference "
                    + (before.size() == 1 ? "it" : "them") + ")");
        }
        if (!after.isEmpty()) {
            where.add("after the down's DROP TABLE of " + join(after) + " (" + (after.size() == 1 ? "its" : "their")
                    + " foreign keys reference them)");
        }
        return where.isEmpty() ? "" : ", placed " + String.join(" and ", where);
    }

    private static String dropFor(SchemaObject o) {
        if (o.kind() == ObjectKind.COLUMN) {
            return "ALTER TABLE " + o.table() + " DROP COLUMN IF EXISTS " + o.name() + ";";
        }
        if (o.kind() == ObjectKind.CONSTRAINT) {
            return "ALTER TABLE " + o.table() + " DROP CONSTRAINT IF EXISTS " + o.name() + ";";
        }
        String name = o.name();
        if (o.kind() == ObjectKind.INDEX && o.table() != null && !name.contains(".")
                && o.table().toString().contains(".")) {
            // an index lives in its table's schema: unqualified, DROP INDEX would look for it on the search_path
            String table = o.table().toString();
            name = table.substring(0, table.lastIndexOf('.')) + "." + name;
        }
        return "DROP " + o.kind().sql().toUpperCase(Locale.ROOT) + " IF EXISTS " + name
                + (o.table() != null && o.kind() != ObjectKind.INDEX ? " ON " + o.table() : "") + ";";
    }

    private static String join(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
