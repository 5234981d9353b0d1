package io.miglint.rules.schema;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Whether a statement after {@code index} in the same script gives the table an index led by given columns. */
final class IndexedLater {
    private IndexedLater() {}

    static boolean covers(List<ParsedStatement> statements, int index, QualifiedName table, List<String> columns) {
        for (ParsedStatement later : statements.subList(Math.min(index + 1, statements.size()), statements.size())) {
            Statement n = later.node();
            if (n instanceof Statement.CreateIndex ci
                    && ci.table().sameAs(table)
                    && (ci.where() == null || onlyExcludesNulls(ci.where().normalized(), columns))
                    && ForeignKeyWithoutIndex.startsWith(plainColumns(ci.columns()), columns)) {
                return true;
            }
            if (n instanceof Statement.AlterTable at && at.table().sameAs(table)) {
                for (AlterAction a : at.actions()) {
                    if (a instanceof AlterAction.AddConstraint add
                            && (add.constraint().kind() == TableConstraint.Kind.PRIMARY_KEY
                                    || add.constraint().kind() == TableConstraint.Kind.UNIQUE)
                            && ForeignKeyWithoutIndex.startsWith(
                                    add.constraint().columns(), columns)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A partial index {@code WHERE fk IS NOT NULL} still serves the FK check: its lookup is {@code fk = $1}, which
     * implies the predicate, so the planner can use it
     * (https://www.postgresql.org/docs/current/indexes-partial.html).
     */
    private static boolean onlyExcludesNulls(String predicate, List<String> columns) {
        for (String part : predicate.replaceAll("[()]", " ").trim().split("\\s+and\\s+")) {
            String column = part.replaceFirst("\\s+is\\s+not\\s+null$", "")
                    .replace("\"", "")
                    .trim();
            if (part.equals(column) || !columns.contains(column)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Index elements as column names: {@code customer_id DESC} or {@code customer_id text_pattern_ops} still lead
     * with customer_id; an expression ends the usable prefix.
     */
    static List<String> plainColumns(List<String> elements) {
        List<String> out = new ArrayList<>();
        for (String e : elements) {
            String first = e.trim().split("\\s+")[0];
            if (e.contains("(") || !first.matches("\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*")) {
                break;
            }
            // a bare element is the parser's identifier already (a quoted "isQueued" keeps its case); only one
            // written with more (DESC, an operator class) is raw text, where an unquoted name folds to lower case
            out.add(
                    first.startsWith("\"")
                            ? first.substring(1, first.length() - 1)
                            : e.trim().equals(first) ? first : first.toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
