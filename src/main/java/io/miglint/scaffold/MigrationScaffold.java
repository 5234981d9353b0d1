package io.miglint.scaffold;

import io.miglint.layout.LayoutKind;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of a new migration, named the way the folder's tool expects and numbered after the ones already there.
 * Versions are timestamps in UTC where the tool uses them (so two developers on different continents still sort in
 * the order they created their migrations), otherwise the next number with the existing width.
 */
public final class MigrationScaffold {
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter DIESEL = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss");
    private static final DateTimeFormatter ROLLBACK = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final DateTimeFormatter HEADER = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final Pattern LEADING_DIGITS = Pattern.compile("^(\\d+)_.*\\.sql$");
    private static final Pattern DIESEL_DIR = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}-\\d{6})_.+$");
    private static final Pattern PRISMA_DIR = Pattern.compile("^(\\d{14})_.*$");
    private static final Pattern ROLLBACK_FILE = Pattern.compile("^(\\d{8}_\\d{6})_.+\\.sql$");
    private static final Pattern FLYWAY = Pattern.compile("^([VU])(\\d+)(?:[._]\\d+)*__.+\\.sql$");
    private static final Pattern NUMBERED = Pattern.compile("^(\\d+)(?:[_.-].*)?\\.sql$");

    private MigrationScaffold() {}

    /** The files to write for migration {@code name} in {@code folder}; nothing is written. */
    public static List<PlannedFile> plan(Path folder, LayoutKind layout, String name, Clock clock) throws IOException {
        List<String> entries = list(folder);
        LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).withNano(0);
        String created = HEADER.format(now) + " UTC";
        List<PlannedFile> files = new ArrayList<>();
        switch (layout) {
            case GOLANG_MIGRATE, SQLX -> {
                String v = nextCompactOrSequence(entries, now);
                boolean reversible = layout == LayoutKind.GOLANG_MIGRATE
                        || entries.stream().anyMatch(e -> e.endsWith(".up.sql") || e.endsWith(".down.sql"));
                if (reversible) {
                    files.add(new PlannedFile(
                            folder.resolve(v + "_" + name + ".up.sql"), Templates.up(name, created, layout)));
                    files.add(new PlannedFile(
                            folder.resolve(v + "_" + name + ".down.sql"), Templates.down(name, created, layout)));
                } else {
                    files.add(new PlannedFile(
                            folder.resolve(v + "_" + name + ".sql"), Templates.up(name, created, layout)));
                }
            }
            case DBMATE ->
                files.add(new PlannedFile(
                        folder.resolve(nextTimestamp(entries, LEADING_DIGITS, COMPACT, now) + "_" + name + ".sql"),
                        Templates.dbmate(name, created)));
            case DIESEL -> {
                Path dir = folder.resolve(nextTimestamp(entries, DIESEL_DIR, DIESEL, now) + "_" + name);
                files.add(new PlannedFile(dir.resolve("up.sql"), Templates.up(name, created, layout)));
                files.add(new PlannedFile(dir.resolve("down.sql"), Templates.down(name, created, layout)));
            }
            case FLYWAY -> {
                BigInteger next = BigInteger.ONE;
                boolean undo = false;
                for (String e : entries) {
                    Matcher m = FLYWAY.matcher(e);
                    if (m.matches()) {
                        next = next.max(new BigInteger(m.group(2)).add(BigInteger.ONE));
                        undo |= m.group(1).equals("U");
                    }
                }
                files.add(new PlannedFile(
                        folder.resolve("V" + next + "__" + name + ".sql"), Templates.up(name, created, layout)));
                if (undo) {
                    files.add(new PlannedFile(
                            folder.resolve("U" + next + "__" + name + ".sql"), Templates.down(name, created, layout)));
                }
            }
            case NUMBERED ->
                files.add(new PlannedFile(
                        folder.resolve(nextNumber(entries, NUMBERED, 3) + "_" + name + ".sql"),
                        Templates.up(name, created, layout)));
            case ROLLBACK_SUFFIX -> {
                String v = nextTimestamp(entries, ROLLBACK_FILE, ROLLBACK, now);
                files.add(
                        new PlannedFile(folder.resolve(v + "_" + name + ".sql"), Templates.up(name, created, layout)));
                files.add(new PlannedFile(
                        folder.resolve(v + "_" + name + "_rollback.sql"), Templates.down(name, created, layout)));
            }
            case PRISMA -> {
                // prisma migrate dev --create-only: {UTC YYYYMMDDHHMMSS}_{slug}/migration.sql (prisma's now.ts,
                // promptForMigrationName.ts), and migration_lock.toml when the folder has none (createMigration.ts)
                Path dir = folder.resolve(nextTimestamp(entries, PRISMA_DIR, COMPACT, now) + "_" + prismaSlug(name));
                files.add(new PlannedFile(dir.resolve("migration.sql"), Templates.up(name, created, layout)));
                if (!entries.contains("migration_lock.toml")) {
                    files.add(new PlannedFile(
                            folder.resolve("migration_lock.toml"),
                            "# Please do not edit this file manually\n"
                                    + "# It should be added in your version-control system (e.g., Git)\n"
                                    + "provider = \"postgresql\"\n"));
                }
            }
            case DRIZZLE -> files.addAll(drizzle(folder, name, created, clock));
            default -> throw new IllegalArgumentException("no scaffold for layout " + layout.id());
        }
        return files;
    }

    /**
     * The name as Prisma writes it: {@code @sindresorhus/slugify} with {@code _} as separator (camelCase split,
     * lower case, every run of other characters one {@code _}, none at either end), cut at 200 characters.
     */
    static String prismaSlug(String name) {
        String s = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                .replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2")
                .toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    /**
     * {@code drizzle-kit generate --custom --name NAME} (drizzle-kit/src/cli/commands/migrate.ts writeResult,
     * utils/words.ts prepareMigrationMetadata): {@code {idx as 4 digits}_{name}.sql}, idx one more than the journal's
     * last entry's, holding drizzle's custom-migration line, and a journal entry {@code {idx, version, when: now in
     * ms, tag, breakpoints: true}} appended to meta/_journal.json, written back as {@code JSON.stringify(journal,
     * null, 2)} writes it.
     */
    private static List<PlannedFile> drizzle(Path folder, String name, String created, Clock clock) throws IOException {
        Path journalPath = folder.resolve("meta").resolve("_journal.json");
        String previous =
                Files.isRegularFile(journalPath) ? Files.readString(journalPath, StandardCharsets.UTF_8) : null;
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode journal;
        try {
            journal = previous == null
                    ? mapper.createObjectNode().put("version", "7").put("dialect", "postgresql")
                    : (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(previous);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | ClassCastException e) {
            throw new IOException("meta/_journal.json is not a journal drizzle-kit can extend", e);
        }
        com.fasterxml.jackson.databind.JsonNode existing = journal.get("entries");
        com.fasterxml.jackson.databind.node.ArrayNode entries =
                existing instanceof com.fasterxml.jackson.databind.node.ArrayNode a ? a : journal.putArray("entries");
        long idx = entries.isEmpty()
                ? 0
                : entries.get(entries.size() - 1).path("idx").asLong(-1) + 1;
        String prefix = String.format(java.util.Locale.ROOT, "%04d", idx);
        String tag = prefix + "_" + name;
        String version = entries.isEmpty()
                ? journal.path("version").asText("7")
                : entries.get(entries.size() - 1).path("version").asText("7");
        entries.addObject()
                .put("idx", idx)
                .put("version", version)
                .put("when", clock.millis())
                .put("tag", tag)
                .put("breakpoints", true);
        String sql = "-- Custom SQL migration file, put your code below! --\n"
                + Templates.up(name, created, LayoutKind.DRIZZLE);
        return List.of(
                new PlannedFile(folder.resolve(tag + ".sql"), sql),
                new PlannedFile(journalPath, jsonStringify(journal, ""), previous));
    }

    /** {@code JSON.stringify(value, null, 2)}: two-space indent, {@code "key": value}, {@code []} when empty. */
    static String jsonStringify(com.fasterxml.jackson.databind.JsonNode n, String indent) {
        String inner = indent + "  ";
        if (n.isObject()) {
            if (n.isEmpty()) {
                return "{}";
            }
            StringBuilder b = new StringBuilder("{\n");
            var fields = n.fields();
            while (fields.hasNext()) {
                var f = fields.next();
                b.append(inner)
                        .append(com.fasterxml.jackson.databind.node.TextNode.valueOf(f.getKey()))
                        .append(": ")
                        .append(jsonStringify(f.getValue(), inner))
                        .append(fields.hasNext() ? ",\n" : "\n");
            }
            return b.append(indent).append("}").toString();
        }
        if (n.isArray()) {
            if (n.isEmpty()) {
                return "[]";
            }
            StringBuilder b = new StringBuilder("[\n");
            for (int i = 0; i < n.size(); i++) {
                b.append(inner).append(jsonStringify(n.get(i), inner)).append(i + 1 < n.size() ? ",\n" : "\n");
            }
            return b.append(indent).append("]").toString();
        }
        return n.toString();
    }

    /** Writes the planned files, refusing to overwrite any (a second `new` in the same second must not clobber). */
    public static void write(List<PlannedFile> files) throws IOException {
        for (PlannedFile f : files) {
            if (!f.rewrites() && Files.exists(f.path())) {
                throw new FileAlreadyExistsException(f.path().toString());
            }
        }
        for (PlannedFile f : files) {
            Files.createDirectories(f.path().toAbsolutePath().getParent());
            if (f.rewrites()) {
                // the new content beside it first, then moved over it: a crash leaves the old file or the new one
                Path next = f.path().resolveSibling(f.path().getFileName() + ".miglint-new");
                Files.writeString(next, f.content(), StandardCharsets.UTF_8);
                Files.move(
                        next,
                        f.path(),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.writeString(f.path(), f.content(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            }
        }
    }

    private static List<String> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * golang-migrate and sqlx accept any integer version: a project started with {@code -seq} (1, 2, 3 or 000001)
     * continues its sequence, one using timestamps (or an empty one) gets a 14-digit UTC timestamp.
     */
    private static String nextCompactOrSequence(List<String> entries, LocalDateTime now) {
        List<String> versions = versions(entries, LEADING_DIGITS);
        boolean sequence = !versions.isEmpty() && versions.stream().allMatch(v -> v.length() < 14);
        return sequence ? nextNumber(entries, LEADING_DIGITS, 1) : nextTimestamp(entries, LEADING_DIGITS, COMPACT, now);
    }

    /** The next integer after the highest version, zero-padded to the widest padded version (001 → 002). */
    private static String nextNumber(List<String> entries, Pattern pattern, int widthWhenEmpty) {
        List<String> versions = versions(entries, pattern);
        BigInteger max = BigInteger.ZERO;
        int width = versions.isEmpty() ? widthWhenEmpty : 1;
        for (String v : versions) {
            max = max.max(new BigInteger(v));
            if (v.startsWith("0")) {
                width = Math.max(width, v.length());
            }
        }
        String next = max.add(BigInteger.ONE).toString();
        return next.length() >= width ? next : "0".repeat(width - next.length()) + next;
    }

    /**
     * Now, or one second after the newest existing timestamp when the clock is behind it, so the new migration still
     * sorts last (a clock skewed between machines, or two migrations created within a second).
     */
    private static String nextTimestamp(
            List<String> entries, Pattern pattern, DateTimeFormatter format, LocalDateTime now) {
        LocalDateTime at = now;
        for (String v : versions(entries, pattern)) {
            Optional<LocalDateTime> existing = parse(v, format);
            if (existing.isPresent() && !existing.get().isBefore(at)) {
                at = existing.get().plusSeconds(1);
            }
        }
        return format.format(at);
    }

    private static Optional<LocalDateTime> parse(String v, DateTimeFormatter format) {
        try {
            return Optional.of(LocalDateTime.parse(v, format));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static List<String> versions(List<String> entries, Pattern pattern) {
        List<String> out = new ArrayList<>();
        for (String e : entries) {
            Matcher m = pattern.matcher(e);
            if (m.matches()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
