package io.miglint.model.schema;

import io.miglint.model.AlterAction;
import io.miglint.model.DataFlow;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tables a later up of the folder proves empty, read once from all of its ups. An up that adds a NOT NULL column
 * without a default to a table ({@code ALTER TABLE users ADD COLUMN mongo_id text NOT NULL UNIQUE}; not
 * {@code IF NOT EXISTS}, not generated, identity or serial) succeeds only on an empty table, and a migration of the
 * folder has been applied (or fails at that statement, which the rules about that ADD COLUMN report): so the table
 * is empty at that statement, and was at every earlier statement of the folder since the table was created (earlier
 * statements of the same up included), back to the last statement of the migrations that could have taken rows out
 * of it (DELETE, also in a WITH query, TRUNCATE, a statement the parser did not read that names it): a table cannot
 * have had rows then and none later without one of those. Names are followed through renames; a table dropped and
 * created again starts over. Only the folder's own statements are considered: rows the application deletes between
 * migrations are not.
 *
 * <p>Positions are an up's index in the folder's list of ups and a statement's index in that up. Rules ask through
 * {@code RuleContext.emptyUntilLaterUp(table, statement)}; only rules about the cost of a scan or a build use it.
 */
public final class EmptyTables {

    public static final EmptyTables NONE = new EmptyTables(Map.of());

    /** Per table key: proven-empty stretches [from, to) of positions. */
    private final Map<String, List<long[]>> empty;

    private EmptyTables(Map<String, List<long[]>> empty) {
        this.empty = empty;
    }

    /**
     * The up (its index in the list given to {@link #of}) that proves {@code table}, under the name it has at that
     * statement, empty at statement {@code statement} of up {@code up}, if any.
     */
    public Optional<Integer> provedBy(QualifiedName table, int up, int statement) {
        if (table == null || up < 0) {
            return Optional.empty();
        }
        long at = position(up, statement);
        for (long[] stretch : empty.getOrDefault(table.key(), List.of())) {
            if (at >= stretch[0] && at < stretch[1]) {
                return Optional.of((int) stretch[2]);
            }
        }
        return Optional.empty();
    }

    /** Reads the ups of a folder, in version order. */
    public static EmptyTables of(List<List<ParsedStatement>> ups) {
        Reader r = new Reader();
        for (int u = 0; u < ups.size(); u++) {
            for (ParsedStatement s : ups.get(u)) {
                r.read(u, s);
            }
        }
        Map<String, List<long[]>> out = new HashMap<>();
        r.out.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return new EmptyTables(Map.copyOf(out));
    }

    private static long position(int up, int statement) {
        return ((long) up << 32) | statement;
    }

    /** One table from its creation (or the folder's start) to its drop. */
    private static final class Table {
        /** The names it has had since rows could last have been taken out: key and the position it got it. */
        final List<String> names = new ArrayList<>();

        final List<Long> named = new ArrayList<>();

        Table(String key, long since) {
            restart(key, since);
        }

        void restart(String key, long since) {
            names.clear();
            named.clear();
            names.add(key);
            named.add(since);
        }

        String key() {
            return names.get(names.size() - 1);
        }
    }

    private static final class Reader {
        private final Map<String, Table> current = new HashMap<>();
        private final Map<String, List<long[]>> out = new HashMap<>();

        private Table table(QualifiedName name) {
            return current.computeIfAbsent(name.key(), k -> new Table(k, 0));
        }

        void read(int up, ParsedStatement s) {
            long after = position(up, s.index() + 1);
            Statement n = s.node();
            if (n instanceof Statement.CreateTable ct) {
                if (!ct.temporary()
                        && !(ct.ifNotExists() && current.containsKey(ct.table().key()))) {
                    current.put(ct.table().key(), new Table(ct.table().key(), after));
                }
            } else if (n instanceof Statement.AlterTable at) {
                Table t = table(at.table());
                for (AlterAction a : at.actions()) {
                    if (a instanceof AlterAction.AddColumn add
                            && !add.ifNotExists()
                            && add.column().failsOnAnyRow()) {
                        prove(t, up, s.index());
                    } else if (a instanceof AlterAction.RenameTable rt) {
                        t = rename(t, new QualifiedName(at.table().schema(), rt.to()), after);
                    } else if (a instanceof AlterAction.SetSchema ss) {
                        t = rename(t, new QualifiedName(ss.schema(), at.table().name()), after);
                    }
                }
            } else if (n instanceof Statement.Rename rn && rn.kind() == ObjectKind.TABLE) {
                rename(table(rn.from()), new QualifiedName(rn.from().schema(), rn.to()), after);
            } else if (n instanceof Statement.Drop d && d.kind() == ObjectKind.TABLE) {
                d.names().forEach(name -> current.remove(name.key()));
            } else if (!DataFlow.of(n).written(DataFlow.WriteKind.DELETE).isEmpty()) {
                // DELETE, or a data-modifying WITH query that deletes (WITH moved AS (DELETE FROM a …) INSERT …)
                DataFlow.of(n)
                        .written(DataFlow.WriteKind.DELETE)
                        .forEach(name -> table(name).restart(name.key(), after));
            } else if (n instanceof Statement.Truncate t) {
                t.tables().forEach(name -> table(name).restart(name.key(), after));
            } else if (n instanceof Statement.Unparsed) {
                for (Token tok : s.raw().body()) {
                    boolean name = tok.kind() == TokenKind.WORD || tok.kind() == TokenKind.QUOTED_IDENT;
                    Table t = name ? current.get(tok.identifier()) : null;
                    if (t != null) {
                        t.restart(t.key(), after); // may delete from it: a proof does not reach back past it
                    }
                }
            }
        }

        private Table rename(Table t, QualifiedName to, long at) {
            current.values().remove(t);
            t.names.add(to.key());
            t.named.add(at);
            current.put(to.key(), t);
            return t;
        }

        /**
         * Empty at statement {@code statement} of up {@code up}: so under each name it had since rows could last have
         * been taken out, up to and including that statement (its own scans and builds find no row either).
         */
        private void prove(Table t, int up, int statement) {
            long end = position(up, statement + 1);
            for (int i = 0; i < t.names.size(); i++) {
                long from = t.named.get(i);
                long to = i + 1 < t.names.size() ? Math.min(t.named.get(i + 1), end) : end;
                if (from < to) {
                    out.computeIfAbsent(t.names.get(i), k -> new ArrayList<>()).add(new long[] {from, to, up});
                }
            }
        }
    }
}
