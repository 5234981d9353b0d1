package io.miglint.rules.reversibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.schema.ObjectRef;
import io.miglint.rule.ScriptView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The part of down-incomplete's help that lists the drops a down misses: in an order that runs, and where they go
 * among the down's own {@code DROP TABLE}s.
 */
final class DropAdvice {
    private DropAdvice() {}

    /**
     * "drop what the up creates, in reverse order …, e.g. `…`", with where the drops go; {@code toDrop} in the up's
     * creation order and not empty.
     */
    static String clause(List<ObjectRef> toDrop, List<ParsedStatement> upStatements, ScriptView script) {
        Map<String, Set<String>> references = references(upStatements);
        List<String> dropStatements =
                dropOrder(toDrop, references).stream().map(DropAdvice::dropFor).toList();
        boolean linked = toDrop.stream()
                .anyMatch(o -> referencedBy(o, references).stream()
                        .anyMatch(r -> toDrop.contains(new ObjectRef(ObjectKind.TABLE, r, null))));
        return "drop what the up creates, in reverse order"
                + (linked ? " and a table before the tables it " + "references" : "") + ", e.g. `"
                + String.join(" ", dropStatements.subList(0, Math.min(3, dropStatements.size()))) + "`"
                + placement(toDrop, references, script);
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
                        refer(
                                refs,
                                table + "." + c.name(),
                                c.references().table().key());
                    }
                }
                for (io.miglint.model.TableConstraint c : ct.constraints()) {
                    if (c.references() != null) {
                        refer(refs, table, c.references().table().key());
                        if (c.name() != null) {
                            refer(
                                    refs,
                                    table + "." + c.name(),
                                    c.references().table().key());
                        }
                    }
                }
            } else if (s.node() instanceof Statement.AlterTable at) {
                String table = at.table().key();
                for (AlterAction a : at.actions()) {
                    if (a instanceof AlterAction.AddColumn ac && ac.column().references() != null) {
                        refer(refs, table, ac.column().references().table().key());
                        refer(
                                refs,
                                table + "." + ac.column().name(),
                                ac.column().references().table().key());
                    } else if (a instanceof AlterAction.AddConstraint ac
                            && ac.constraint().references() != null) {
                        refer(refs, table, ac.constraint().references().table().key());
                        if (ac.constraint().name() != null) {
                            refer(
                                    refs,
                                    table + "." + ac.constraint().name(),
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
    private static Set<String> referencedBy(ObjectRef o, Map<String, Set<String>> refs) {
        String key = o.kind() == ObjectKind.TABLE
                ? o.name()
                : (o.kind() == ObjectKind.COLUMN || o.kind() == ObjectKind.CONSTRAINT) && o.table() != null
                        ? o.table() + "." + o.name()
                        : null;
        return key == null ? Set.of() : refs.getOrDefault(key, Set.of());
    }

    /**
     * The objects in an order a down can run them in: reverse creation order, and then every object holding a
     * foreign key to a table of the list moved before that table, since {@code DROP TABLE} without CASCADE fails
     * while another table's foreign key still references it (https://www.postgresql.org/docs/current/ddl-depend.html).
     * A cycle of references keeps the reverse creation order.
     */
    static List<ObjectRef> dropOrder(List<ObjectRef> created, Map<String, Set<String>> refs) {
        List<ObjectRef> reversed = new ArrayList<>(created);
        java.util.Collections.reverse(reversed);
        List<ObjectRef> out = new ArrayList<>();
        Set<ObjectRef> visiting = new HashSet<>();
        for (ObjectRef o : reversed) {
            emit(o, reversed, refs, out, visiting);
        }
        return out;
    }

    private static void emit(
            ObjectRef o,
            List<ObjectRef> all,
            Map<String, Set<String>> refs,
            List<ObjectRef> out,
            Set<ObjectRef> visiting) {
        if (out.contains(o) || !visiting.add(o)) {
            return;
        }
        if (o.kind() == ObjectKind.TABLE) {
            for (ObjectRef other : all) {
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
    private static String placement(List<ObjectRef> toDrop, Map<String, Set<String>> refs, ScriptView script) {
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
            where.add("before the down's DROP TABLE of " + DownIncomplete.join(before)
                    + " (their foreign keys reference "
                    + (before.size() == 1 ? "it" : "them") + ")");
        }
        if (!after.isEmpty()) {
            where.add("after the down's DROP TABLE of " + DownIncomplete.join(after) + " ("
                    + (after.size() == 1 ? "its" : "their")
                    + " foreign keys reference them)");
        }
        return where.isEmpty() ? "" : ", placed " + String.join(" and ", where);
    }

    private static String dropFor(ObjectRef o) {
        if (o.kind() == ObjectKind.COLUMN) {
            return "ALTER TABLE " + sql(o.table()) + " DROP COLUMN IF EXISTS " + sql(o.name()) + ";";
        }
        if (o.kind() == ObjectKind.CONSTRAINT) {
            return "ALTER TABLE " + sql(o.table()) + " DROP CONSTRAINT IF EXISTS " + sql(o.name()) + ";";
        }
        String name = o.name();
        if (o.kind() == ObjectKind.INDEX
                && o.table() != null
                && !name.contains(".")
                && o.table().toString().contains(".")) {
            // an index lives in its table's schema: unqualified, DROP INDEX would look for it on the search_path
            String table = o.table().toString();
            name = table.substring(0, table.lastIndexOf('.')) + "." + name;
        }
        return "DROP " + o.kind().sql().toUpperCase(Locale.ROOT) + " IF EXISTS " + sql(name)
                + (o.table() != null && o.kind() != ObjectKind.INDEX ? " ON " + sql(o.table()) : "") + ";";
    }

    /** A model key ({@code schema.name}, names as PostgreSQL stores them) written as SQL, quoted where needed. */
    private static String sql(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0
                ? io.miglint.rules.WrittenSql.ident(key)
                : io.miglint.rules.WrittenSql.ident(key.substring(0, dot)) + "."
                        + io.miglint.rules.WrittenSql.ident(key.substring(dot + 1));
    }
}
