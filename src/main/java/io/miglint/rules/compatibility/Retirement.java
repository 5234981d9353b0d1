package io.miglint.rules.compatibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.ScriptView;
import io.miglint.sql.Token;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** What the script around a DROP TABLE or DROP COLUMN shows: where the data went, and what else goes with it. */
final class Retirement {
    private Retirement() {
    }

    /**
     * An earlier statement of the script that copies the table's rows elsewhere: INSERT … SELECT … FROM it, CREATE
     * TABLE … AS SELECT … FROM it, UPDATE other … FROM it (its values merged into another table's columns), or a DO
     * block that loops over {@code SELECT … FROM it} and inserts each row elsewhere. The data is moved, not lost.
     */
    static Optional<ParsedStatement> tableCopiedOut(ScriptView script, QualifiedName table, int before) {
        Pattern loop = Pattern.compile("\\bfor\\s+\\w+\\s+in\\s+select\\b[^;]*?\\bfrom\\s+(\\w+\\.)?\"?"
                + Pattern.quote(table.name().toLowerCase(Locale.ROOT)) + "\"?(\\s|$|;|\\))[\\s\\S]*?\\binsert\\s+into\\b");
        for (ParsedStatement earlier : script.statements().subList(0, before)) {
            if (!earlier.isSql() || earlier.isNested()) {
                continue;
            }
            if (earlier.node() instanceof Statement.DoBlock d && d.body() != null
                    && loop.matcher(d.body().toLowerCase(Locale.ROOT)).find()) {
                return Optional.of(earlier);
            }
            boolean copies = earlier.node() instanceof Statement.Insert || earlier.node() instanceof Statement.CreateTable;
            if (copies && selectsFrom(earlier.raw().body(), table)) {
                return Optional.of(earlier);
            }
            if (earlier.node() instanceof Statement.Update u && !table.sameAs(u.table())
                    && readsFrom(earlier.raw().body(), table, false)) {
                return Optional.of(earlier);
            }
        }
        return Optional.empty();
    }

    /** The statement's SELECT reads {@code FROM} or {@code JOIN} the table. */
    private static boolean selectsFrom(List<Token> t, QualifiedName table) {
        return readsFrom(t, table, true);
    }

    /** A {@code FROM} or {@code JOIN} of the statement (of its SELECT only, when asked) names the table. */
    private static boolean readsFrom(List<Token> t, QualifiedName table, boolean selectOnly) {
        boolean inSelect = !selectOnly;
        for (int i = 0; i + 1 < t.size(); i++) {
            inSelect |= t.get(i).is("select");
            if (inSelect && (t.get(i).is("from") || t.get(i).is("join"))) {
                int j = i + 1;
                while (j + 2 < t.size() && t.get(j + 1).isPunct('.')) {
                    j += 2;
                }
                String id = t.get(j).identifier();
                if (id != null && id.equalsIgnoreCase(table.name())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * An earlier statement of the script that copies the column's values elsewhere before it goes: an UPDATE whose
     * new values read the column (into another column of the table, or of another table FROM it), or an INSERT …
     * SELECT / CREATE TABLE … AS that selects it from the table.
     */
    static Optional<ParsedStatement> columnCopiedOut(ScriptView script, QualifiedName table, String column,
                                                     int before) {
        for (ParsedStatement earlier : script.statements().subList(0, before)) {
            Statement n = earlier.node();
            if (n instanceof Statement.Update u && u.assignments().stream()
                    .anyMatch(a -> !a.column().equals(column) && a.value() != null && mentions(a.value().text(), column))
                    && (table.sameAs(u.table()) || selectsFrom(earlier.raw().body(), table)
                    || mentionsTable(earlier.raw().body(), table))) {
                return Optional.of(earlier);
            }
            if ((n instanceof Statement.Insert || n instanceof Statement.CreateTable)
                    && selectsFrom(earlier.raw().body(), table)
                    && earlier.raw().body().stream().anyMatch(t -> column.equals(t.identifier()))) {
                return Optional.of(earlier);
            }
        }
        return Optional.empty();
    }

    private static boolean mentions(String expression, String column) {
        return Pattern.compile("(^|[^a-z0-9_$\"])\"?" + Pattern.quote(column) + "\"?($|[^a-z0-9_$\"])")
                .matcher(expression.toLowerCase(Locale.ROOT)).find();
    }

    private static boolean mentionsTable(List<Token> tokens, QualifiedName table) {
        return tokens.stream().anyMatch(t -> table.name().equals(t.identifier()));
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
            if (x.node() instanceof Statement.Drop d && (d.kind() == ObjectKind.FUNCTION
                    || d.kind() == ObjectKind.PROCEDURE || d.kind() == ObjectKind.TRIGGER)) {
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
            return "with the " + kinds + " dropped beside " + it + ", from line " + at.span().line();
        }
    }

    private static boolean removal(ParsedStatement s) {
        return s.node() instanceof Statement.Drop || s.node() instanceof Statement.AlterTable at
                && !at.actions().isEmpty() && at.actions().stream().allMatch(a -> a instanceof AlterAction.DropColumn
                || a instanceof AlterAction.DropConstraint || a instanceof AlterAction.DropDefault);
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
