package io.miglint.model.schema;

import io.miglint.model.DataFlow;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the folder shows a table's rows to live in another table as well, read once from all of its ups: an up
 * that created a table filled it from this one ({@code CREATE TABLE object_keys …; INSERT INTO object_keys … SELECT …
 * FROM thumbnail_object_keys}, {@code CREATE TABLE x AS SELECT … FROM t}: a move, not rows added to a table that was
 * there already, such as a log), or the table itself was made as a copy of another ({@code CREATE TABLE
 * job_versions_io_mapping_inputs AS SELECT * FROM job_versions_io_mapping}, or created and filled by {@code INSERT …
 * SELECT} in the same up). Tables are matched by their name without schema, as a {@code FROM} clause writes them.
 *
 * <p>Positions are an up's index in the folder's list of ups. Rules ask through {@code RuleContext.copiedElsewhere};
 * only rules about losing a table's rows use it (dropping a table whose rows a release before moved elsewhere is the
 * contract step of a move), never rules about locks.
 */
public final class CopiedTables {

    public static final CopiedTables NONE = new CopiedTables(Map.of(), Map.of());

    /** A copy the folder shows: the other table, and the up (its index) that made it. */
    public record Copy(String otherTable, int up) {}

    /** Per bare table name: copies of its rows into other tables. */
    private final Map<String, List<Copy>> copiedOut;
    /** Per bare table name: the tables it was made as a copy of, by the up that created it. */
    private final Map<String, List<Copy>> madeFrom;

    private CopiedTables(Map<String, List<Copy>> copiedOut, Map<String, List<Copy>> madeFrom) {
        this.copiedOut = copiedOut;
        this.madeFrom = madeFrom;
    }

    /** Copies of {@code table}'s rows into another table made by ups before up {@code before}. */
    public List<Copy> copiedOutBefore(QualifiedName table, int before) {
        return table == null
                ? List.of()
                : copiedOut.getOrDefault(bare(table.name()), List.of()).stream()
                        .filter(c -> c.up() < before)
                        .toList();
    }

    /** The tables {@code table} was made as a copy of (by an up before {@code before}), if it was made so. */
    public List<Copy> madeFromBefore(QualifiedName table, int before) {
        return table == null
                ? List.of()
                : madeFrom.getOrDefault(bare(table.name()), List.of()).stream()
                        .filter(c -> c.up() < before)
                        .toList();
    }

    /** Reads the ups of a folder, in version order. */
    public static CopiedTables of(List<List<ParsedStatement>> ups) {
        Map<String, List<Copy>> out = new HashMap<>();
        Map<String, List<Copy>> made = new HashMap<>();
        for (int up = 0; up < ups.size(); up++) {
            Set<String> createdHere = new LinkedHashSet<>();
            for (ParsedStatement s : ups.get(up)) {
                if (!s.isSql() || s.isNested()) {
                    continue;
                }
                QualifiedName into;
                if (s.node() instanceof Statement.CreateTable ct) {
                    into = ct.table();
                    createdHere.add(bare(into.name()));
                    if (!ct.asQuery()) {
                        continue;
                    }
                } else if (s.node() instanceof Statement.Insert i && i.values().isEmpty() && i.table() != null) {
                    into = i.table();
                } else {
                    continue;
                }
                String target = bare(into.name());
                if (!createdHere.contains(target)) {
                    continue; // rows added to a table that was there already: a log or a merge, not a move
                }
                for (String source : readBy(s.node())) {
                    if (source.equals(target)) {
                        continue;
                    }
                    out.computeIfAbsent(source, k -> new ArrayList<>()).add(new Copy(target, up));
                    made.computeIfAbsent(target, k -> new ArrayList<>()).add(new Copy(source, up));
                }
            }
        }
        return new CopiedTables(out, made);
    }

    /**
     * The tables whose rows the statement's query goes through, by bare name ({@link DataFlow#sources}): a table a
     * subquery of its WHERE only looks up ({@code WHERE NOT EXISTS (SELECT 1 FROM t …)}) has not moved anywhere.
     */
    private static Set<String> readBy(Statement node) {
        Set<String> names = new LinkedHashSet<>();
        for (QualifiedName t : DataFlow.of(node).sources()) {
            names.add(bare(t.name()));
        }
        return names;
    }

    private static String bare(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
