package io.miglint.model.schema;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.DataFlow;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.model.TypeRef;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tables a migrations folder itself shows to be small lookup tables, read once from all of its ups. A migration
 * never says how many rows a table holds, but the folder as a whole often does, in one of four ways (the first that
 * applies is the table's {@link Evidence}):
 * <ul>
 *   <li>{@link Evidence#DOCUMENTED}: {@code COMMENT ON TABLE t IS '… lookup table …'} (or "reference table"), in any
 *       migration of the folder;</li>
 *   <li>{@link Evidence#SINGLE_ROW}: it is built to hold one row, by a unique index on a constant
 *       ({@code CREATE UNIQUE INDEX … ON t ((true))}) or a CHECK that pins its key to one value;</li>
 *   <li>{@link Evidence#SEEDED}: the folder created it without any date or time column, and every row the migrations
 *       put in it comes from a literal {@code INSERT … VALUES} or an {@code INSERT … SELECT} of constants that goes
 *       through no table (seed data, at least two rows) — none from an INSERT … SELECT that reads a table, COPY,
 *       CREATE TABLE … AS, a data-modifying WITH query or an insert repeated in a loop;</li>
 *   <li>{@link Evidence#TYPE_HIERARCHY}: the folder created it without any date or time column and it references
 *       itself (a {@code parent} key: a tree of types), again never bulk-filled.</li>
 * </ul>
 * The last two also need every other table they reference to be a lookup table: rows that point at a user or an
 * order belong to it and grow with it.
 * A date or time column ({@code created_at}, {@code published}) marks rows the application records as things happen
 * (users, comments, jobs, runs: seeded with an admin row or a tree of replies, yet large), so it rules the last two
 * out; names alone ({@code *_type}) are never taken as evidence. Tables keep their evidence through renames. Whether
 * the folder ever deletes rows of the table (DELETE, TRUNCATE) is recorded too: a parent whose rows are never deleted
 * never makes PostgreSQL look for referencing rows.
 *
 * <p>Rules ask through {@code RuleContext.lookupTable(table)}; an empty answer means "nothing known", never "large".
 */
public final class LookupTables {

    /** How the folder shows that a table is a small lookup table. */
    public enum Evidence {
        DOCUMENTED("its COMMENT ON TABLE calls it a lookup or reference table"),
        SINGLE_ROW("it is built to hold a single row"),
        SEEDED("its rows are seed data the migrations insert as literal values, and it has no date or time column"),
        TYPE_HIERARCHY("it is a type hierarchy (it references itself) with no date or time column, never bulk-filled");

        private final String reason;

        Evidence(String reason) {
            this.reason = reason;
        }

        /** Why the table counts as a lookup table, to quote in a message ("…: <reason>"). */
        public String reason() {
            return reason;
        }
    }

    /**
     * A lookup table known from the folder.
     *
     * @param rowsDeleted an up of the folder deletes or truncates rows of it
     */
    public record Lookup(QualifiedName table, Evidence evidence, boolean rowsDeleted) {
        /** E.g. "label_type is a lookup table (it is a type hierarchy …)". */
        public String describe() {
            return table.name() + " is a lookup table (" + evidence.reason() + ")";
        }
    }

    public static final LookupTables NONE = new LookupTables(Map.of());

    private static final Pattern DOCUMENTED_AS =
            Pattern.compile("\\b(look-?up|reference)\\s+table\\b", Pattern.CASE_INSENSITIVE);

    /** One seeded row is the pattern of an admin user or a default project, not of a list of values. */
    private static final int MIN_SEED_ROWS = 2;

    private static final Set<String> TIME_TYPES = Set.of("timestamp", "timestamptz", "date", "time", "timetz");

    private final Map<String, Lookup> lookups;

    private LookupTables(Map<String, Lookup> lookups) {
        this.lookups = lookups;
    }

    /** The lookup table known under this name (its name at any point of the folder's history), if any. */
    public Optional<Lookup> lookup(QualifiedName table) {
        return table == null ? Optional.empty() : Optional.ofNullable(lookups.get(table.key()));
    }

    /** Reads the ups of a folder, in version order. */
    public static LookupTables of(List<List<ParsedStatement>> ups) {
        Reader r = new Reader();
        for (List<ParsedStatement> script : ups) {
            for (ParsedStatement s : script) {
                r.read(s);
            }
        }
        return new LookupTables(r.result());
    }

    /** What the folder says about one table, followed through renames. */
    private static final class Facts {
        QualifiedName name;
        boolean created;
        boolean timeColumn;
        boolean selfReference;
        boolean documented;
        /** Columns that are a PRIMARY KEY or UNIQUE on their own, and columns a CHECK pins to one value. */
        final Set<String> keys = new java.util.HashSet<>();

        final Set<String> pinned = new java.util.HashSet<>();
        boolean uniqueConstant;
        int seedRows;
        boolean bulkFilled;
        boolean rowsDeleted;
        /** Other tables it has a foreign key to. */
        final Set<Facts> references = new java.util.HashSet<>();

        Facts(QualifiedName name) {
            this.name = name;
        }

        /** The evidence of this table taken alone; SEEDED and TYPE_HIERARCHY still need their references checked. */
        Evidence ownEvidence() {
            if (documented) {
                return Evidence.DOCUMENTED;
            }
            if (uniqueConstant || pinned.stream().anyMatch(keys::contains)) {
                return Evidence.SINGLE_ROW;
            }
            boolean catalogue = created && !timeColumn && !bulkFilled;
            if (catalogue && seedRows >= MIN_SEED_ROWS) {
                return Evidence.SEEDED;
            }
            if (catalogue && selfReference) {
                return Evidence.TYPE_HIERARCHY;
            }
            return null;
        }
    }

    private static final class Reader {
        /** Current name → the table that has it now. */
        private final Map<String, Facts> current = new HashMap<>();
        /** Every name a table ever had → that table (the last table to hold a reused name wins). */
        private final Map<String, Facts> everNamed = new HashMap<>();

        /**
         * A seeded table or type hierarchy that points at a table which is no lookup table (an OAuth application
         * seeded with one test row, owned by a user) holds rows that belong to that table's rows, and grows with them:
         * such candidates are dropped until every remaining one points only at lookup tables.
         */
        Map<String, Lookup> result() {
            Map<Facts, Evidence> evidence = new java.util.IdentityHashMap<>();
            for (Facts f : everNamed.values()) {
                Evidence e = f.ownEvidence();
                if (e != null) {
                    evidence.put(f, e);
                }
            }
            boolean changed = true;
            while (changed) {
                changed = evidence.entrySet()
                        .removeIf(e -> (e.getValue() == Evidence.SEEDED || e.getValue() == Evidence.TYPE_HIERARCHY)
                                && !evidence.keySet().containsAll(e.getKey().references));
            }
            Map<String, Lookup> out = new HashMap<>();
            everNamed.forEach((key, f) -> {
                Evidence e = evidence.get(f);
                if (e != null) {
                    out.put(key, new Lookup(f.name, e, f.rowsDeleted));
                }
            });
            return Map.copyOf(out);
        }

        private Facts facts(QualifiedName name) {
            return current.computeIfAbsent(name.key(), k -> {
                Facts f = new Facts(name);
                everNamed.put(k, f);
                return f;
            });
        }

        void read(ParsedStatement s) {
            Statement n = s.node();
            boolean repeated =
                    s.nesting().map(ParsedStatement.Nesting::conditional).orElse(false);
            if (n instanceof Statement.CreateTable ct) {
                createTable(ct);
            } else if (n instanceof Statement.AlterTable at) {
                alterTable(at);
            } else if (n instanceof Statement.Rename rn && rn.kind() == ObjectKind.TABLE) {
                rename(rn.from(), new QualifiedName(rn.from().schema(), rn.to()));
            } else if (n instanceof Statement.Drop d && d.kind() == ObjectKind.TABLE) {
                d.names().forEach(name -> current.remove(name.key()));
            } else if (n instanceof Statement.CreateIndex ci
                    && ci.unique()
                    && ci.where() == null
                    && !ci.columns().isEmpty()
                    && ci.columns().stream().allMatch(Reader::constant)) {
                facts(ci.table()).uniqueConstant = true;
            } else if (n instanceof Statement.Insert ins && ins.table() != null) {
                Facts f = facts(ins.table());
                if (!ins.values().isEmpty() && !repeated) {
                    f.seedRows += ins.values().size();
                } else if (ins.values().isEmpty() && !repeated && constantRow(ins.flow())) {
                    f.seedRows++;
                } else {
                    f.bulkFilled = true;
                }
                otherWrites(ins.flow(), ins.table());
            } else if (n instanceof Statement.Copy c && c.from() && c.table() != null) {
                facts(c.table()).bulkFilled = true;
            } else if (n instanceof Statement.Delete d && d.table() != null) {
                facts(d.table()).rowsDeleted = true;
                otherWrites(d.flow(), d.table());
            } else if (n instanceof Statement.Update u && u.table() != null) {
                otherWrites(u.flow(), u.table());
            } else if (n instanceof Statement.Select sel) {
                otherWrites(sel.flow(), null);
            } else if (n instanceof Statement.Truncate t) {
                t.tables().forEach(name -> facts(name).rowsDeleted = true);
            } else if (n instanceof Statement.Comment c && c.kind() == ObjectKind.TABLE) {
                comment(s);
            }
        }

        private void createTable(Statement.CreateTable ct) {
            if (ct.temporary() || ct.partitionOf() != null) {
                return;
            }
            if (ct.ifNotExists() && current.containsKey(ct.table().key())) {
                return;
            }
            Facts f = new Facts(ct.table());
            current.put(ct.table().key(), f);
            everNamed.put(ct.table().key(), f);
            f.created = true;
            f.bulkFilled = ct.asQuery();
            for (ColumnDef c : ct.columns()) {
                column(f, c);
            }
            for (TableConstraint c : ct.constraints()) {
                constraint(f, c);
            }
        }

        private void alterTable(Statement.AlterTable at) {
            Facts f = facts(at.table());
            for (AlterAction a : at.actions()) {
                if (a instanceof AlterAction.AddColumn add) {
                    column(f, add.column());
                } else if (a instanceof AlterAction.AlterColumnType t && isTime(t.type())) {
                    f.timeColumn = true;
                } else if (a instanceof AlterAction.AddConstraint add) {
                    constraint(f, add.constraint());
                } else if (a instanceof AlterAction.RenameTable rt) {
                    f = rename(f.name, new QualifiedName(f.name.schema(), rt.to()));
                } else if (a instanceof AlterAction.SetSchema ss) {
                    f = rename(f.name, new QualifiedName(ss.schema(), f.name.name()));
                }
            }
        }

        private Facts rename(QualifiedName from, QualifiedName to) {
            Facts f = current.remove(from.key());
            if (f == null) {
                f = new Facts(from);
                everNamed.putIfAbsent(from.key(), f);
            }
            f.name = to;
            current.put(to.key(), f);
            everNamed.put(to.key(), f);
            return f;
        }

        private void column(Facts f, ColumnDef c) {
            if (isTime(c.type())) {
                f.timeColumn = true;
            }
            if (c.references() != null) {
                reference(f, c.references().table());
            }
            if (c.primaryKey() || c.unique()) {
                f.keys.add(c.name());
            }
            if (c.check() != null) {
                pinnedColumn(c.check().normalized()).ifPresent(f.pinned::add);
            }
        }

        private void reference(Facts f, QualifiedName target) {
            if (target.sameAs(f.name)) {
                f.selfReference = true;
            } else {
                f.references.add(facts(target));
            }
        }

        private void constraint(Facts f, TableConstraint c) {
            if (c.kind() == TableConstraint.Kind.FOREIGN_KEY && c.references() != null) {
                reference(f, c.references().table());
            }
            if ((c.kind() == TableConstraint.Kind.PRIMARY_KEY || c.kind() == TableConstraint.Kind.UNIQUE)
                    && c.columns().size() == 1) {
                f.keys.add(c.columns().get(0));
            }
            if (c.kind() == TableConstraint.Kind.CHECK && c.check() != null) {
                pinnedColumn(c.check().normalized()).ifPresent(f.pinned::add);
            }
        }

        /** {@code CHECK (id = 1)}: the column that can hold one value only (a key so pinned allows one row). */
        private static Optional<String> pinnedColumn(String check) {
            java.util.regex.Matcher m =
                    Pattern.compile("([a-z_][a-z0-9_]*)=(\\d+|true|'[^']*')").matcher(check.replaceAll("[()\\s]", ""));
            return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
        }

        private static boolean isTime(TypeRef type) {
            return type != null && !type.array() && TIME_TYPES.contains(type.name());
        }

        /** An index element that is a constant ({@code (true)}, {@code (1)}): every row has the same key. */
        private static boolean constant(String element) {
            String e = element.replaceAll("[()\\s]", "").toLowerCase(Locale.ROOT);
            return e.equals("true") || e.equals("false") || e.matches("\\d+") || e.matches("'[^']*'");
        }

        /**
         * {@code INSERT … DEFAULT VALUES} or {@code INSERT … SELECT} of constants ({@code SELECT 'x', 1 WHERE NOT
         * EXISTS (…)}): a query that goes through no table and calls no function (which could return a set) adds
         * one row. A guessed flow may have missed a table: such an insert counts as a bulk fill.
         */
        private static boolean constantRow(DataFlow flow) {
            return !flow.guessed()
                    && flow.sources().isEmpty()
                    && flow.functions().isEmpty();
        }

        /**
         * Tables the statement's data-modifying WITH queries write besides {@code target}: rows inserted there are
         * a bulk fill ({@code WITH moved AS (DELETE FROM a … RETURNING *) INSERT INTO b SELECT * FROM moved}), rows
         * deleted there are deleted.
         */
        private void otherWrites(DataFlow flow, QualifiedName target) {
            for (DataFlow.Write w : flow.writes()) {
                if (target != null && w.table().sameAs(target)) {
                    continue;
                }
                if (w.kind() == DataFlow.WriteKind.INSERT || w.kind() == DataFlow.WriteKind.CREATE) {
                    facts(w.table()).bulkFilled = true;
                } else if (w.kind() == DataFlow.WriteKind.DELETE) {
                    facts(w.table()).rowsDeleted = true;
                }
            }
        }

        /** COMMENT ON TABLE name IS 'text': the table and the text, read from the tokens. */
        private void comment(ParsedStatement s) {
            List<Token> t = s.raw().body();
            int i = 0;
            while (i < t.size() && !t.get(i).is("table")) {
                i++;
            }
            String schema = null;
            String name = null;
            for (i++; i < t.size() && !t.get(i).is("is"); i++) {
                Token tok = t.get(i);
                if (tok.kind() == TokenKind.WORD || tok.kind() == TokenKind.QUOTED_IDENT) {
                    schema = name;
                    name = tok.identifier();
                }
            }
            StringBuilder text = new StringBuilder();
            for (i++; i < t.size(); i++) {
                if (t.get(i).kind() == TokenKind.STRING) {
                    text.append(t.get(i).value());
                }
            }
            if (name != null && DOCUMENTED_AS.matcher(text).find()) {
                facts(new QualifiedName(schema, name)).documented = true;
            }
        }
    }
}
