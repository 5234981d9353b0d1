package io.miglint.rules.reversibility;

import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import io.miglint.rules.SchemaChanges;
import io.miglint.rules.SchemaChanges.DbObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A down that leaves part of the up behind makes the next up fail on objects that already exist, or leaves the
 * schema between two versions. Objects that go with their table (columns, indexes, constraints, triggers, policies,
 * serial sequences) count as dropped with it; a DO block or statement we cannot read that names the object counts
 * as handling it, since what it does is invisible here.
 */
@RuleInfo(id = "down-incomplete", summary = "Down migration does not reverse everything the up does",
        severity = Severity.WARNING, category = Category.REVERSIBILITY)
public final class DownIncomplete implements ScriptRule {
    private static final Set<ObjectKind> TRACKED = EnumSet.of(ObjectKind.TABLE, ObjectKind.COLUMN, ObjectKind.INDEX,
            ObjectKind.CONSTRAINT, ObjectKind.TYPE, ObjectKind.SEQUENCE, ObjectKind.FUNCTION, ObjectKind.TRIGGER,
            ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW, ObjectKind.EXTENSION, ObjectKind.SCHEMA,
            ObjectKind.POLICY);

    @Override
    public void check(ScriptView script, RuleContext ctx) {
        if (!script.isDown() || script.counterpart().isEmpty()
                || script.statements().stream().noneMatch(ParsedStatement::isSql)) {
            return;
        }
        SchemaChanges up = SchemaChanges.of(script.counterpart().get());
        SchemaChanges down = SchemaChanges.of(script.statements());
        List<String> notDropped = new ArrayList<>();
        List<String> dropStatements = new ArrayList<>();
        for (DbObject o : up.created()) {
            if (TRACKED.contains(o.kind()) && !down.drops(o, up.columnsOf(o)) && !down.creates(o)
                    && !droppedWithSchema(down, o) && !mentioned(down, o.name())) {
                notDropped.add(o.label());
                dropStatements.add(dropFor(o));
            }
        }
        List<String> notRestored = new ArrayList<>();
        for (DbObject o : up.dropped()) {
            boolean restored = o.kind() == ObjectKind.TABLE ? down.creates(o)
                    : o.kind() == ObjectKind.COLUMN && down.createsColumn(io.miglint.model.QualifiedName.of(
                    o.table()), o.name());
            if ((o.kind() == ObjectKind.TABLE || o.kind() == ObjectKind.COLUMN) && !restored
                    && !mentioned(down, o.name())) {
                notRestored.add(o.label());
            }
        }
        List<String> notReversed = new ArrayList<>();
        for (SchemaChanges.Renaming r : up.renames()) {
            boolean reversed = down.renames().stream().anyMatch(d -> d.kind() == r.kind()
                    && last(d.from()).equals(last(r.to())) && last(d.to()).equals(last(r.from())));
            if (!reversed && !mentioned(down, r.to())) {
                notReversed.add(r.kind().sql() + " " + (r.table() == null ? "" : r.table() + ".") + r.from()
                        + " (renamed to " + r.to() + ")");
            }
        }
        List<String> parts = new ArrayList<>();
        if (!notDropped.isEmpty()) {
            parts.add(join(notDropped) + (notDropped.size() == 1 ? " is" : " are")
                    + " created by the up but not dropped by the down");
        }
        if (!notRestored.isEmpty()) {
            parts.add(join(notRestored) + (notRestored.size() == 1 ? " is" : " are")
                    + " dropped by the up but not re-created by the down");
        }
        if (!notReversed.isEmpty()) {
            parts.add(join(notReversed) + " not renamed back by the down");
        }
        if (parts.isEmpty()) {
            return;
        }
        int start = script.script().start();
        ctx.report(script.source().span(start, start), String.join("; ", parts) + ": after a rollback the schema "
                        + "is neither the old nor the new version, and the up fails when it runs again")
                .help("Undo every change of the up in the down, in reverse order"
                        + (dropStatements.isEmpty() ? "" : ", e.g. `" + String.join(" ",
                        dropStatements.subList(0, Math.min(3, dropStatements.size()))) + "`")
                        + "; re-add dropped columns and tables, rename back what the up renamed.");
    }

    private static boolean droppedWithSchema(SchemaChanges down, DbObject o) {
        String key = o.table() != null ? o.table() : o.name();
        int dot = key.indexOf('.');
        return dot > 0 && down.dropped().contains(new DbObject(ObjectKind.SCHEMA, key.substring(0, dot), null));
    }

    private static boolean mentioned(SchemaChanges down, String name) {
        return Pattern.compile("\\b" + Pattern.quote(last(name)) + "\\b").matcher(down.opaqueText()).find();
    }

    private static String last(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private static String dropFor(DbObject o) {
        if (o.kind() == ObjectKind.COLUMN) {
            return "ALTER TABLE " + o.table() + " DROP COLUMN IF EXISTS " + o.name() + ";";
        }
        if (o.kind() == ObjectKind.CONSTRAINT) {
            return "ALTER TABLE " + o.table() + " DROP CONSTRAINT IF EXISTS " + o.name() + ";";
        }
        return "DROP " + o.kind().sql().toUpperCase() + " IF EXISTS " + o.name()
                + (o.table() != null && o.kind() != ObjectKind.INDEX ? " ON " + o.table() : "") + ";";
    }

    private static String join(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
