package io.miglint.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reads a Liquibase changelog the way Liquibase 4.33 does (liquibase-standard at v4.33.0): a YAML, JSON or XML master
 * changelog with {@code include}, {@code includeAll} and changesets of {@code sql} / {@code sqlFile} changes; SQL files
 * whose first non-blank line is {@code --liquibase formatted sql} (AbstractFormattedChangeLogParser,
 * FormattedSqlChangeLogParser); and any other SQL file as one changeset (SqlChangeLogParser: id {@code raw}, author
 * {@code includeAll}, not split). Changesets come out in the order Liquibase runs them; each keeps where its SQL and its
 * rollback are written in its file, so they are linted at their real lines.
 */
public final class LiquibaseChangelog {

    /** One changeset read from a file. {@code up}/{@code down} are views of {@code file}; down is null without one. */
    public record Entry(
            LiquibaseChangeSet changeSet, Path file, int start, int end, TextView up, TextView down, int line) {}

    /** A problem with a file, at a 1-based line (0 when none). */
    public record Problem(Path file, int line, String message) {}

    /** What was read: the changesets in order, the files taken, and what Liquibase would refuse. */
    public record Result(List<Entry> entries, Set<Path> files, List<Problem> problems) {}

    /** The names a master changelog goes by; its content must also say {@code databaseChangeLog}. */
    static final Pattern MASTER_NAME = Pattern.compile("(?i).*change-?log.*\\.(ya?ml|json|xml)$");

    // AbstractFormattedChangeLogParser's patterns, with "--" as the single-line comment sequence.
    static final Pattern FIRST_LINE = Pattern.compile("^\\s*--\\s*liquibase\\s*formatted.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern PROPERTY =
            Pattern.compile("\\s*--[\\s]*property\\s+(.*:.*)\\s+(.*:.*).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHANGE_SET = Pattern.compile(
            "\\s*--[\\s]*changeset\\s+(\"[^\"]+\"|[^:]+):\\s*(\"[^\"]+\"|\\S+).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern ALT_CHANGE_SET_ONE_DASH =
            Pattern.compile("-[\\s]*changeset\\s.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern ALT_CHANGE_SET_NO_INFO =
            Pattern.compile("\\s*--[\\s]*changeset[\\s]*.*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLLBACK = Pattern.compile("\\s*--[\\s]*rollback (.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PRECONDITIONS =
            Pattern.compile("\\s*--[\\s]*preconditions(.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PRECONDITION =
            Pattern.compile("\\s*--[\\s]*precondition\\-([a-zA-Z0-9-]+)( .*)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern COMMENT = Pattern.compile("--[\\s]*comment:? (.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern VALID_CHECK_SUM =
            Pattern.compile("--[\\s]*validCheckSum:? (.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern IGNORE_LINES = Pattern.compile("--[\\s]*ignoreLines:(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLLBACK_BLOCK_START =
            Pattern.compile("\\s*/\\*\\s*liquibase\\s*rollback\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLLBACK_BLOCK_END = Pattern.compile(".*\\s*\\*/\\s*$", Pattern.CASE_INSENSITIVE);

    /** The largest changelog or SQL file read, as for any migration file (SourceLoader). */
    private static final long MAX_BYTES = 4L * 1024 * 1024;

    private final Path root;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<Path> files = new LinkedHashSet<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Set<Path> reading = new LinkedHashSet<>();

    private LiquibaseChangelog(Path root) {
        this.root = root;
    }

    /** Whether a changelog file's text is one Liquibase reads ({@code databaseChangeLog} at its top). */
    public static boolean isMasterChangelog(String fileName, String text) {
        return MASTER_NAME.matcher(fileName).matches() && text.contains("databaseChangeLog");
    }

    /** Whether a SQL file is in Liquibase's formatted SQL: its first non-blank line is the header. */
    public static boolean isFormatted(String text) {
        for (String line : text.split("\r\n|\r|\n", -1)) {
            if (!line.isBlank()) {
                return FIRST_LINE.matcher(line).matches();
            }
        }
        return false;
    }

    /**
     * Reads a changelog and everything it includes.
     *
     * @param root      the folder include paths are resolved from when they are not found next to the changelog
     *                  (Liquibase's search path: for a Spring project the classpath root above db/changelog)
     * @param changelog the master changelog (or a lone SQL file)
     * @param stored    the path Liquibase records for it in DATABASECHANGELOG.FILENAME
     */
    public static Result read(Path root, Path changelog, String stored) {
        LiquibaseChangelog r = new LiquibaseChangelog(root);
        r.readFile(changelog, stored);
        return new Result(List.copyOf(r.entries), Set.copyOf(r.files), List.copyOf(r.problems));
    }

    /** Reads SQL files as {@code includeAll} does: every {@code .sql} file in path order. */
    public static Result readAll(Path root, List<Path> sqlFiles) {
        LiquibaseChangelog r = new LiquibaseChangelog(root);
        for (Path f : sqlFiles) {
            r.readFile(f, stored(root, f));
        }
        return new Result(List.copyOf(r.entries), Set.copyOf(r.files), List.copyOf(r.problems));
    }

    private static String stored(Path root, Path f) {
        return root.relativize(f).toString().replace('\\', '/');
    }

    private void readFile(Path file, String stored) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            problems.add(new Problem(file, 0, "included file not found"));
            return;
        }
        if (!real.startsWith(root)) {
            problems.add(new Problem(file, 0, "included file is outside " + DisplayPath.of(root) + "; not read"));
            return;
        }
        if (!reading.add(real)) {
            problems.add(new Problem(file, 0, "included again while it is being read (an include loop); not read"));
            return;
        }
        try {
            files.add(real);
            String text;
            try {
                if (Files.size(real) > MAX_BYTES) {
                    problems.add(new Problem(
                            file,
                            0,
                            "is larger than " + MAX_BYTES / (1024 * 1024)
                                    + " MiB, more than a changelog miglint reads; skipped"));
                    return;
                }
                text = Files.readString(real, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(
                        new Problem(file, 0, "cannot be read: " + e.getClass().getSimpleName()));
                return;
            }
            String name = real.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".sql")) {
                if (isFormatted(text)) {
                    formatted(real, stored, text);
                } else if (text.isEmpty()) {
                    problems.add(new Problem(
                            file, 0, "Liquibase refuses an empty SQL file (\"Unable to parse empty file\")"));
                } else {
                    plain(real, stored, text);
                }
            } else if (name.endsWith(".xml")) {
                xml(real, stored, text);
            } else if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
                yaml(real, stored, text);
            } else {
                problems.add(new Problem(file, 0, "not a changelog Liquibase reads (.sql, .xml, .yaml, .yml, .json)"));
            }
        } finally {
            reading.remove(real);
        }
    }

    /** SqlChangeLogParser: the whole file is one changeset, sent whole (splitStatements false), in a transaction. */
    private void plain(Path file, String stored, String text) {
        LiquibaseChangeSet cs = new LiquibaseChangeSet(
                "raw",
                "includeAll",
                stored,
                "sql",
                text,
                true,
                false,
                null,
                false,
                false,
                true,
                null,
                null,
                null,
                false,
                List.of());
        entries.add(new Entry(cs, file, 0, -1, null, null, 1));
    }

    /** Line starts and ends (without the line break) as BufferedReader.readLine cuts them. */
    private static List<int[]> lines(String text) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int j = i;
            while (j < n && text.charAt(j) != '\n' && text.charAt(j) != '\r') {
                j++;
            }
            out.add(new int[] {i, j});
            if (j < n && text.charAt(j) == '\r' && j + 1 < n && text.charAt(j + 1) == '\n') {
                j++;
            }
            i = j + 1;
        }
        return out;
    }

    private final class Open {
        final int start;
        final int line;
        final String id;
        final String author;
        final String header;
        final StringBuilder sql = new StringBuilder();
        final List<TextView.Part> sqlParts = new ArrayList<>();
        final List<TextView.Part> rollbackParts = new ArrayList<>();
        boolean rollback;
        String comments;
        final List<String> validCheckSums = new ArrayList<>();

        Open(int start, int line, String id, String author, String header) {
            this.start = start;
            this.line = line;
            this.id = id;
            this.author = author;
            this.header = header;
        }
    }

    private void formatted(Path file, String stored, String text) {
        List<int[]> lines = lines(text);
        List<Open> done = new ArrayList<>();
        Open open = null;
        String logical = null;
        boolean header = false;
        for (int k = 0; k < lines.size(); k++) {
            int s = lines.get(k)[0];
            int e = lines.get(k)[1];
            String line = text.substring(s, e);
            int lineNo = k + 1;
            if (FIRST_LINE.matcher(line).matches()) {
                if (header) {
                    problems.add(new Problem(
                            file,
                            lineNo,
                            "Liquibase refuses a second formatted SQL header (\"Duplicate formatted SQL header\")"));
                    return;
                }
                header = true;
                Matcher lf = Pattern.compile(".*logicalFilePath:(\\S*).*", Pattern.CASE_INSENSITIVE)
                        .matcher(line);
                logical = lf.matches() ? lf.group(1) : null;
                continue;
            }
            if (PROPERTY.matcher(line).matches()) {
                continue;
            }
            Matcher ignore = IGNORE_LINES.matcher(line);
            if (ignore.matches()) {
                if ("start".equals(ignore.group(1))) {
                    while (k + 1 < lines.size()) {
                        k++;
                        Matcher end = IGNORE_LINES.matcher(text.substring(lines.get(k)[0], lines.get(k)[1]));
                        if (end.matches() && "end".equals(end.group(1))) {
                            break;
                        }
                    }
                } else {
                    try {
                        k += (int) Math.min(Integer.MAX_VALUE / 2, Long.parseLong(ignore.group(1)));
                    } catch (NumberFormatException ex) {
                        problems.add(new Problem(file, lineNo, "Liquibase refuses this ignoreLines value"));
                        return;
                    }
                }
                continue;
            }
            Matcher cs = CHANGE_SET.matcher(line);
            if (cs.matches()) {
                if (open != null) {
                    done.add(open);
                }
                open = new Open(s, lineNo, unquote(cs.group(2)), unquote(cs.group(1)), line);
                continue;
            }
            if (ALT_CHANGE_SET_ONE_DASH.matcher(line).matches()
                    || ALT_CHANGE_SET_NO_INFO.matcher(line).matches()) {
                problems.add(new Problem(
                        file, lineNo, "Liquibase refuses this changeset line: it expects '--changeset <author>:<id>'"));
                return;
            }
            if (open == null) {
                if (COMMENT.matcher(line).matches()) {
                    problems.add(new Problem(file, lineNo, "Liquibase refuses a --comment line outside a changeset"));
                    return;
                }
                continue; // lines before the first changeset are not part of any (handleAdditionalLines)
            }
            Matcher comment = COMMENT.matcher(line);
            Matcher rollback = ROLLBACK.matcher(line);
            if (comment.matches()) {
                open.comments = comment.group(1);
            } else if (VALID_CHECK_SUM.matcher(line).matches()) {
                Matcher valid = VALID_CHECK_SUM.matcher(line);
                if (valid.matches()) {
                    open.validCheckSums.add(valid.group(1).strip());
                }
                continue;
            } else if (rollback.matches()) {
                open.rollback = true;
                String body = rollback.group(1).strip();
                // "empty" says nothing needs undoing; changeSetId/changesetAuthor point at another changeset's SQL
                if (body.equalsIgnoreCase("empty")) {
                    // Liquibase's word for a rollback with nothing to do: the down reads as a comment saying so
                    open.rollbackParts.add(new TextView.Part(s, e, "--no-op"));
                } else if (!body.matches("(?i).*changeSetId:\\S+.*")) {
                    open.rollbackParts.add(new TextView.Part(s + rollback.start(1), e));
                }
            } else if (ROLLBACK_BLOCK_START.matcher(line).matches()) {
                open.rollback = true;
                boolean closed = false;
                while (k + 1 < lines.size()) {
                    k++;
                    int bs = lines.get(k)[0];
                    int be = lines.get(k)[1];
                    String body = text.substring(bs, be);
                    if (ROLLBACK_BLOCK_END.matcher(body).matches()) {
                        open.rollbackParts.add(new TextView.Part(bs, bs + body.lastIndexOf("*/")));
                        closed = true;
                        break;
                    }
                    open.rollbackParts.add(new TextView.Part(bs, be));
                }
                if (!closed) {
                    problems.add(new Problem(
                            file, lineNo, "Liquibase refuses this file: the rollback comment is not closed"));
                    return;
                }
            } else if (PRECONDITIONS.matcher(line).matches()
                    || PRECONDITION.matcher(line).matches()) {
                continue;
            } else {
                open.sql.append(line).append('\n');
                open.sqlParts.add(new TextView.Part(s, e));
            }
        }
        if (open != null) {
            done.add(open);
        }
        // One view for every changeset's SQL and one for every rollback: each changeset is a range of them. A ';' at
        // each changeset line keeps a statement that lacks its own from running on into the next changeset.
        List<TextView.Part> ups = new ArrayList<>();
        List<TextView.Part> downs = new ArrayList<>();
        for (Open o : done) {
            ups.add(new TextView.Part(o.start, o.start + 1, ";"));
            ups.addAll(o.sqlParts);
            downs.add(new TextView.Part(o.start, o.start + 1, ";"));
            downs.addAll(o.rollbackParts);
        }
        TextView upView = new TextView(ups);
        TextView downView = new TextView(downs);
        for (int i = 0; i < done.size(); i++) {
            Open o = done.get(i);
            int end = i + 1 < done.size() ? done.get(i + 1).start : text.length();
            String sql = o.sql.toString().strip();
            if (sql.isEmpty() && i + 1 < done.size()) {
                problems.add(new Problem(
                        file,
                        o.line,
                        "Liquibase refuses changeset " + o.author + ":" + o.id
                                + ": it has no SQL (\"No SQL for changeset\")"));
            }
            String h = o.header;
            String endDelimiter = attribute(h, "endDelimiter", "\\S*");
            LiquibaseChangeSet cs = new LiquibaseChangeSet(
                    o.id,
                    o.author,
                    logical != null ? logical : stored,
                    "sql",
                    sql,
                    bool(h, "runInTransaction", true),
                    bool(h, "splitStatements", true),
                    endDelimiter,
                    bool(h, "runOnChange", false),
                    bool(h, "runAlways", false),
                    bool(h, "failOnError", true),
                    unquote(firstNonEmpty(
                            attribute(h, "contextFilter", "\".*?\"|\\S*"), attribute(h, "context", "\".*?\"|\\S*"))),
                    unquote(attribute(h, "labels", "\".*?\"|\\S*")),
                    o.comments,
                    o.rollback,
                    o.validCheckSums);
            entries.add(new Entry(cs, file, o.start, end, upView, o.rollback ? downView : null, o.line));
        }
    }

    private static String firstNonEmpty(String a, String b) {
        return a != null && !a.isEmpty() ? a : b;
    }

    /** An attribute of the changeset line, matched as Liquibase matches it ({@code .*name:(value).*}). */
    private static String attribute(String line, String name, String value) {
        Matcher m = Pattern.compile(".*\\b" + name + ":(" + value + ").*", Pattern.CASE_INSENSITIVE)
                .matcher(line);
        return m.matches() ? m.group(1) : null;
    }

    private static boolean bool(String line, String name, boolean dflt) {
        String v = attribute(line, name, "\\w+");
        return v == null ? dflt : Boolean.parseBoolean(v);
    }

    private static String unquote(String s) {
        if (s != null && s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    // --- YAML and JSON (Jackson) -------------------------------------------------------------------------------

    private void yaml(Path file, String stored, String text) {
        JsonNode tree;
        try {
            tree = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(file, 0, "Liquibase cannot parse this changelog: " + firstLine(e.getMessage())));
            return;
        }
        JsonNode log = tree == null ? null : tree.get("databaseChangeLog");
        if (log == null || !log.isArray()) {
            problems.add(new Problem(file, 0, "not a Liquibase changelog: no databaseChangeLog list at its top"));
            return;
        }
        for (JsonNode item : log) {
            if (item.has("include")) {
                JsonNode inc = item.get("include");
                include(file, text(inc, "file"), flag(inc, "relativeToChangelogFile"));
            } else if (item.has("includeAll")) {
                JsonNode inc = item.get("includeAll");
                includeAll(file, text(inc, "path"), flag(inc, "relativeToChangelogFile"));
            } else if (item.has("changeSet")) {
                JsonNode c = item.get("changeSet");
                List<String[]> sql = new ArrayList<>();
                List<String> kinds = new ArrayList<>();
                String other = null;
                for (JsonNode ch : iterable(c.get("changes"))) {
                    if (ch.has("sql")) {
                        JsonNode n = ch.get("sql");
                        sql.add(new String[] {n.isTextual() ? n.asText() : text(n, "sql"), null});
                        kinds.add("sql");
                    } else if (ch.has("sqlFile")) {
                        JsonNode n = ch.get("sqlFile");
                        Path f = resolve(file, text(n, "path"), flag(n, "relativeToChangelogFile"));
                        if (f == null) {
                            continue;
                        }
                        sql.add(new String[] {readQuietly(f), f.toString()});
                        kinds.add("sqlFile");
                    } else if (ch.fieldNames().hasNext()) {
                        other = ch.fieldNames().next();
                    }
                }
                JsonNode changes = c.get("changes");
                boolean splitDefault = true;
                String endDelimiter = null;
                if (changes != null && changes.isArray() && changes.size() > 0) {
                    JsonNode first = changes.get(0).elements().hasNext()
                            ? changes.get(0).elements().next()
                            : null;
                    if (first != null && first.isObject()) {
                        splitDefault = !first.has("splitStatements")
                                || first.get("splitStatements").asBoolean(true);
                        endDelimiter = text(first, "endDelimiter");
                    }
                }
                changeSet(
                        file,
                        stored,
                        textOr(c, "id", ""),
                        textOr(c, "author", ""),
                        c,
                        sql,
                        kinds,
                        other,
                        splitDefault,
                        endDelimiter,
                        c.has("rollback"),
                        text);
            }
        }
    }

    private void changeSet(
            Path file,
            String stored,
            String id,
            String author,
            JsonNode attrs,
            List<String[]> sql,
            List<String> kinds,
            String other,
            boolean split,
            String endDelimiter,
            boolean rollback,
            String fileText) {
        if (other != null || sql.isEmpty()) {
            problems.add(new Problem(
                    file,
                    0,
                    "changeset " + author + ":" + id
                            + (other == null
                                    ? " has no changes"
                                    : " uses the '" + other + "' change, whose SQL Liquibase generates")
                            + "; miglint reads only sql and sqlFile changes, so it is neither linted nor applied"));
            return;
        }
        // The SQL value is found in the changelog's text line by line, so it is linted where it is written.
        List<TextView.Part> parts = new ArrayList<>();
        int cursor = 0;
        boolean placed = true;
        Path where = file;
        for (String[] s : sql) {
            if (s[1] != null) {
                where = Path.of(s[1]);
                continue;
            }
            for (String l : s[0].split("\n", -1)) {
                String t = l.strip();
                if (t.isEmpty()) {
                    continue;
                }
                int at = fileText.indexOf(t, cursor);
                if (at < 0) {
                    placed = false;
                    break;
                }
                parts.add(new TextView.Part(at, at + t.length()));
                cursor = at + t.length();
            }
        }
        String joined = String.join("\n", sql.stream().map(a -> a[0]).toList());
        String path = textOr(attrs, "logicalFilePath", stored);
        LiquibaseChangeSet cs = new LiquibaseChangeSet(
                id,
                author,
                path,
                String.join("; ", kinds),
                joined,
                !attrs.has("runInTransaction") || attrs.get("runInTransaction").asBoolean(true),
                split,
                endDelimiter,
                flag(attrs, "runOnChange"),
                flag(attrs, "runAlways"),
                !attrs.has("failOnError") || attrs.get("failOnError").asBoolean(true),
                firstNonEmpty(text(attrs, "contextFilter"), text(attrs, "context")),
                text(attrs, "labels"),
                text(attrs, "comment"),
                rollback,
                yamlValidCheckSums(attrs));
        add(cs, file, where.equals(file) ? null : where, placed ? parts : List.of(), fileText, author + ":" + id);
    }

    /** A YAML/JSON changeset's {@code validCheckSum}: one value or a list of them. */
    private static List<String> yamlValidCheckSums(JsonNode attrs) {
        JsonNode v = attrs == null ? null : attrs.get("validCheckSum");
        List<String> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(x -> out.add(x.asText().strip()));
        } else if (v != null && !v.isNull()) {
            out.add(v.asText().strip());
        }
        return out;
    }

    private static Iterable<JsonNode> iterable(JsonNode n) {
        return n != null && n.isArray() ? n : List.of();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String textOr(JsonNode n, String field, String dflt) {
        String v = text(n, field);
        return v == null ? dflt : v;
    }

    private static boolean flag(JsonNode n, String field) {
        return n != null && n.has(field) && n.get(field).asBoolean(false);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String readQuietly(Path f) {
        try {
            if (Files.size(f) > MAX_BYTES) {
                return "";
            }
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    // --- includes ------------------------------------------------------------------------------------------------

    /**
     * Where an included path is: next to the including changelog when {@code relativeToChangelogFile}, else on
     * Liquibase's search path, taken here as the folders from the changelog's up to the root (a Spring project's
     * {@code db/changelog/v1/x.sql} is a classpath path, found from the resources folder).
     */
    private Path resolve(Path from, String path, boolean relative) {
        if (path == null || path.isBlank()) {
            problems.add(new Problem(from, 0, "an include without a file or path"));
            return null;
        }
        String p = path.startsWith("classpath:") ? path.substring("classpath:".length()) : path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (relative) {
            Path f = from.getParent().resolve(p).normalize();
            if (Files.exists(f)) {
                return inside(from, f);
            }
        } else {
            // The search path may begin above the folder named (src/main/resources above db/changelog): any
            // ancestor will do, but only a file inside the root is taken
            Path outside = null;
            for (Path d = from.getParent(); d != null; d = d.getParent()) {
                Path f = d.resolve(p).normalize();
                if (Files.exists(f)) {
                    if (isInside(f)) {
                        return f;
                    }
                    outside = outside == null ? f : outside;
                }
            }
            if (outside != null) {
                return inside(from, outside);
            }
        }
        problems.add(new Problem(from, 0, "included '" + path + "' is not found"));
        return null;
    }

    private boolean isInside(Path f) {
        try {
            return f.toRealPath().startsWith(root);
        } catch (IOException e) {
            return false;
        }
    }

    /** The file when it is inside the root (links resolved); a path out of it is reported and never read. */
    private Path inside(Path from, Path f) {
        try {
            if (f.toRealPath().startsWith(root)) {
                return f;
            }
        } catch (IOException e) {
            return f; // reported where it is read
        }
        problems.add(new Problem(from, 0, "an include points outside " + DisplayPath.of(root) + "; not read"));
        return null;
    }

    private void include(Path from, String path, boolean relative) {
        Path f = resolve(from, path, relative);
        if (f != null) {
            String stored = relative ? stored(root, f) : path.replaceFirst("^classpath:", "");
            readFile(f, stored);
        }
    }

    /** ChangeLogIncludeAll: every changelog file below the folder, recursively, in path order. */
    private void includeAll(Path from, String path, boolean relative) {
        Path dir = resolve(from, path, relative);
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        List<Path> found = new ArrayList<>();
        try (var walk = Files.walk(dir, 32)) {
            walk.filter(Files::isRegularFile)
                    .filter(f ->
                            f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(sql|xml|ya?ml|json)$"))
                    .forEach(found::add);
        } catch (IOException e) {
            problems.add(new Problem(dir, 0, "cannot list the includeAll folder"));
            return;
        }
        found.sort((a, b) -> a.toString().compareTo(b.toString()));
        String prefix = relative
                ? stored(root, dir)
                : path.replaceFirst("^classpath:", "").replaceFirst("/+$", "");
        for (Path f : found) {
            readFile(f, prefix + "/" + dir.relativize(f).toString().replace('\\', '/'));
        }
    }

    // --- XML (the JDK's parser, no DTDs, no external entities) ------------------------------------------------

    /**
     * A changeset's entry: a {@code sqlFile} change is that file, whole; SQL written in the changelog is linted
     * through a view of its places in the file; SQL that could not be placed is said once and not linted.
     */
    private void add(
            LiquibaseChangeSet cs, Path file, Path sqlFile, List<TextView.Part> parts, String text, String name) {
        if (sqlFile != null) {
            entries.add(new Entry(cs, sqlFile, 0, -1, null, null, 1));
        } else if (!parts.isEmpty()) {
            TextView view = new TextView(parts);
            int line = 1
                    + (int) text.substring(0, view.start())
                            .chars()
                            .filter(ch -> ch == '\n')
                            .count();
            entries.add(new Entry(cs, file, view.start(), view.end(), view, null, line));
        } else {
            problems.add(new Problem(
                    file,
                    0,
                    "the SQL of changeset " + name + " could not be found as written in the file; it is not linted"));
        }
    }

    private void xml(Path file, String stored, String text) {
        Element top;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(true);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            top = b.parse(new InputSource(new StringReader(text))).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException | RuntimeException e) {
            problems.add(new Problem(file, 0, "Liquibase cannot parse this changelog: " + firstLine(e.getMessage())));
            return;
        }
        if (!"databaseChangeLog".equals(top.getLocalName())) {
            problems.add(new Problem(file, 0, "not a Liquibase changelog: its root element is not databaseChangeLog"));
            return;
        }
        int sqlSeen = 0;
        for (Node n = top.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) {
                continue;
            }
            switch (e.getLocalName()) {
                case "include" -> include(file, attr(e, "file"), "true".equals(attr(e, "relativeToChangelogFile")));
                case "includeAll" ->
                    includeAll(file, attr(e, "path"), "true".equals(attr(e, "relativeToChangelogFile")));
                case "changeSet" -> sqlSeen = xmlChangeSet(file, stored, text, e, sqlSeen);
                default -> {}
            }
        }
    }

    private int xmlChangeSet(Path file, String stored, String text, Element e, int sqlSeen) {
        List<TextView.Part> parts = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        List<String> kinds = new ArrayList<>();
        String other = null;
        Path sqlFile = null;
        boolean split = true;
        String endDelimiter = null;
        boolean rollback = false;
        boolean placed = true;
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element c)) {
                continue;
            }
            String name = c.getLocalName();
            if ("sql".equals(name)) {
                kinds.add("sql");
                if (sql.length() > 0) {
                    sql.append('\n');
                }
                sql.append(c.getTextContent());
                if (kinds.size() == 1) {
                    split = !"false".equals(attr(c, "splitStatements"));
                    endDelimiter = attr(c, "endDelimiter");
                }
                int[] at = nthElementBody(text, "sql", sqlSeen);
                sqlSeen++;
                if (at == null || !mapXmlText(text, at[0], at[1], c.getTextContent(), parts)) {
                    placed = false;
                }
            } else if ("sqlFile".equals(name)) {
                kinds.add("sqlFile");
                sqlFile = resolve(file, attr(c, "path"), "true".equals(attr(c, "relativeToChangelogFile")));
                if (sqlFile != null) {
                    sql.append(readQuietly(sqlFile));
                }
                split = !"false".equals(attr(c, "splitStatements"));
                endDelimiter = attr(c, "endDelimiter");
            } else if ("rollback".equals(name)) {
                rollback = true;
                sqlSeen += countDescendants(c, "sql");
            } else if (!"comment".equals(name) && !"preConditions".equals(name) && !"validCheckSum".equals(name)) {
                other = name;
                sqlSeen += countDescendants(c, "sql");
            }
        }
        String id = attr(e, "id");
        String author = attr(e, "author");
        if (other != null || kinds.isEmpty()) {
            problems.add(new Problem(
                    file,
                    0,
                    "changeset " + author + ":" + id
                            + (other == null
                                    ? " has no changes"
                                    : " uses the '" + other + "' change, whose SQL Liquibase generates")
                            + "; miglint reads only sql and sqlFile changes, so it is neither linted nor applied"));
            return sqlSeen;
        }
        NodeList comment = e.getElementsByTagNameNS("*", "comment");
        LiquibaseChangeSet cs = new LiquibaseChangeSet(
                id == null ? "" : id,
                author == null ? "" : author,
                attr(e, "logicalFilePath") != null ? attr(e, "logicalFilePath") : stored,
                String.join("; ", kinds),
                sql.toString(),
                !"false".equals(attr(e, "runInTransaction")),
                split,
                endDelimiter,
                "true".equals(attr(e, "runOnChange")),
                "true".equals(attr(e, "runAlways")),
                !"false".equals(attr(e, "failOnError")),
                firstNonEmpty(attr(e, "contextFilter"), attr(e, "context")),
                attr(e, "labels"),
                comment.getLength() > 0 ? comment.item(0).getTextContent() : null,
                rollback,
                validCheckSums(e));
        add(cs, file, sqlFile, placed ? parts : List.of(), text, author + ":" + id);
        return sqlSeen;
    }

    /** The {@code <validCheckSum>} elements of a changeset, as text. */
    private static List<String> validCheckSums(Element e) {
        List<String> out = new ArrayList<>();
        NodeList valid = e.getElementsByTagNameNS("*", "validCheckSum");
        for (int i = 0; i < valid.getLength(); i++) {
            out.add(valid.item(i).getTextContent().strip());
        }
        return out;
    }

    private static int countDescendants(Element e, String name) {
        return e.getElementsByTagNameNS("*", name).getLength();
    }

    private static String attr(Element e, String name) {
        return e.hasAttribute(name) ? e.getAttribute(name) : null;
    }

    /** The body (after the start tag's '>' up to the end tag) of the n-th {@code <name>} element in the raw text. */
    private static int[] nthElementBody(String text, String name, int n) {
        Pattern open = Pattern.compile("<(?:[A-Za-z_][\\w.-]*:)?" + name + "(?=[\\s/>])");
        Matcher m = open.matcher(text);
        int seen = 0;
        while (m.find()) {
            if (inComment(text, m.start())) {
                continue;
            }
            if (seen++ == n) {
                int gt = text.indexOf('>', m.end());
                if (gt < 0 || text.charAt(gt - 1) == '/') {
                    return null;
                }
                Matcher close = Pattern.compile("</(?:[A-Za-z_][\\w.-]*:)?" + name + "\\s*>")
                        .matcher(text);
                return close.find(gt) ? new int[] {gt + 1, close.start()} : null;
            }
        }
        return null;
    }

    private static boolean inComment(String text, int at) {
        int open = text.lastIndexOf("<!--", at);
        return open >= 0 && text.indexOf("-->", open) > at;
    }

    /**
     * Walks the raw body and the parsed text together: plain characters show as written, an entity shows as the
     * character it stands for, CDATA markers and comments are blanked. False when they do not match.
     */
    private static boolean mapXmlText(String raw, int from, int to, String value, List<TextView.Part> parts) {
        int v = 0;
        int i = from;
        int runStart = -1;
        while (i < to) {
            if (raw.startsWith("<![CDATA[", i)) {
                runStart = flush(parts, runStart, i);
                int end = raw.indexOf("]]>", i);
                if (end < 0 || end > to) {
                    return false;
                }
                int body = i + "<![CDATA[".length();
                if (!value.startsWith(raw.substring(body, end), v)) {
                    return false;
                }
                if (end > body) {
                    parts.add(new TextView.Part(body, end));
                }
                v += end - body;
                i = end + 3;
            } else if (raw.startsWith("<!--", i)) {
                runStart = flush(parts, runStart, i);
                int end = raw.indexOf("-->", i);
                if (end < 0) {
                    return false;
                }
                i = end + 3;
            } else if (raw.charAt(i) == '&') {
                runStart = flush(parts, runStart, i);
                int semi = raw.indexOf(';', i);
                if (semi < 0 || semi >= to || v >= value.length()) {
                    return false;
                }
                parts.add(new TextView.Part(i, semi + 1, String.valueOf(value.charAt(v))));
                v++;
                i = semi + 1;
            } else if (raw.charAt(i) == '<') {
                return false; // an element inside <sql>
            } else {
                if (v >= value.length() || value.charAt(v) != raw.charAt(i)) {
                    // the parser turns CR LF into LF
                    if (raw.charAt(i) == '\r') {
                        i++;
                        continue;
                    }
                    return false;
                }
                if (runStart < 0) {
                    runStart = i;
                }
                v++;
                i++;
            }
        }
        flush(parts, runStart, to);
        return v == value.length();
    }

    private static int flush(List<TextView.Part> parts, int runStart, int at) {
        if (runStart >= 0 && at > runStart) {
            parts.add(new TextView.Part(runStart, at));
        }
        return -1;
    }
}
