package io.miglint.rules.reversibility;

import io.miglint.model.AlterAction;
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
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
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
    private static final Pattern UNCONDITIONAL_RAISE = Pattern.compile(
            "(?is)^\\s*(?:declare\\b.*?)?begin\\s+raise\\s+exception");
    private static final Pattern OWNED_BY = Pattern.compile(
            "(?is)^\\s*(?:alter|create)\\s+sequence\\s+(?:if\\s+(?:not\\s+)?exists\\s+)?([\\w.\"]+)"
            + ".*?\\bowned\\s+by\\s+([\\w.\"]+)");

    @Override
    public void check(ScriptView script, RuleContext ctx) {
        if (!script.isDown() || script.counterpart().isEmpty()
                || script.statements().stream().noneMatch(ParsedStatement::isSql) || declaredIrreversible(script)) {
            return;
        }
        SchemaChanges up = SchemaChanges.of(script.counterpart().get());
        SchemaChanges down = SchemaChanges.of(script.statements());
        Map<String, String> sequenceOwners = sequenceOwners(script.counterpart().get());
        Set<String> keptExtensions = keptExtensions(script.counterpart().get());
        Set<String> replaced = droppedByUp(script.counterpart().get());
        List<String> notDropped = new ArrayList<>();
        List<String> dropStatements = new ArrayList<>();
        for (DbObject o : up.created()) {
            if (TRACKED.contains(o.kind()) && !down.drops(o, up.columnsOf(o)) && !down.creates(o)
                    && !replaced.contains(o.name())
                    && !droppedWithSchema(down, o) && !mentioned(down, o.name())
                    && !droppedWithOwner(down, o, sequenceOwners) && !droppedWithView(script, o)
                    && !tableReplaced(down, o) && !handledUnderNewName(script, up, down, o)
                    && !sharedSchemaOrExtension(o, keptExtensions)) {
                notDropped.add(o.label());
                dropStatements.add(dropFor(o));
            }
        }
        List<String> notRestored = new ArrayList<>();
        for (DbObject o : up.dropped()) {
            boolean restored = o.kind() == ObjectKind.TABLE ? down.creates(o)
                    : o.kind() == ObjectKind.COLUMN && down.createsColumn(io.miglint.model.QualifiedName.of(
                    o.table()), o.name());
            // the name is back after the up already (the up renamed another object to it), or the down renames an
            // object back to it
            // or re-created on the table under the name it had before the up renamed it
            restored |= o.kind() == ObjectKind.COLUMN && up.renames().stream().anyMatch(r -> r.kind() == ObjectKind.TABLE
                    && r.table() == null && r.to().equals(o.table())
                    && down.createsColumn(QualifiedName.of(r.from()), o.name()));
            restored |= up.renames().stream().anyMatch(r -> r.kind() == o.kind() && Objects.equals(r.table(), o.table())
                    && last(r.to()).equals(last(o.name())))
                    || down.renames().stream().anyMatch(r -> r.kind() == o.kind() && Objects.equals(r.table(), o.table())
                    && last(r.to()).equals(last(o.name())));
            if ((o.kind() == ObjectKind.TABLE || o.kind() == ObjectKind.COLUMN) && !restored
                    && !mentioned(down, o.name())) {
                notRestored.add(o.label());
            }
        }
        List<String> notReversed = new ArrayList<>();
        for (SchemaChanges.Renaming r : up.renames()) {
            boolean reversed = down.renames().stream().anyMatch(d -> d.kind() == r.kind()
                    && last(d.from()).equals(last(r.to())) && last(d.to()).equals(last(r.from())))
                    || r.kind() == ObjectKind.COLUMN && down.createsColumn(QualifiedName.of(r.table()), r.from())
                    || r.kind() == ObjectKind.SEQUENCE && serialOfNewTable(down, r.from())
                    // or the down builds the old one anew under its old name
                    || down.created().stream().anyMatch(c -> c.kind() == r.kind() && r.table() == null
                    && last(c.name()).equals(last(r.from())));
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

    /**
     * `DO $$ BEGIN RAISE EXCEPTION '…'; END $$` as the down's first statement declares the migration irreversible: the
     * rollback stops there on purpose, so there is nothing incomplete to report.
     */
    private static boolean declaredIrreversible(ScriptView script) {
        return script.statements().stream().filter(s -> s.isSql() && !(s.node() instanceof Statement.PsqlMeta)
                        && !(s.node() instanceof Statement.Transaction) && !(s.node() instanceof Statement.SetParameter))
                .findFirst().filter(s -> s.node() instanceof Statement.DoBlock d
                        && UNCONDITIONAL_RAISE.matcher(d.body()).find()).isPresent();
    }

    /**
     * A sequence attached with `ALTER SEQUENCE … OWNED BY table.column` (or created with OWNED BY) is dropped with
     * its table or column. https://www.postgresql.org/docs/current/sql-altersequence.html
     */
    private static Map<String, String> sequenceOwners(List<ParsedStatement> up) {
        Map<String, String> owners = new HashMap<>();
        for (ParsedStatement s : up) {
            Matcher m = OWNED_BY.matcher(s.raw().text());
            if (m.find()) {
                owners.put(unquote(last(m.group(1))), unquote(m.group(2)));
            }
        }
        return owners;
    }

    /**
     * A view dropped by the down takes its indexes and triggers with it, and `DROP … CASCADE` takes the views built
     * on the dropped object. https://www.postgresql.org/docs/current/ddl-depend.html
     */
    private static boolean droppedWithView(ScriptView script, DbObject o) {
        List<ParsedStatement> up = script.counterpart().orElse(List.of());
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
        return up.stream().anyMatch(s -> s.node() instanceof Statement.CreateView v && v.name().name().equals(relation)
                && cascaded.stream().anyMatch(c -> !c.equals(relation) && Pattern.compile("(?i)\\b" + Pattern.quote(c)
                + "\\b").matcher(s.raw().text()).find()));
    }

    /**
     * The down handles an object under the name its table has after the up (the up renamed the table), renames the
     * object away itself (back to what it was before the up), or drops a column an index's predicate or expression
     * uses, which drops the index too.
     * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DROP-COLUMN
     */
    private static boolean handledUnderNewName(ScriptView script, SchemaChanges up, SchemaChanges down, DbObject o) {
        if (down.renames().stream().anyMatch(r -> r.table() == null && last(r.from()).equals(last(o.name()))
                || o.table() != null && r.table() == null && last(r.from()).equals(last(o.table())))) {
            return true;
        }
        if (o.table() != null) {
            for (SchemaChanges.Renaming r : up.renames()) {
                if (r.kind() == ObjectKind.TABLE && r.table() == null && r.from().equals(o.table())
                        && down.drops(new DbObject(o.kind(), o.name(), r.to()), up.columnsOf(o))) {
                    return true;
                }
            }
        }
        if (o.kind() != ObjectKind.INDEX || o.table() == null) {
            return false;
        }
        return script.counterpart().orElse(List.of()).stream().anyMatch(s -> s.node() instanceof Statement.CreateIndex ci
                && o.name().equals(ci.name()) && down.dropped().stream().anyMatch(d -> d.kind() == ObjectKind.COLUMN
                && o.table().equals(d.table()) && Pattern.compile("(?i)\\b" + Pattern.quote(d.name()) + "\\b")
                .matcher(s.raw().text()).find()));
    }

    /** A serial column's sequence is named {table}_{column}_seq: creating the table anew creates it again. */
    private static boolean serialOfNewTable(SchemaChanges down, String sequence) {
        String seq = last(sequence);
        return seq.endsWith("_seq") && down.created().stream().anyMatch(c -> c.kind() == ObjectKind.TABLE
                && seq.startsWith(last(c.name()) + "_"));
    }

    /** Names the up drops before creating them again: such an object existed before the up and stays after a down. */
    private static Set<String> droppedByUp(List<ParsedStatement> up) {
        Set<String> names = new HashSet<>();
        for (ParsedStatement s : up) {
            if (s.node() instanceof Statement.Drop d) {
                d.names().forEach(n -> names.add(d.onTable() != null || d.kind() == ObjectKind.INDEX ? n.name()
                        : n.key()));
            } else if (s.node() instanceof Statement.AlterTable at) {
                for (AlterAction a : at.actions()) {
                    if (a instanceof AlterAction.DropConstraint dc) {
                        names.add(dc.name());
                    }
                }
            }
        }
        return names;
    }

    /** A down that creates the table anew got rid of the old one first (dropped, or renamed aside and dropped). */
    private static boolean tableReplaced(SchemaChanges down, DbObject o) {
        return o.table() != null && down.createsTable(QualifiedName.of(o.table()));
    }

    private static boolean droppedWithOwner(SchemaChanges down, DbObject o, Map<String, String> owners) {
        String owner = o.kind() == ObjectKind.SEQUENCE ? owners.get(last(o.name())) : null;
        if (owner == null || owner.lastIndexOf('.') < 0) {
            return false;
        }
        String table = last(owner.substring(0, owner.lastIndexOf('.')));
        String column = owner.substring(owner.lastIndexOf('.') + 1);
        return down.dropped().stream().anyMatch(d -> d.kind() == ObjectKind.TABLE && last(d.name()).equals(table)
                || d.kind() == ObjectKind.COLUMN && d.name().equals(column) && d.table() != null
                && last(d.table()).equals(table));
    }

    /**
     * The public schema exists in every database, and an extension the up only ensures (IF NOT EXISTS) may be used by
     * more than this migration: leaving either in place is deliberate, and the up's re-run does not fail on them.
     */
    private static boolean sharedSchemaOrExtension(DbObject o, Set<String> keptExtensions) {
        return o.kind() == ObjectKind.SCHEMA && o.name().equals("public")
                || o.kind() == ObjectKind.EXTENSION && keptExtensions.contains(o.name());
    }

    private static Set<String> keptExtensions(List<ParsedStatement> up) {
        Set<String> names = new HashSet<>();
        for (ParsedStatement s : up) {
            if (s.node() instanceof Statement.Create c && c.kind() == ObjectKind.EXTENSION && c.ifNotExists()) {
                names.add(c.name().key());
            }
        }
        return names;
    }

    private static String unquote(String name) {
        return name.replace("\"", "").toLowerCase(Locale.ROOT);
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
