package io.miglint.rules.compatibility;

import io.miglint.layout.Version;
import io.miglint.model.AlterAction;
import io.miglint.model.DataFlow;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.model.schema.Column;
import io.miglint.model.schema.SchemaModel;
import io.miglint.model.schema.Table;
import io.miglint.rule.RuleContext;
import io.miglint.rule.ScriptView;
import io.miglint.rules.Rollback;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** What the script around a DROP TABLE or DROP COLUMN shows: where the data went, and what else goes with it. */
final class Retirement {
    private Retirement() {}

    /**
     * An earlier statement of the script that copies the table's rows elsewhere: INSERT … SELECT … FROM it, CREATE
     * TABLE … AS SELECT … FROM it, UPDATE other … FROM it (its values merged into another table's columns), or a DO
     * block that loops over {@code SELECT … FROM it} and inserts each row elsewhere. The data is moved, not lost.
     */
    static Optional<ParsedStatement> tableCopiedOut(ScriptView script, QualifiedName table, int before) {
        Pattern loop = Pattern.compile("\\bfor\\s+\\w+\\s+in\\s+select\\b[^;]*?\\bfrom\\s+(\\w+\\.)?\"?"
                + Pattern.quote(table.name().toLowerCase(Locale.ROOT))
                + "\"?(\\s|$|;|\\))[\\s\\S]*?\\binsert\\s+into\\b");
        for (ParsedStatement earlier : script.statements().subList(0, before)) {
            if (!earlier.isSql() || earlier.isNested()) {
                continue;
            }
            if (earlier.node() instanceof Statement.DoBlock d
                    && d.body() != null
                    && loop.matcher(d.body().toLowerCase(Locale.ROOT)).find()) {
                return Optional.of(earlier);
            }
            // read anywhere in the statement: a value copied through a scalar subquery has moved all the same
            boolean copies =
                    earlier.node() instanceof Statement.Insert || earlier.node() instanceof Statement.CreateTable;
            if (copies && DataFlow.of(earlier.node()).reads(table.name())) {
                return Optional.of(earlier);
            }
            if (earlier.node() instanceof Statement.Update u
                    && !table.sameAs(u.table())
                    && u.flow().reads(table.name())) {
                return Optional.of(earlier);
            }
        }
        return Optional.empty();
    }

    /**
     * An earlier statement of the script that copies the column's values elsewhere before it goes: an UPDATE whose
     * new values read the column (into another column of the table, or into a column of another table FROM it, also
     * one of the same name: {@code SET matrix_user_id = lu.matrix_user_id FROM local_user lu}), or whose condition
     * reads it to set other columns to values it stands for ({@code SET visibility = 'Unlisted' WHERE hidden}), or an
     * INSERT … SELECT / CREATE TABLE … AS / SELECT … INTO that selects it from the table.
     */
    static Optional<ParsedStatement> columnCopiedOut(
            ScriptView script, QualifiedName table, String column, int before) {
        for (ParsedStatement earlier : script.statements().subList(0, before)) {
            Statement n = earlier.node();
            if (n instanceof Statement.Update u
                    && u.table() != null
                    && (table.sameAs(u.table()) || u.flow().reads(table.name()))
                    && (u.assignments().stream()
                                    .anyMatch(a -> a.value() != null
                                            && (a.column().equals(column)
                                                    ? !table.sameAs(u.table())
                                                            && qualified(
                                                                    a.value().text(), column)
                                                    : mentions(a.value().text(), column)))
                            || foldsByCondition(u, table, column))) {
                return Optional.of(earlier);
            }
            DataFlow flow = DataFlow.of(n);
            // the model keeps no list of the columns a query selects: the column's name among the tokens stands
            // for it (SELECT * copies it too, but is not taken)
            if ((n instanceof Statement.Insert
                            || n instanceof Statement.CreateTable
                            || n instanceof Statement.Select
                                    && !flow.written(DataFlow.WriteKind.CREATE).isEmpty())
                    && flow.reads(table.name())
                    && earlier.raw().body().stream().anyMatch(t -> column.equals(t.identifier()))) {
                return Optional.of(earlier);
            }
        }
        return Optional.empty();
    }

    /**
     * The UPDATE sets other columns to values (none NULL) where its condition reads the column: the column's values
     * are folded into them (a flag into a state, {@code SET visibility = 'Unlisted' WHERE hidden}).
     */
    private static boolean foldsByCondition(Statement.Update u, QualifiedName table, String column) {
        if (u.assignments().isEmpty()
                || u.assignments().stream()
                        .anyMatch(a -> a.value() == null
                                || a.value().isNullLiteral()
                                || a.column().equals(column) && table.sameAs(u.table()))) {
            return false;
        }
        DataFlow.Where where = u.flow().where();
        return where.present() && (table.sameAs(u.table()) ? where.mentions(column) : where.mentionsQualified(column));
    }

    /** The expression reads the column through a table or alias: {@code lu.matrix_user_id}. */
    private static boolean qualified(String expression, String column) {
        return Pattern.compile("\\.\"?" + Pattern.quote(column) + "\"?($|[^a-z0-9_$\"])")
                .matcher(expression.toLowerCase(Locale.ROOT))
                .find();
    }

    private static boolean mentions(String expression, String column) {
        return Pattern.compile("(^|[^a-z0-9_$\"])\"?" + Pattern.quote(column) + "\"?($|[^a-z0-9_$\"])")
                .matcher(expression.toLowerCase(Locale.ROOT))
                .find();
    }

    /**
     * The expand step of an expand/contract that an earlier, separate migration of the folder took for the column,
     * so that this drop is its contract step: the column needs no value on insert (nullable, a default, or
     * generated: code can have stopped writing it) and a replacement is in place, made after the column by a
     * migration of a version of its own (neither the column's nor this one's), and tied to it by one of:
     * <ul>
     *   <li>the migration that made the replacement (a column of the table, or a table with a foreign key to it) also
     *       dropped the column's NOT NULL (ente: {@code ADD COLUMN encrypted_email, email_hash} with
     *       {@code ALTER COLUMN email DROP NOT NULL});</li>
     *   <li>an UPDATE of another version copied the column into it ({@code SET run_uuid = run_id::uuid});</li>
     *   <li>its name is the column's with a word that marks a new form ({@code email} → {@code encrypted_email},
     *       {@code status} → {@code status_new}), or it is a foreign key like the column under a name that differs in
     *       the one word naming what it points at ({@code ended_by_role_id} → {@code ended_by_user_id});</li>
     *   <li>or it is a table made to hold one row per row of the column's table (a foreign key to it that is unique on
     *       its own), or per row of the same parent as the column's table (both keyed by a unique foreign key to it),
     *       with a column of the same name ({@code users.referred_by} → {@code referrals (user_id UNIQUE REFERENCES
     *       users, referred_by)}; {@code student_profiles.grade_level_id} → {@code users_grade_levels (user_id
     *       PRIMARY KEY REFERENCES users, grade_level_id)}).</li>
     * </ul>
     * A release with both in place has run before this one, so the code had a release to move to the replacement.
     * What replaces the column ("sessions.ended_by_user_id"), or empty.
     */
    static Optional<String> replacement(RuleContext ctx, QualifiedName table, String column) {
        Version version = ctx.script().migration().version();
        SchemaModel m = ctx.schema();
        Optional<Column> dropped = m.column(table, column);
        Optional<Table> home = m.table(table);
        if (version == null
                || dropped.isEmpty()
                || home.isEmpty()
                || !dropped.get().optionalOnInsert()) {
            return Optional.empty();
        }
        String now = version.text();
        Column.History had = dropped.get().history();
        for (Column c : home.get().columns()) {
            Column.History h = c.history();
            if (c.name().equals(column) || !later(h.addedIn(), h.addedAt(), had, now)) {
                continue;
            }
            String copiedIn = h.copiedFrom().get(column);
            if (h.addedIn().equals(had.relaxedIn())
                    || copiedIn != null && !copiedIn.equals(now)
                    || newForm(column, c.name())
                    || repointed(column, c.name())
                            && foreignKey(home.get(), column)
                            && foreignKey(home.get(), c.name())) {
                return Optional.of(table.name() + "." + c.name());
            }
        }
        for (Table t : m.tables()) {
            Optional<String> createdIn = m.versionThatCreated(t.name());
            Optional<Long> createdAt = m.tableCreatedAt(t.name());
            if (t.name().sameAs(table)
                    || createdIn.isEmpty()
                    || createdAt.isEmpty()
                    || !later(createdIn.get(), createdAt.get(), had, now)) {
                continue;
            }
            if (t.column(column).isPresent()) {
                // a sibling made to hold one row per row of the same parent (UPchieve's users_grade_levels and
                // student_profiles, each keyed by user_id REFERENCES users), with a column of the same name
                Set<String> shared = new java.util.HashSet<>(oneToOneParents(t));
                shared.retainAll(oneToOneParents(home.get()));
                if (!shared.isEmpty()) {
                    return Optional.of(t.name().name() + "." + column);
                }
            }
            List<String> keys = t.constraints().stream()
                    .filter(k -> k.kind() == TableConstraint.Kind.FOREIGN_KEY
                            && k.references() != null
                            && k.references().table().sameAs(table)
                            && k.columns().size() == 1)
                    .map(k -> k.columns().get(0))
                    .toList();
            if (keys.isEmpty()) {
                continue;
            }
            boolean oneToOne = keys.stream()
                    .anyMatch(k -> t.constraints().stream()
                                    .anyMatch(u -> (u.kind() == TableConstraint.Kind.UNIQUE
                                                    || u.kind() == TableConstraint.Kind.PRIMARY_KEY)
                                            && u.columns().equals(List.of(k)))
                            || t.indexes().stream()
                                    .anyMatch(i -> i.unique() && i.columns().equals(List.of(k))));
            if (createdIn.get().equals(had.relaxedIn())
                    || oneToOne && t.column(column).isPresent()) {
                return Optional.of(t.name().name() + (t.column(column).isPresent() ? "." + column : ""));
            }
        }
        return Optional.empty();
    }

    /**
     * The tables {@code t} holds at most one row per row of: those a single-column foreign key of {@code t} references
     * where that column is unique on its own (its primary key, a UNIQUE constraint or a unique index).
     */
    private static Set<String> oneToOneParents(Table t) {
        Set<String> out = new java.util.HashSet<>();
        for (var k : t.constraints()) {
            if (k.kind() != TableConstraint.Kind.FOREIGN_KEY
                    || k.references() == null
                    || k.columns().size() != 1) {
                continue;
            }
            List<String> key = List.of(k.columns().get(0));
            boolean unique = t.constraints().stream()
                            .anyMatch(u -> (u.kind() == TableConstraint.Kind.UNIQUE
                                            || u.kind() == TableConstraint.Kind.PRIMARY_KEY)
                                    && u.columns().equals(key))
                    || t.indexes().stream()
                            .anyMatch(i -> i.unique() && i.columns().equals(key));
            if (unique) {
                out.add(k.references().table().key());
            }
        }
        return out;
    }

    /**
     * Made by a migration of its own, after the column and before this one: not beside the column (a sibling, such as
     * a log table created with it), not by this migration (no release has run with both).
     */
    private static boolean later(String version, long at, Column.History column, String now) {
        return version != null && !version.equals(now) && !version.equals(column.addedIn()) && at > column.addedAt();
    }

    /** Words of names that say nothing of what a column holds: sharing only these ties no two columns together. */
    private static final Set<String> GENERIC = Set.of(
            "id", "uuid", "key", "ref", "fk", "at", "on", "by", "is", "has", "of", "in", "to", "for", "the", "and",
            "or");

    /** Words that mark a new form of the same value: a new type, an encrypted or hashed copy. */
    private static final Set<String> NEW_FORM = Set.of(
            "new",
            "v2",
            "v3",
            "next",
            "encrypted",
            "enc",
            "hash",
            "hashed",
            "digest",
            "uuid",
            "bigint",
            "json",
            "jsonb",
            "tz",
            "utc");

    /**
     * {@code name} is {@code column} with words that mark a new form before or after it ({@code email} →
     * {@code encrypted_email}, {@code email_hash}; {@code payload} → {@code payload_jsonb}); the column's own words
     * must say what it holds (not only {@code id}).
     */
    static boolean newForm(String column, String name) {
        List<String> a = words(column);
        List<String> b = words(name);
        int at = java.util.Collections.indexOfSubList(b, a);
        if (at < 0 || b.size() == a.size() || a.stream().allMatch(GENERIC::contains)) {
            return false;
        }
        List<String> extra = new java.util.ArrayList<>(b.subList(0, at));
        extra.addAll(b.subList(at + a.size(), b.size()));
        return NEW_FORM.containsAll(extra);
    }

    /**
     * {@code name} has as many words as {@code column} and differs in exactly one, and the words they share say what
     * the column is about, not only {@code id} or {@code by} ({@code ended_by_role_id} → {@code ended_by_user_id}):
     * with both columns foreign keys, the same reference pointed at another table.
     */
    static boolean repointed(String column, String name) {
        List<String> a = words(column);
        List<String> b = words(name);
        if (a.size() < 2 || a.size() != b.size()) {
            return false;
        }
        List<String> shared = new java.util.ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).equals(b.get(i))) {
                shared.add(a.get(i));
            }
        }
        return shared.size() == a.size() - 1 && shared.stream().anyMatch(w -> !GENERIC.contains(w));
    }

    private static boolean foreignKey(Table t, String column) {
        return t.constraints().stream()
                .anyMatch(k -> k.kind() == TableConstraint.Kind.FOREIGN_KEY
                        && k.columns().equals(List.of(column)));
    }

    private static List<String> words(String name) {
        return List.of(name.toLowerCase(Locale.ROOT).split("_+")).stream()
                .filter(w -> !w.isEmpty())
                .toList();
    }

    /**
     * Where the column's values can be had again without it, so that dropping it loses nothing: it is a stored
     * generated column (computed from the row's other columns), or the down (or this up, before the drop) fills it
     * from another table ({@link Rollback#rebuiltFrom}). How, for the message ("the down rebuilds them from
     * builds"), or empty.
     */
    static Optional<String> derivable(RuleContext ctx, ParsedStatement s, QualifiedName table, String column) {
        if (ctx.schema().column(table, column).map(Column::generated).orElse(false)) {
            return Optional.of("it is generated from the row's other columns");
        }
        List<String> filledFrom = ctx.schema()
                .column(table, column)
                .map(c -> c.history().filledFrom())
                .orElse(List.of());
        if (!filledFrom.isEmpty()
                && filledFrom.stream()
                        .allMatch(f -> ctx.schema().tables().stream()
                                .anyMatch(t -> t.name().name().equals(f)))) {
            return Optional.of("the migration that added it filled it from " + String.join(", ", filledFrom)
                    + ", which still hold what it copied");
        }
        Set<String> tables =
                ctx.schema().tables().stream().map(t -> t.name().name()).collect(java.util.stream.Collectors.toSet());
        java.util.function.Predicate<String> isTable = tables::contains;
        if (!ctx.script().isDown()) {
            Optional<String> down =
                    ctx.script().counterpart().flatMap(d -> Rollback.rebuiltFrom(d, table, column, isTable));
            if (down.isPresent()) {
                return Optional.of("the down rebuilds them from " + down.get());
            }
        }
        return Rollback.rebuiltFrom(ctx.script().statements().subList(0, s.index()), table, column, isTable)
                .map(from -> "this migration fills it from " + from + " before the drop");
    }

    /**
     * The drop is one of a run of removals (consecutive statements that only drop things) that also drops functions,
     * procedures or triggers: the migration takes a whole feature out, and this drop is one part of it. The first
     * such code drop of the run, to point at. Only the run counts: a consolidated upgrade script (one file for many
     * changes) drops unrelated functions elsewhere.
     */
    static Optional<Feature> featureRemoval(ScriptView script, ParsedStatement s) {
        List<ParsedStatement> all = script.statements();
        int from = s.index();
        while (from > 0 && removal(all.get(from - 1))) {
            from--;
        }
        int to = s.index();
        while (to + 1 < all.size() && removal(all.get(to + 1))) {
            to++;
        }
        ParsedStatement first = null;
        int functions = 0;
        int triggers = 0;
        for (ParsedStatement x : all.subList(from, to + 1)) {
            if (x.node() instanceof Statement.Drop d
                    && (d.kind() == ObjectKind.FUNCTION
                            || d.kind() == ObjectKind.PROCEDURE
                            || d.kind() == ObjectKind.TRIGGER)) {
                first = first == null ? x : first;
                if (d.kind() == ObjectKind.TRIGGER) {
                    triggers += d.names().size();
                } else {
                    functions += d.names().size();
                }
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        String kinds = (functions == 0 ? "" : functions == 1 ? "function" : "functions")
                + (functions > 0 && triggers > 0 ? " and " : "")
                + (triggers == 0 ? "" : triggers == 1 ? "trigger" : "triggers");
        return Optional.of(new Feature(first, kinds, List.copyOf(all.subList(from, to + 1))));
    }

    /**
     * A code drop next to the table or column drop, what the run drops ("function", "functions and trigger"), and
     * the run of removal statements it belongs to.
     */
    record Feature(ParsedStatement at, String kinds, List<ParsedStatement> run) {
        /** "with the function and trigger dropped beside it, from line 5" ({@code it}: "it" or "them"). */
        String where(String it) {
            return "with the " + kinds + " dropped beside " + it + ", from line "
                    + at.span().line();
        }
    }

    /**
     * The script exists to take things out: every statement it runs drops something (a table, view, function,
     * trigger, type, index; an ALTER TABLE that only drops columns, constraints or defaults), apart from session
     * settings and transaction control. Its drops are its stated purpose, not a line a reviewer may overlook.
     */
    static boolean removalOnly(ScriptView script) {
        boolean any = false;
        for (ParsedStatement s : script.statements()) {
            if (!s.isSql()
                    || s.isNested()
                    || s.node() instanceof Statement.SetParameter
                    || s.node() instanceof Statement.Transaction) {
                continue;
            }
            if (!removal(s)) {
                return false;
            }
            any = true;
        }
        return any;
    }

    private static boolean removal(ParsedStatement s) {
        return s.node() instanceof Statement.Drop
                || s.node() instanceof Statement.AlterTable at
                        && !at.actions().isEmpty()
                        && at.actions().stream()
                                .allMatch(a -> a instanceof AlterAction.DropColumn
                                        || a instanceof AlterAction.DropConstraint
                                        || a instanceof AlterAction.DropDefault);
    }

    /**
     * A scratch table by its name: {@code tmp_…} or {@code …_tmp}. On the corpus these are leftovers of one-off
     * merges and imports; {@code temp_…} is not taken, projects use it for real tables (pending uploads, two-factor
     * set-ups).
     */
    static boolean scratch(QualifiedName table) {
        String n = table.name().toLowerCase(Locale.ROOT);
        return n.startsWith("tmp_") || n.endsWith("_tmp");
    }
}
