package io.miglint.rules.locking;

import io.miglint.model.QualifiedName;
import io.miglint.model.TableConstraint;
import io.miglint.model.TypeRef;
import io.miglint.model.schema.Column;
import io.miglint.model.schema.Constraint;
import io.miglint.model.schema.Index;
import io.miglint.model.schema.SchemaModel;
import io.miglint.model.schema.Table;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rules.WrittenSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What hangs on a column that a type change would move to a new column and swap in by renaming: renaming moves no
 * constraint, index, foreign key or sequence (they follow the column, not its name), so the old column keeps them.
 * For a key that other tables reference, or a column that owns a sequence, the swap is a recipe of its own, which the
 * help names from the schema model and the rule page gives in full.
 *
 * @param key         the PRIMARY KEY or UNIQUE constraint of this one column, if any
 * @param referencing the foreign keys of any table that reference the column
 * @param sequence    the sequence its values come from (serial's, or a {@code nextval} default)
 * @param serial      the sequence is the one {@code serial} created ({@code AS integer} on PostgreSQL 10+)
 * @param identity    an identity column (its sequence is internal to it)
 * @param others      the other constraints and indexes that include the column, by name
 */
record ColumnSwap(
        Table table,
        Column column,
        Optional<Constraint> key,
        List<SchemaModel.ForeignKey> referencing,
        Optional<QualifiedName> sequence,
        boolean serial,
        boolean identity,
        List<String> others) {

    static final String RECIPE =
            RuleDescriptor.DOCS_BASE + "change-column-type.md#a-key-its-foreign-keys-and-its-sequence";
    private static final int NAMED = 5;

    static Optional<ColumnSwap> of(SchemaModel schema, QualifiedName tableName, String columnName) {
        Optional<Table> table = schema.table(tableName);
        Optional<Column> column = table.flatMap(t -> t.column(columnName));
        if (column.isEmpty()) {
            return Optional.empty();
        }
        Table t = table.get();
        Optional<Constraint> key = t.constraints().stream()
                .filter(c -> (c.kind() == TableConstraint.Kind.PRIMARY_KEY || c.kind() == TableConstraint.Kind.UNIQUE)
                        && c.columns().equals(List.of(columnName)))
                .min((a, b) -> Boolean.compare(
                        a.kind() != TableConstraint.Kind.PRIMARY_KEY, b.kind() != TableConstraint.Kind.PRIMARY_KEY));
        List<String> others = new ArrayList<>();
        for (Constraint c : t.constraints()) {
            if (c.kind() != TableConstraint.Kind.NOT_NULL
                    && c.columns().contains(columnName)
                    && c.name() != null
                    && !(key.isPresent() && c == key.get())) {
                others.add(c.name());
            }
        }
        for (Index i : t.indexes()) {
            if (i.columns().contains(columnName)
                    && !others.contains(i.name())
                    && !(key.isPresent() && i.name().equals(key.get().name()))) {
                others.add(i.name());
            }
        }
        Optional<QualifiedName> sequence = schema.sequenceOf(tableName, columnName);
        boolean serial =
                sequence.isPresent() && sequence.get().name().equals(tableName.name() + "_" + columnName + "_seq");
        return Optional.of(new ColumnSwap(
                t,
                column.get(),
                key,
                schema.foreignKeysReferencing(tableName, columnName),
                sequence,
                serial,
                column.get().identity(),
                List.copyOf(others)));
    }

    /**
     * The column is a key of its own (which other tables may point at), or its values come from a sequence: the swap
     * must move the key, the foreign keys and the sequence, which {@link #keyHelp} spells out.
     */
    boolean needsKeyRecipe() {
        return key.isPresent() || !referencing.isEmpty() || sequence.isPresent() || identity;
    }

    /**
     * The help for a key other tables reference or a column with a sequence: what the swap has to move, the
     * statements named from the schema, and the page with the whole recipe.
     */
    /**
     * The column of {@code fk} that references this one: the one at the same position as this column among the
     * referenced columns (the referenced table's primary key when the foreign key names none). A composite key
     * (view_id, version_id) changes only with version_id: lakekeeper's uuid view_id stays uuid. All of them where the
     * position cannot be told.
     */
    private List<String> referencingColumns(SchemaModel schema, SchemaModel.ForeignKey fk) {
        List<String> from = fk.constraint().columns();
        io.miglint.model.ForeignKeyRef ref = fk.constraint().references();
        List<String> to = ref == null || ref.columns() == null || ref.columns().isEmpty()
                ? table.constraints().stream()
                        .filter(k -> k.kind() == TableConstraint.Kind.PRIMARY_KEY)
                        .map(Constraint::columns)
                        .findFirst()
                        .orElse(List.of())
                : ref.columns();
        for (int i = 0; i < to.size() && to.size() == from.size(); i++) {
            if (to.get(i).equalsIgnoreCase(column.name())) {
                return List.of(from.get(i));
            }
        }
        return from;
    }

    String keyHelp(SchemaModel schema, TypeRef to) {
        QualifiedName tn = table.name();
        String tq = WrittenSql.name(tn);
        String c = column.name();
        String cNew = c + "_new";
        String where = tn + "." + c;
        String type = to.text().trim();
        List<String> facts = new ArrayList<>();
        String keyName = key.map(Constraint::name).orElse(null);
        boolean primary = key.isPresent() && key.get().kind() == TableConstraint.Kind.PRIMARY_KEY;
        if (!referencing.isEmpty()) {
            facts.add((key.isPresent()
                            ? "is the " + (primary ? "primary" : "unique") + " key " + keyName + " that "
                            : "is what ")
                    + (referencing.size() == 1
                            ? "a foreign key of another table references ("
                            : referencing.size() + " foreign keys of other tables reference (")
                    + foreignKeys() + ")");
        } else if (key.isPresent()) {
            facts.add("is the " + (primary ? "primary" : "unique") + " key " + keyName);
        }
        if (identity) {
            facts.add("is an identity column");
        } else if (sequence.isPresent()) {
            facts.add((serial ? "owns the sequence " : "takes its default from the sequence ") + sequence.get());
        }
        StringBuilder h = new StringBuilder("Add a new column instead and move to it in steps, but ")
                .append(where)
                .append(" ")
                .append(String.join(" and ", facts))
                .append(": renaming a new column into its place moves " + "none of ")
                .append(facts.size() > 1 || !referencing.isEmpty() ? "them" : "it")
                .append(", so the swap has to.");
        if (!referencing.isEmpty()) {
            List<String> narrow = new ArrayList<>();
            List<String> done = new ArrayList<>();
            for (SchemaModel.ForeignKey fk : referencing) {
                for (String col : referencingColumns(schema, fk)) {
                    String shown = fk.table() + "." + col;
                    Optional<TypeRef> has = schema.column(fk.table(), col).map(Column::type);
                    if (has.isPresent() && sameType(has.get(), to)) {
                        done.add(shown);
                    } else if (!narrow.contains(shown)) {
                        narrow.add(shown
                                + has.map(t -> " (" + t.text().trim() + ")").orElse(""));
                    }
                }
            }
            if (!narrow.isEmpty()) {
                h.append(" The referencing columns must become ")
                        .append(type)
                        .append(" too: ")
                        .append(named(narrow))
                        .append(", each the same way (or in place, at the cost of rewriting its table)")
                        .append(
                                done.isEmpty()
                                        ? ""
                                        : "; "
                                                + (done.size() == 1
                                                        ? done.get(0) + " is "
                                                        : done.size() + " others are ")
                                                + type + " already")
                        .append(".");
            } else {
                h.append(
                                done.size() == 1
                                        ? " The referencing column " + done.get(0) + " is "
                                        : done.size() == 2
                                                ? " The referencing columns " + String.join(" and ", done) + " are "
                                                : " All " + done.size() + " referencing columns are ")
                        .append(type)
                        .append(" already.");
            }
        }
        String index = WrittenSql.ident(tn.name() + "_" + cNew + "_key");
        h.append(" Steps: `ALTER TABLE ")
                .append(tq)
                .append(" ADD COLUMN ")
                .append(WrittenSql.ident(cNew))
                .append(" ")
                .append(type)
                .append(";`, kept in sync by a trigger and backfilled in batches");
        if (key.isPresent()) {
            h.append(primary || column.notNull() ? ", made NOT NULL (" + notNullSteps(cNew) + ")" : "")
                    .append(", and `CREATE UNIQUE INDEX CONCURRENTLY ")
                    .append(index)
                    .append(" ON ")
                    .append(tq)
                    .append(" (")
                    .append(WrittenSql.ident(cNew))
                    .append(");`");
        }
        h.append("; then, in one short transaction, ");
        List<String> swap = new ArrayList<>();
        swap.add("drop the sync trigger (it names the new column)");
        if (!referencing.isEmpty()) {
            swap.set(
                    0,
                    swap.get(0)
                            + (referencing.size() == 1 ? ", the foreign key" : ", the foreign keys")
                            + (key.isPresent() ? " and " + keyName : ""));
        } else if (key.isPresent()) {
            swap.set(0, swap.get(0) + " and " + keyName);
        }
        swap.add("swap the names (`ALTER TABLE " + tq + " RENAME COLUMN " + WrittenSql.ident(c) + " TO "
                + WrittenSql.ident(c + "_old") + ";` `ALTER TABLE " + tq + " RENAME COLUMN " + WrittenSql.ident(cNew)
                + " TO " + WrittenSql.ident(c) + ";`)");
        if (column.notNull()) {
            swap.add("free the old column: " + oldColumnLetGo(tq, c));
        }
        if (key.isPresent()) {
            swap.add("`ALTER TABLE " + tq + " ADD CONSTRAINT " + WrittenSql.ident(keyName) + " "
                    + (primary ? "PRIMARY KEY" : "UNIQUE") + " USING INDEX " + index + ";`");
        }
        if (identity) {
            swap.add("move the identity (`ALTER TABLE " + tq + " ALTER COLUMN " + WrittenSql.ident(c + "_old")
                    + " DROP IDENTITY;` `ALTER TABLE " + tq + " ALTER COLUMN " + WrittenSql.ident(c)
                    + " ADD GENERATED BY DEFAULT AS IDENTITY (START WITH …);` past the highest value)");
        } else if (sequence.isPresent()) {
            String seq = WrittenSql.name(sequence.get());
            boolean toBigint = canonical(to.name()).equals("bigint") && serial;
            swap.add("hand the sequence over (`ALTER SEQUENCE " + seq + (toBigint ? " AS bigint" : "")
                    + " OWNED BY " + tq + "." + WrittenSql.ident(c) + ";` `ALTER TABLE " + tq + " ALTER COLUMN "
                    + WrittenSql.ident(c) + " SET DEFAULT nextval('"
                    // regclass text: a mixed-case name keeps its double quotes inside the literal
                    + seq.replace("'", "''")
                    + "');` `ALTER TABLE " + tq + " ALTER COLUMN " + WrittenSql.ident(c + "_old")
                    + " DROP DEFAULT;`"
                    + (toBigint ? "; serial made it AS integer, which would still stop at " + "2147483647" : "") + ")");
        }
        if (!referencing.isEmpty()) {
            SchemaModel.ForeignKey fk = referencing.get(0);
            List<String> referenced = fk.constraint().references().columns().isEmpty()
                    ? List.of(c)
                    : fk.constraint().references().columns();
            String rq = WrittenSql.name(fk.table());
            String fkName = WrittenSql.ident(fk.constraint().name());
            swap.add("re-add " + (referencing.size() == 1 ? "the foreign key" : "each foreign key") + " NOT VALID ("
                    + "`ALTER TABLE " + rq + " ADD CONSTRAINT " + fkName + " FOREIGN KEY ("
                    + WrittenSql.idents(fk.constraint().columns()) + ") REFERENCES " + tq + " ("
                    + WrittenSql.idents(referenced) + ") … NOT VALID;` with its ON DELETE/ON UPDATE actions as "
                    + "before" + (referencing.size() == 1 ? "" : ", and so on") + "), "
                    + "to validate after the commit (`ALTER TABLE " + rq + " VALIDATE CONSTRAINT " + fkName + ";`)");
        }
        h.append(join(swap)).append(".");
        if (!others.isEmpty()) {
            h.append(" ").append(othersSentence());
        }
        h.append(" The whole recipe: ").append(RECIPE).append(".");
        return h.toString();
    }

    /** How to say a column is never null without holding ACCESS EXCLUSIVE for a scan (PostgreSQL 12+). */
    static String notNullSteps(String column) {
        return "a CHECK (" + WrittenSql.ident(column) + " IS NOT NULL) NOT VALID, validated, then SET NOT NULL";
    }

    /**
     * The old column's DEFAULT stays with it: the new one needs it too. As SQL when the type changes without a USING
     * expression (the default then converts as the column's values do), in words otherwise.
     */
    String defaultStep(String tq, boolean plainCast) {
        if (column.defaultExpr() == null || column.defaultExpr().isNullLiteral() || sequence.isPresent()) {
            return "";
        }
        return plainCast
                ? " `ALTER TABLE " + tq + " ALTER COLUMN " + WrittenSql.ident(column.name() + "_new") + " SET DEFAULT "
                        + column.defaultExpr().text().trim() + ";` (the old column's default stays with it),"
                : " give it the old column's default ("
                        + column.defaultExpr().text().trim() + ") in the new type,";
    }

    /**
     * A NOT NULL old column refuses the rows written after the swap, which fill only the new one: it lets go of the
     * constraint in the swap's transaction.
     */
    static String oldColumnLetGo(String tq, String c) {
        return "`ALTER TABLE " + tq + " ALTER COLUMN " + WrittenSql.ident(c + "_old") + " DROP NOT NULL;` (rows "
                + "written after the swap fill only the new column)";
    }

    /** For any swapped column: the constraints and indexes that stay on the old one. */
    String othersSentence() {
        List<String> named = others.size() > NAMED ? others.subList(0, NAMED) : others;
        return "Its other " + (others.size() == 1 ? "constraint or index, " : "constraints and indexes, ")
                + String.join(", ", named) + (others.size() > NAMED ? " and " + (others.size() - NAMED) + " more" : "")
                + ", stay" + (others.size() == 1 ? "s" : "") + " on the old column too: build "
                + (others.size() == 1 ? "it" : "them") + " on the new one before the swap (indexes CONCURRENTLY, "
                + "foreign keys and checks NOT VALID, then VALIDATE).";
    }

    private static String named(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(NAMED, names.size())))
                + (names.size() > NAMED ? " and " + (names.size() - NAMED) + " more" : "");
    }

    private String foreignKeys() {
        List<String> out = new ArrayList<>();
        for (SchemaModel.ForeignKey fk : referencing.subList(0, Math.min(NAMED, referencing.size()))) {
            out.add(fk.constraint().name() + " on " + fk.table() + " ("
                    + String.join(", ", fk.constraint().columns()) + ")");
        }
        return String.join(", ", out)
                + (referencing.size() > NAMED ? " and " + (referencing.size() - NAMED) + " more" : "");
    }

    private static String join(List<String> steps) {
        if (steps.size() == 1) {
            return steps.get(0);
        }
        return String.join(", ", steps.subList(0, steps.size() - 1)) + " and " + steps.get(steps.size() - 1);
    }

    static boolean sameType(TypeRef a, TypeRef b) {
        return canonical(a.name()).equals(canonical(b.name()))
                && a.array() == b.array()
                && a.modifiers().equals(b.modifiers());
    }

    /** The type a serial column has, and the long names of the integer types. */
    static String canonical(String name) {
        return switch (name) {
            case "serial", "serial4", "int4", "int" -> "integer";
            case "bigserial", "serial8", "int8" -> "bigint";
            case "smallserial", "serial2", "int2" -> "smallint";
            default -> name;
        };
    }
}
