package io.miglint.model.schema;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the folder's ups drop or retype columns of a table, read once from all of them: CredHub's V20 renames
 * named_canary to encryption_key_canary and V20_2, the next up, drops columns of it, which a view left under the old
 * name would block. Tables are matched by the key the schema model uses.
 *
 * <p>Positions are an up's index in the folder's list of ups.
 */
public final class ReshapedTables {

    public static final ReshapedTables NONE = new ReshapedTables(Map.of());

    /** Per up index, per table key: the up's first statement that drops or retypes a column of it. */
    private final Map<Integer, Map<String, ParsedStatement>> byUp;

    private ReshapedTables(Map<Integer, Map<String, ParsedStatement>> byUp) {
        this.byUp = byUp;
    }

    public static ReshapedTables of(List<List<ParsedStatement>> ups) {
        Map<Integer, Map<String, ParsedStatement>> byUp = new HashMap<>();
        for (int i = 0; i < ups.size(); i++) {
            for (ParsedStatement s : ups.get(i)) {
                if (s.node() instanceof Statement.AlterTable at && reshapes(s, at.table())) {
                    byUp.computeIfAbsent(i, k -> new HashMap<>())
                            .putIfAbsent(at.table().key(), s);
                }
            }
        }
        return new ReshapedTables(byUp);
    }

    /** Whether {@code s} is an ALTER TABLE of {@code table} that drops or retypes a column of it. */
    public static boolean reshapes(ParsedStatement s, QualifiedName table) {
        return s.node() instanceof Statement.AlterTable at
                && at.table().sameAs(table)
                && at.actions().stream()
                        .anyMatch(a -> a instanceof AlterAction.DropColumn || a instanceof AlterAction.AlterColumnType);
    }

    /** The statement of up {@code up} that drops or retypes a column of {@code table}, if it has one. */
    public Optional<ParsedStatement> in(int up, QualifiedName table) {
        return Optional.ofNullable(byUp.getOrDefault(up, Map.of()).get(table.key()));
    }
}
