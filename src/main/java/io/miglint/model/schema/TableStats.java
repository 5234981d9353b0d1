package io.miglint.model.schema;

import io.miglint.model.QualifiedName;
import io.miglint.sql.Lexer;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The sizes of a production database's tables, as {@code miglint table-stats} measured them (docs/table-stats.md):
 * what no migration says, and what decides whether a scan, an index build or a rewrite takes a moment or an hour.
 * Unlike {@link LookupTables}, which guesses from the folder, this is a measurement of one day: a table it does not
 * list (created after the snapshot, or by migrations still pending) is unknown, never small.
 *
 * <p>Names are looked up as the schema model keys them ({@link QualifiedName#key()}): an unqualified name is the
 * table in {@code public}, the first schema of the default search_path.
 *
 * @param taken         when the snapshot was taken (the server's clock)
 * @param database      the database it was taken from
 * @param serverVersion the server's {@code server_version}
 * @param statsReset    when the server's activity counters (the writes) were last reset, if known
 */
public record TableStats(
        Instant taken,
        String database,
        String serverVersion,
        Optional<Instant> statsReset,
        Map<String, Table> tables,
        Threshold threshold) {

    /** No snapshot: every table unknown. */
    public static final TableStats NONE =
            new TableStats(null, null, null, Optional.empty(), Map.of(), Threshold.DEFAULT);

    public TableStats {
        tables = Map.copyOf(tables);
    }

    /**
     * One table's size. For a partitioned table, the sum over its partitions (the partitioned table itself holds no
     * rows; an index built on it is built on every partition).
     *
     * @param rows   the estimated row count: the larger of the planner's estimate ({@code pg_class.reltuples}) and
     *               the activity counters' live rows ({@code n_live_tup}); empty when neither is known (never
     *               analyzed or vacuumed, counters reset)
     * @param bytes  the table's size on disk with its indexes and TOAST ({@code pg_total_relation_size}), exact
     * @param writes rows inserted, updated and deleted since the counters were last reset, if known
     * @param small  below the run's {@link Threshold}: a scan, an index build or a rewrite of it is instant
     */
    public record Table(QualifiedName name, OptionalLong rows, long bytes, OptionalLong writes, boolean small) {}

    /**
     * When a measured table counts as small: fewer estimated rows than {@code rows} and fewer bytes (with its indexes
     * and TOAST) than {@code bytes}. The row count is what an index build or a rewrite costs per row; the bytes are
     * exact where the row count is an estimate (stale on a table never analyzed since it grew), and catch wide rows
     * (large JSON or text values) that make a few thousand rows a long rewrite.
     */
    public record Threshold(long rows, long bytes) {
        public static final long DEFAULT_ROWS = 10_000;
        public static final long DEFAULT_BYTES = 32L * 1024 * 1024;
        public static final Threshold DEFAULT = new Threshold(DEFAULT_ROWS, DEFAULT_BYTES);

        boolean below(OptionalLong estimatedRows, long size) {
            return estimatedRows.isPresent() && estimatedRows.getAsLong() < rows && size < bytes;
        }

        /**
         * A size as PostgreSQL writes one in its settings: a whole number of bytes, or with a unit {@code B},
         * {@code kB}, {@code MB}, {@code GB}, {@code TB} (powers of 1024; the case of the unit is not checked).
         *
         * @throws IllegalArgumentException saying what is wrong
         */
        public static long parseBytes(String text) {
            String t = text == null ? "" : text.strip();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,15})\\s*([a-zA-Z]*)")
                    .matcher(t);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 32MB, 500kB, 1GB)");
            }
            long n = Long.parseLong(m.group(1));
            long unit = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
                case "", "b" -> 1;
                case "kb" -> 1L << 10;
                case "mb" -> 1L << 20;
                case "gb" -> 1L << 30;
                case "tb" -> 1L << 40;
                default ->
                    throw new IllegalArgumentException(
                            "'" + text + "' has an unknown unit '" + m.group(2) + "' (B, kB, MB, GB or TB)");
            };
            if (n > Long.MAX_VALUE / unit) {
                throw new IllegalArgumentException("'" + text + "' is too large");
            }
            return n * unit;
        }
    }

    /** A table's measurements before a threshold judges them. */
    public record Measured(QualifiedName name, OptionalLong rows, long bytes, OptionalLong writes) {}

    /** A snapshot of these measurements, each table judged by {@code threshold}. */
    public static TableStats of(
            Instant taken,
            String database,
            String serverVersion,
            Optional<Instant> statsReset,
            Collection<Measured> measured,
            Threshold threshold) {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (Measured m : measured) {
            tables.put(
                    m.name().key(),
                    new Table(m.name(), m.rows(), m.bytes(), m.writes(), threshold.below(m.rows(), m.bytes())));
        }
        return new TableStats(taken, database, serverVersion, statsReset, tables, threshold);
    }

    /** The same measurements judged by another threshold. */
    public TableStats withThreshold(Threshold other) {
        return of(taken, database, serverVersion, statsReset, measured(), other);
    }

    /** The measurements, in the snapshot's order. */
    public List<Measured> measured() {
        List<Measured> out = new ArrayList<>();
        tables.values().forEach(t -> out.add(new Measured(t.name(), t.rows(), t.bytes(), t.writes())));
        out.sort(java.util.Comparator.comparing(m -> key(m.name())));
        return out;
    }

    /** The table under this name, as the stats measured it; empty when they do not list it. */
    public Optional<Table> table(QualifiedName name) {
        return name == null ? Optional.empty() : Optional.ofNullable(tables.get(name.key()));
    }

    /**
     * The name as the stats file writes it: {@code schema.table}, a part that is not a plain lower-case word in
     * double quotes, as SQL writes it.
     */
    public static String key(QualifiedName name) {
        return quote(name.schema() == null ? "public" : name.schema()) + "." + quote(name.name());
    }

    private static String quote(String identifier) {
        return identifier.matches("[a-z_][a-z0-9_$]*") ? identifier : '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * Reads a name as the stats file writes it ({@code public.orders}, {@code "Sales"."Order Items"}); a name
     * without a schema is the table in {@code public}.
     *
     * @throws IllegalArgumentException when the text is not one or two identifiers joined by a dot
     */
    public static QualifiedName parseKey(String text) {
        List<Token> t = Lexer.lex(text).stream().filter(x -> !x.isComment()).toList();
        boolean one = t.size() == 1 && identifier(t.get(0));
        boolean two = t.size() == 3 && identifier(t.get(0)) && t.get(1).isPunct('.') && identifier(t.get(2));
        if (!one && !two) {
            throw new IllegalArgumentException("'" + text + "' is not a table name (schema.table)");
        }
        return one
                ? new QualifiedName("public", t.get(0).identifier())
                : new QualifiedName(t.get(0).identifier(), t.get(2).identifier());
    }

    private static boolean identifier(Token t) {
        return (t.kind() == TokenKind.WORD || t.kind() == TokenKind.QUOTED_IDENT)
                && !t.value().isEmpty();
    }
}
