package io.miglint.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.miglint.model.schema.TableStats;
import io.miglint.rule.Deploy;
import io.miglint.rule.RuleOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code .miglint.yaml}: found by walking up from the migrations folder (or given with --config). Every key is
 * known; an unknown key or rule id is a configuration error rather than a silently ignored setting.
 *
 * <pre>
 * layout: dbmate                 # golang-migrate | dbmate | sqlx | diesel | flyway | numbered | rollback-suffix
 * pg-version: 15                 # target PostgreSQL major version, 10..18
 * fail-on: error                 # error | warning | info | never
 * deploy: online                 # online | offline (migrations run while the application is stopped)
 * live-since: 2022-04-12         # a date or version: the migrations before it ran before the database was in use
 * exclude: ["legacy/**"]         # globs relative to the config file's folder
 * rules:                         # id: off | on | error | warning | info
 *   require-concurrent-index: error
 * naming: {learn: true, max-words: 5, min-words: 2, verbs: [...], extra-verbs: [...], vague-words: [...]}
 * lock-timeout: provided-by-runner
 * verify: {extensions: [pgcrypto, postgis], statement-timeout: 5m, timeout: 1h, downs-since: 20240101000000}
 * table-stats: .miglint/table-stats.json   # production table sizes (miglint table-stats), relative to this file
 * small-table-rows: 10000        # below this many rows (and small-table-bytes), the stats make a table small
 * small-table-bytes: 32MB
 * options:                       # per-rule options
 *   index-name-convention: {template: "idx_{table}_{columns}"}
 * </pre>
 */
public final class MiglintConfig {
    public static final String FILE_NAME = ".miglint.yaml";
    private static final List<String> FILE_NAMES = List.of(".miglint.yaml", ".miglint.yml");

    /** The typed shape; Jackson rejects anything else with the key's position. */
    static final class Shape {
        public String layout;

        @com.fasterxml.jackson.annotation.JsonProperty("pg-version")
        public Integer pgVersion;

        @com.fasterxml.jackson.annotation.JsonProperty("fail-on")
        public String failOn;

        public String deploy;

        @com.fasterxml.jackson.annotation.JsonProperty("live-since")
        public String liveSince;

        public List<String> exclude;
        public Map<String, String> rules;
        public Naming naming;

        @com.fasterxml.jackson.annotation.JsonProperty("lock-timeout")
        public String lockTimeout;

        @com.fasterxml.jackson.annotation.JsonProperty("statement-timeout")
        public String statementTimeout;

        public Map<String, Map<String, Object>> options;

        @com.fasterxml.jackson.annotation.JsonProperty("migrations-table")
        public String migrationsTable;

        public VerifySettings verify;

        @com.fasterxml.jackson.annotation.JsonProperty("table-stats")
        public String tableStats;

        @com.fasterxml.jackson.annotation.JsonProperty("small-table-rows")
        public Long smallTableRows;

        @com.fasterxml.jackson.annotation.JsonProperty("small-table-bytes")
        public String smallTableBytes;
    }

    /** {@code verify:} settings of the verifier's sandbox. */
    static final class VerifySettings {
        /** Superuser-only extensions verify may install before a folder runs (replaces the default list). */
        public List<String> extensions;

        @com.fasterxml.jackson.annotation.JsonProperty("statement-timeout")
        public String statementTimeout;

        public String timeout;
        /** The first migration version whose down is verified; older ones are applied up only. */
        @com.fasterxml.jackson.annotation.JsonProperty("downs-since")
        public String downsSince;
    }

    static final class Naming {
        @com.fasterxml.jackson.annotation.JsonProperty("max-words")
        public Integer maxWords;

        @com.fasterxml.jackson.annotation.JsonProperty("min-words")
        public Integer minWords;

        public List<String> verbs;

        @com.fasterxml.jackson.annotation.JsonProperty("extra-verbs")
        public List<String> extraVerbs;

        @com.fasterxml.jackson.annotation.JsonProperty("vague-words")
        public List<String> vagueWords;
        /** false: judge every name by the default conventions instead of the folder's own. */
        public Boolean learn;
    }

    /** Built on first use: a run without a configuration file (a pre-commit hook's) should not pay Jackson's start-up. */
    private static final class Yaml {
        static final ObjectMapper MAPPER =
                new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private final Path file;
    private final JsonNode tree;
    private final Shape shape;
    private final String displayPath;
    /**
     * "section.key" → "line:column" of the key, for the keys under {@code rules:} and {@code options:}; and
     * "=key" → "line:column" of the value of each top-level key.
     */
    private final Map<String, String> positions;

    private MiglintConfig(Path file, JsonNode tree, Shape shape, String displayPath, Map<String, String> positions) {
        this.file = file;
        this.tree = tree;
        this.shape = shape;
        this.displayPath = displayPath;
        this.positions = positions;
    }

    public static MiglintConfig empty() {
        return new MiglintConfig(null, MissingNode.getInstance(), new Shape(), "", Map.of());
    }

    /** The nearest config file at or above {@code start}, or null. */
    public static Path find(Path start) {
        Path dir = start.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        while (dir != null) {
            for (String name : FILE_NAMES) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            dir = dir.getParent();
        }
        return null;
    }

    public static MiglintConfig load(Path file, String displayPath) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(
                    displayPath + ": cannot read configuration (" + e.getClass().getSimpleName() + ")");
        }
        return parse(text, file, displayPath);
    }

    static MiglintConfig parse(String text, Path file, String displayPath) throws ConfigException {
        try {
            JsonNode tree = Yaml.MAPPER.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return new MiglintConfig(file, MissingNode.getInstance(), new Shape(), displayPath, Map.of());
            }
            if (!tree.isObject()) {
                throw new ConfigException(displayPath + ":1:1: configuration must be a mapping of keys to values");
            }
            Shape shape = Yaml.MAPPER.readValue(text, Shape.class);
            MiglintConfig c = new MiglintConfig(file, tree, shape, displayPath, keyPositions(text));
            c.validate(displayPath);
            return c;
        } catch (UnrecognizedPropertyException e) {
            JsonLocation l = e.getLocation();
            // Jackson points after the value; the key itself is what the user must fix.
            String[] lines = text.split("\r\n|\r|\n", -1);
            int line = l.getLineNr();
            int col = l.getColumnNr();
            if (line >= 1 && line <= lines.length && lines[line - 1].contains(e.getPropertyName())) {
                col = lines[line - 1].indexOf(e.getPropertyName()) + 1;
            }
            throw new ConfigException(displayPath + ":" + line + ":" + col + ": unknown key '" + e.getPropertyName()
                    + "' (known: " + String.join(", ", knownKeys(e)) + ")");
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String pos = l == null ? "" : ":" + l.getLineNr() + ":" + l.getColumnNr();
            throw new ConfigException(
                    displayPath + pos + ": " + e.getOriginalMessage().split("\n")[0]);
        }
    }

    /**
     * Where each key under {@code rules:} and {@code options:} (and under each rule's options), and each top-level
     * value, is written, so that errors about one can point at it.
     */
    private static Map<String, String> keyPositions(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = Yaml.MAPPER.getFactory().createParser(text)) {
            int depth = 0;
            String section = null;
            String sub = null;
            boolean valueOfSection = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (valueOfSection) {
                    JsonLocation l = p.currentTokenLocation();
                    out.putIfAbsent("=" + section, l.getLineNr() + ":" + l.getColumnNr());
                    valueOfSection = false;
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.FIELD_NAME && depth == 1) {
                    section = p.currentName();
                    valueOfSection = true;
                } else if (t == JsonToken.FIELD_NAME && depth == 2) {
                    JsonLocation l = p.currentTokenLocation();
                    sub = p.currentName();
                    out.putIfAbsent(section + "." + sub, l.getLineNr() + ":" + l.getColumnNr());
                } else if (t == JsonToken.FIELD_NAME && depth == 3 && "options".equals(section)) {
                    JsonLocation l = p.currentTokenLocation();
                    out.putIfAbsent(section + "." + sub + "." + p.currentName(), l.getLineNr() + ":" + l.getColumnNr());
                }
            }
        } catch (IOException e) {
            // The text was parsed already; without positions, errors name the file alone.
        }
        return out;
    }

    /**
     * Where a key under {@code section} ({@code rules}, {@code options}) is written: "file:line:column", or the file
     * alone when the key is not in it.
     */
    public String locate(String section, String key) {
        String at = positions.get(section + "." + key);
        return at == null ? displayPath : displayPath + ":" + at;
    }

    /** Where the value of a top-level key is written: "file:line:column", or the file alone. */
    public String locateValue(String key) {
        String at = positions.get("=" + key);
        return at == null ? displayPath : displayPath + ":" + at;
    }

    private static List<String> knownKeys(UnrecognizedPropertyException e) {
        List<String> keys = new ArrayList<>();
        if (e.getKnownPropertyIds() != null) {
            e.getKnownPropertyIds().forEach(k -> keys.add(String.valueOf(k)));
        }
        keys.sort(String::compareTo);
        return keys;
    }

    private void validate(String displayPath) throws ConfigException {
        for (String glob : exclude()) {
            try {
                java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob);
            } catch (RuntimeException e) {
                // Checked here so that a bad glob is a configuration error, not a crash when the check first uses it.
                throw new ConfigException(displayPath + ": exclude: '" + glob + "' is not a valid glob ("
                        + e.getMessage().split("\\R")[0] + ")");
            }
        }
        if (shape.pgVersion != null && (shape.pgVersion < 10 || shape.pgVersion > 18)) {
            throw new ConfigException(
                    locateValue("pg-version") + ": pg-version " + shape.pgVersion + " is outside 10..18");
        }
        if (shape.failOn != null
                && !List.of("error", "warning", "info", "never").contains(shape.failOn)) {
            throw new ConfigException(locateValue("fail-on") + ": fail-on '" + shape.failOn
                    + "' is not one of error, warning, info, never");
        }
        if (shape.deploy != null && !List.of("online", "offline").contains(shape.deploy)) {
            throw new ConfigException(
                    locateValue("deploy") + ": deploy '" + shape.deploy + "' is not one of online, offline");
        }
        if (shape.liveSince != null) {
            try {
                io.miglint.engine.LiveSince.parse(shape.liveSince);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(locateValue("live-since") + ": live-since " + e.getMessage());
            }
        }
        if (shape.verify != null && shape.verify.downsSince != null) {
            JsonNode written = tree.path("verify").path("downs-since");
            String at = displayPath + ": verify.downs-since: ";
            if (written.isFloatingPointNumber()) {
                // YAML reads 1.10 as the number 1.1, which is another Flyway version.
                throw new ConfigException(at + "write the version in quotes ('" + shape.verify.downsSince + "' is "
                        + "what YAML made of it)");
            }
            if (io.miglint.layout.Version.parse(shape.verify.downsSince).parts().isEmpty()) {
                throw new ConfigException(at + "'" + shape.verify.downsSince + "' is no migration version");
            }
        }
        if (shape.tableStats != null && shape.tableStats.isBlank()) {
            throw new ConfigException(locateValue("table-stats") + ": table-stats must name a file (written by "
                    + "`miglint table-stats`)");
        }
        if (shape.smallTableRows != null && shape.smallTableRows < 0) {
            throw new ConfigException(
                    locateValue("small-table-rows") + ": small-table-rows " + shape.smallTableRows + " is below 0");
        }
        if (shape.smallTableBytes != null) {
            try {
                TableStats.Threshold.parseBytes(shape.smallTableBytes);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(locateValue("small-table-bytes") + ": small-table-bytes " + e.getMessage());
            }
        }
        if (shape.lockTimeout != null
                && !List.of("provided-by-runner", "required").contains(shape.lockTimeout)) {
            throw new ConfigException(locateValue("lock-timeout") + ": lock-timeout '" + shape.lockTimeout
                    + "' is not one of provided-by-runner, required");
        }
    }

    public Path file() {
        return file;
    }

    public String layout() {
        return shape.layout;
    }

    public Integer pgVersion() {
        return shape.pgVersion;
    }

    public String failOn() {
        return shape.failOn;
    }

    /** {@code deploy:}, or null when the file does not set it. */
    public Deploy deploy() {
        return shape.deploy == null ? null : Deploy.parse(shape.deploy);
    }

    /** {@code live-since:} as written, or null when the file does not set it. */
    public String liveSince() {
        return shape.liveSince;
    }

    public List<String> exclude() {
        return shape.exclude == null ? List.of() : shape.exclude;
    }

    public String migrationsTable() {
        return shape.migrationsTable;
    }

    /** {@code verify.extensions}, or null when the file does not set it. */
    public List<String> verifyExtensions() {
        return shape.verify == null ? null : shape.verify.extensions;
    }

    /** {@code verify.statement-timeout} as written (30s, 5m, …), or null. */
    public String verifyStatementTimeout() {
        return shape.verify == null ? null : shape.verify.statementTimeout;
    }

    /** {@code verify.downs-since} as written (a migration version), or null. */
    public String verifyDownsSince() {
        return shape.verify == null ? null : shape.verify.downsSince;
    }

    /** {@code verify.timeout} as written, or null. */
    public String verifyTimeout() {
        return shape.verify == null ? null : shape.verify.timeout;
    }

    /**
     * {@code table-stats:} resolved against the folder of this file (where the team keeps both), or null when the
     * file does not set it.
     */
    public Path tableStats() {
        if (shape.tableStats == null) {
            return null;
        }
        Path base = file == null ? null : file.toAbsolutePath().normalize().getParent();
        return base == null
                ? Path.of(shape.tableStats)
                : base.resolve(shape.tableStats).normalize();
    }

    /** {@code small-table-rows:} and {@code small-table-bytes:}, each defaulting to {@link TableStats.Threshold}'s. */
    public TableStats.Threshold smallTable() {
        return new TableStats.Threshold(
                shape.smallTableRows == null ? TableStats.Threshold.DEFAULT_ROWS : shape.smallTableRows,
                shape.smallTableBytes == null
                        ? TableStats.Threshold.DEFAULT_BYTES
                        : TableStats.Threshold.parseBytes(shape.smallTableBytes));
    }

    /** Rule settings in file order (id → off | on | error | warning | info). */
    public Map<String, String> ruleSettings() {
        return shape.rules == null ? new LinkedHashMap<>() : new LinkedHashMap<>(shape.rules);
    }

    /** Option ids under {@code options:}, for validation against the registry. */
    public List<String> optionRuleIds() {
        return shape.options == null ? List.of() : List.copyOf(shape.options.keySet());
    }

    /** The keys and values under {@code options: {<id>: …}}, in file order. */
    public Map<String, JsonNode> optionValues(String ruleId) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        JsonNode options = tree == null ? null : tree.get("options");
        JsonNode of = options == null ? null : options.get(ruleId);
        if (of != null && of.isObject()) {
            of.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    public RuleOptions ruleOptions() {
        return new TreeOptions(tree);
    }

    /** Dotted-key access into the YAML tree ({@code naming.max-words}). */
    private record TreeOptions(JsonNode root) implements RuleOptions {
        private JsonNode at(String key) {
            JsonNode n = root;
            for (String part : key.split("\\.")) {
                if (n == null || !n.isObject()) {
                    return null;
                }
                n = ((ObjectNode) n).get(part);
            }
            return n == null || n.isNull() || n.isMissingNode() ? null : n;
        }

        @Override
        public String string(String key, String defaultValue) {
            JsonNode n = at(key);
            return n == null ? defaultValue : n.asText();
        }

        @Override
        public int integer(String key, int defaultValue) {
            JsonNode n = at(key);
            return n == null || !n.canConvertToInt() ? defaultValue : n.asInt();
        }

        @Override
        public List<String> strings(String key, List<String> defaultValue) {
            JsonNode n = at(key);
            if (n == null) {
                return defaultValue;
            }
            List<String> out = new ArrayList<>();
            if (n.isArray()) {
                n.forEach(x -> out.add(x.asText()));
            } else {
                out.add(n.asText());
            }
            return out;
        }

        @Override
        public boolean bool(String key, boolean defaultValue) {
            JsonNode n = at(key);
            return n == null ? defaultValue : n.asBoolean(defaultValue);
        }
    }
}
