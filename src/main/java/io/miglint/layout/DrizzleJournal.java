package io.miglint.layout;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Drizzle Kit's {@code meta/_journal.json}, read as drizzle-orm's {@code readMigrationFiles} (src/migrator.ts) reads
 * it: the {@code entries} array, in its order, each naming {@code {tag}.sql} beside the {@code meta} folder and the
 * {@code when} (milliseconds) that becomes the tracking row's {@code created_at}. Each entry keeps its position in the
 * journal for messages.
 */
public record DrizzleJournal(List<Entry> entries) {

    /**
     * @param when        the journal's {@code when}, stored as {@code created_at}; decides what is pending
     * @param tag         the file name without {@code .sql}
     * @param breakpoints the journal's flag; drizzle-orm splits at {@code --> statement-breakpoint} whatever it says
     */
    public record Entry(long when, String tag, boolean breakpoints, int line, int column) {}

    /** A journal drizzle-orm could not use, with where (1-based; 0 when unknown). */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final int column;

        Invalid(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static DrizzleJournal parse(String text) throws Invalid {
        List<Entry> entries = new ArrayList<>();
        boolean sawEntries = false;
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("is not a JSON object", p.currentTokenLocation());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!"entries".equals(field)) {
                    p.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw invalid("'entries' is not an array", p.currentTokenLocation());
                }
                sawEntries = true;
                entries.clear(); // JSON.parse keeps the last of repeated keys
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    JsonLocation at = p.currentTokenLocation();
                    JsonNode n = MAPPER.readTree(p);
                    entries.add(entry(n, at));
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new Invalid(
                    "is not valid JSON (" + e.getOriginalMessage() + ")",
                    at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr());
        } catch (IOException e) {
            throw new Invalid("cannot be read (" + e.getMessage() + ")", 0, 0);
        }
        if (!sawEntries) {
            throw new Invalid("has no 'entries' array, so drizzle-orm's migrate() fails on it", 1, 1);
        }
        return new DrizzleJournal(List.copyOf(entries));
    }

    private static Entry entry(JsonNode n, JsonLocation at) throws Invalid {
        int line = at.getLineNr();
        int column = at.getColumnNr();
        if (n == null || !n.isObject()) {
            throw new Invalid("has an entry that is not an object", line, column);
        }
        JsonNode tag = n.get("tag");
        JsonNode when = n.get("when");
        if (tag == null || !tag.isTextual()) {
            throw new Invalid("has an entry without a 'tag' string, which names no migration file", line, column);
        }
        if (when == null || !when.isIntegralNumber() || !when.canConvertToLong()) {
            throw new Invalid(
                    "entry '" + tag.asText() + "' has no whole-number 'when', which drizzle-orm stores as the "
                            + "migration's created_at",
                    line,
                    column);
        }
        JsonNode bps = n.get("breakpoints");
        return new Entry(when.asLong(), tag.asText(), bps != null && bps.asBoolean(), line, column);
    }

    private static Invalid invalid(String message, JsonLocation at) {
        return new Invalid(message, at.getLineNr(), at.getColumnNr());
    }
}
