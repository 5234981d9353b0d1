package io.miglint.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.miglint.model.schema.TableStats;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The file {@code miglint table-stats} writes and {@code table-stats:} / {@code check --table-stats} read
 * (docs/table-stats.md):
 *
 * <pre>
 * {"tool": "miglint", "tableStatsVersion": 1, "taken": "2025-06-02T03:00:00Z", "database": "app",
 *  "serverVersion": "16.4", "statsReset": null,
 *  "tables": {"public.orders": {"rows": 2104331, "bytes": 734003200, "writes": 51234}, …}}
 * </pre>
 *
 * A table's key is its schema-qualified name, each part double-quoted where SQL needs it; {@code rows} and
 * {@code writes} are null when the server did not know them.
 */
public final class TableStatsFile {
    public static final int FORMAT_VERSION = 1;
    /** A database with a hundred thousand tables writes about 8 MB. */
    private static final long MAX_BYTES = 256L * 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TableStatsFile() {}

    public static void write(TableStats stats, Writer out) throws IOException {
        ObjectNode root = MAPPER.createObjectNode()
                .put("tool", "miglint")
                .put("tableStatsVersion", FORMAT_VERSION)
                .put("taken", stats.taken().toString())
                .put("database", stats.database())
                .put("serverVersion", stats.serverVersion())
                .put("statsReset", stats.statsReset().map(Instant::toString).orElse(null));
        ObjectNode tables = root.putObject("tables");
        for (TableStats.Measured m : stats.measured()) {
            ObjectNode t = tables.putObject(TableStats.key(m.name()));
            if (m.rows().isPresent()) {
                t.put("rows", m.rows().getAsLong());
            } else {
                t.putNull("rows");
            }
            t.put("bytes", m.bytes());
            if (m.writes().isPresent()) {
                t.put("writes", m.writes().getAsLong());
            } else {
                t.putNull("writes");
            }
        }
        io.miglint.report.JsonReporter.writePretty(root, out);
        out.flush();
    }

    /**
     * Reads a stats file, judging its tables by {@code threshold}.
     *
     * @param display the file as messages name it
     * @throws ConfigException one line naming the file and what is wrong with it
     */
    public static TableStats read(Path file, String display, TableStats.Threshold threshold) throws ConfigException {
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(display + ": no such table-stats file (write it with `miglint table-stats "
                        + "--database-url URL -o " + display + "`)");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(
                        display + ": a table-stats file larger than " + (MAX_BYTES >> 20) + " MB is not read");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(display + ": no such table-stats file");
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(display + ": cannot read the table-stats file ("
                    + e.getClass().getSimpleName() + ")");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // The parser's message quotes the file's text: only where it stopped is said.
            JsonLocation l = e.getLocation();
            throw new ConfigException(display + (l == null ? "" : ":" + l.getLineNr() + ":" + l.getColumnNr())
                    + ": not a table-stats file: not valid JSON");
        }
        String notOurs = display + ": not a table-stats file (write one with `miglint table-stats`)";
        if (root == null || !root.isObject() || !root.path("tableStatsVersion").isIntegralNumber()) {
            throw new ConfigException(notOurs);
        }
        int version = root.get("tableStatsVersion").asInt();
        if (version != FORMAT_VERSION) {
            throw new ConfigException(display + ": table-stats format " + version + " is not the one this miglint "
                    + "reads (" + FORMAT_VERSION + "); write the file again with this miglint's `table-stats`");
        }
        Instant taken;
        try {
            taken = Instant.parse(root.path("taken").asText(""));
        } catch (DateTimeParseException e) {
            throw new ConfigException(display + ": \"taken\" is not a time such as 2025-06-02T03:00:00Z");
        }
        Optional<Instant> reset;
        try {
            JsonNode r = root.path("statsReset");
            reset = r.isTextual() ? Optional.of(Instant.parse(r.asText())) : Optional.empty();
        } catch (DateTimeParseException e) {
            throw new ConfigException(display + ": \"statsReset\" is not a time such as 2025-06-02T03:00:00Z");
        }
        JsonNode tables = root.path("tables");
        if (!tables.isObject()) {
            throw new ConfigException(
                    display + ": \"tables\" must be an object of schema.table: {rows, bytes, " + "writes}");
        }
        List<TableStats.Measured> measured = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : tables.properties()) {
            String at = display + ": table " + e.getKey() + ": ";
            io.miglint.model.QualifiedName name;
            try {
                name = TableStats.parseKey(e.getKey());
            } catch (IllegalArgumentException x) {
                throw new ConfigException(display + ": " + x.getMessage());
            }
            JsonNode t = e.getValue();
            if (!t.isObject()) {
                throw new ConfigException(at + "must be an object {rows, bytes, writes}");
            }
            OptionalLong bytes = count(t, "bytes", at);
            if (bytes.isEmpty()) {
                throw new ConfigException(at + "\"bytes\" is missing");
            }
            measured.add(
                    new TableStats.Measured(name, count(t, "rows", at), bytes.getAsLong(), count(t, "writes", at)));
        }
        return TableStats.of(
                taken,
                root.path("database").asText(null),
                root.path("serverVersion").asText(null),
                reset,
                measured,
                threshold);
    }

    /** A non-negative whole number, or empty when null or absent. */
    private static OptionalLong count(JsonNode table, String field, String at) throws ConfigException {
        JsonNode v = table.get(field);
        if (v == null || v.isNull()) {
            return OptionalLong.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw new ConfigException(at + "\"" + field + "\" must be a whole number of at least 0");
        }
        return OptionalLong.of(v.asLong());
    }
}
