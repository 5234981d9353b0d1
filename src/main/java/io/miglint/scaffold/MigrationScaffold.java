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
    private static final Pattern POPX_UP = Pattern.compile("^\\d+_[^.]+(\\.[a-z0-9]+)?(\\.autocommit)?\\.up\\.sql$");

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
            case POPX -> {
                String v = nextPopxVersion(entries, now);
                String dialect = popxDialectInfix(entries);
                files.add(new PlannedFile(
                        folder.resolve(v + "_" + name + dialect + ".up.sql"), Templates.up(name, created, layout)));
                files.add(new PlannedFile(
                        folder.resolve(v + "_" + name + dialect + ".down.sql"), Templates.down(name, created, layout)));
            }
            case LIQUIBASE -> files.add(liquibase(folder, entries, name, created, now));
            case SQITCH -> files.addAll(sqitch(folder, name, now, created));
            case GOOSE ->
                files.add(new PlannedFile(
                        folder.resolve(nextGooseVersion(entries, now) + "_" + name + ".sql"),
                        Templates.goose(name, created)));
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
     * A formatted SQL file of one changeset. With a master changelog in the folder, it goes next to the last file the
     * changelog includes (ab2d's {@code v2026/}), and its header names the include line to add; otherwise into the
     * folder, which Liquibase then reads as {@code includeAll} does. Its name continues the numbering or timestamps of
     * the files beside it, or is the name alone when they have none.
     */
    private static PlannedFile liquibase(
            Path folder, List<String> entries, String name, String created, LocalDateTime now) throws IOException {
        Path dir = folder;
        String master = null;
        String includeDir = null;
        for (String e : entries) {
            Path f = folder.resolve(e);
            if (Files.isRegularFile(f) && e.matches("(?i).*change-?log.*\\.(ya?ml|json|xml)$")) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                if (!text.contains("databaseChangeLog")) {
                    continue;
                }
                master = e;
                Matcher m = Pattern.compile("(?:file|path)\\s*[:=]\\s*[\"']?([^\\s\"'>]+\\.sql)")
                        .matcher(text);
                String last = null;
                while (m.find()) {
                    last = m.group(1);
                }
                if (last != null && last.contains("/")) {
                    includeDir = last.substring(0, last.lastIndexOf('/'));
                    String tail = includeDir;
                    // the include path is a classpath path (db/changelog/v2026): find its folder below this one
                    while (!tail.isEmpty() && !Files.isDirectory(folder.resolve(tail))) {
                        int slash = tail.indexOf('/');
                        tail = slash < 0 ? "" : tail.substring(slash + 1);
                    }
                    if (!tail.isEmpty()) {
                        dir = folder.resolve(tail);
                    }
                }
                break;
            }
        }
        List<String> beside = list(dir);
        String file;
        if (!versions(beside, Pattern.compile("^(\\d{14})_.*\\.sql$")).isEmpty()) {
            file = nextTimestamp(beside, Pattern.compile("^(\\d{14})_.*\\.sql$"), COMPACT, now) + "_" + name + ".sql";
        } else if (!versions(beside, NUMBERED).isEmpty()) {
            file = nextNumber(beside, NUMBERED, 3) + "_" + name + ".sql";
        } else if (master != null) {
            file = name + ".sql"; // the changelog's include lines decide the order
        } else {
            // read as includeAll reads a folder, in path order: a timestamp keeps the new file last
            file = nextTimestamp(beside, Pattern.compile("^(\\d{14})_.*\\.sql$"), COMPACT, now) + "_" + name + ".sql";
        }
        String author = System.getProperty("user.name", "miglint").replaceAll("[^A-Za-z0-9._-]", "");
        String text = Templates.liquibase(name, created, author.isEmpty() ? "miglint" : author);
        if (master != null) {
            String include = (includeDir == null ? "" : includeDir + "/") + file;
            text = text.replaceFirst(
                    "\n\n",
                    "\n-- Liquibase runs this file once " + master + " includes it: add `- include: file: " + include
                            + "` (YAML) or `<include file=\"" + include + "\"/>` (XML) at its end.\n\n");
        }
        return new PlannedFile(dir.resolve(file), text);
    }

    /**
     * {@code sqitch add}: a line for the change at the end of sqitch.plan (the plan is written whole, with the line
     * added; a new plan gets sqitch's pragmas and the folder's name as the project) and its deploy, revert and verify
     * scripts. The planner is sqitch's: {@code SQITCH_FULLNAME} and {@code SQITCH_EMAIL}, else the system user.
     */
    private static List<PlannedFile> sqitch(Path folder, String name, LocalDateTime now, String created)
            throws IOException {
        Path planFile = folder.resolve(SQITCH_PLAN);
        String plan;
        if (Files.isRegularFile(planFile)) {
            plan = Files.readString(planFile, StandardCharsets.UTF_8);
            io.miglint.layout.SqitchPlan read = io.miglint.layout.SqitchPlan.parse(plan);
            if (read.problem().isPresent()) {
                throw new IOException("sqitch.plan:" + read.problem().get().line() + ": "
                        + read.problem().get().message());
            }
            // sqitch add refuses a name already planned since the last tag ("sqitch rework" is the way)
            List<io.miglint.layout.SqitchPlan.Change> changes = read.changes();
            for (int i = changes.size() - 1; i >= 0; i--) {
                if (changes.get(i).name().equals(name)) {
                    throw new IOException("change " + name + " is already in sqitch.plan (line "
                            + changes.get(i).line() + "); rework it with `sqitch rework`");
                }
                if (!changes.get(i).tags().isEmpty() && i < changes.size() - 1) {
                    break;
                }
            }
            if (!plan.isEmpty() && !plan.endsWith("\n")) {
                plan += "\n";
            }
        } else {
            Path real = folder.toAbsolutePath().normalize().getFileName();
            String project = real == null ? "" : real.toString();
            plan = "%syntax-version=1.0.0\n%project="
                    + (project.matches("[A-Za-z][A-Za-z0-9_-]*[A-Za-z0-9]") ? project : "migrations") + "\n\n";
        }
        String fullName = System.getenv().getOrDefault("SQITCH_FULLNAME", System.getProperty("user.name", "miglint"));
        String email =
                System.getenv().getOrDefault("SQITCH_EMAIL", System.getProperty("user.name", "miglint") + "@localhost");
        plan += name + " " + SQITCH_TIME.format(now) + " " + fullName.replaceAll("[<>#\\r\\n]", "") + " <"
                + email.replaceAll("[<>#\\s]", "") + "> # " + name.replace('_', ' ') + "\n";
        List<PlannedFile> files = new ArrayList<>();
        files.add(new PlannedFile(
                folder.resolve("deploy").resolve(name + ".sql"), Templates.up(name, created, LayoutKind.SQITCH)));
        files.add(new PlannedFile(
                folder.resolve("revert").resolve(name + ".sql"), Templates.down(name, created, LayoutKind.SQITCH)));
        files.add(new PlannedFile(
                folder.resolve("verify").resolve(name + ".sql"),
                "-- " + name + " (verify), created " + created + ".\n"
                        + "-- sqitch runs this after the deploy script: make it fail when the change is missing.\n"));
        files.add(new PlannedFile(planFile, plan));
        return files;
    }

    private static final String SQITCH_PLAN = "sqitch.plan";
    private static final DateTimeFormatter SQITCH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

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

    /**
     * Writes the planned files, refusing to overwrite any (a second `new` in the same second must not clobber); a
     * file `new` extends (sqitch's plan, drizzle-kit's journal) is the one rewritten, whole.
     */
    public static void write(List<PlannedFile> files) throws IOException {
        for (PlannedFile f : files) {
            if (!f.rewrites() && !sqitchPlan(f) && Files.exists(f.path())) {
                throw new FileAlreadyExistsException(f.path().toString());
            }
        }
        for (PlannedFile f : files) {
            Files.createDirectories(f.path().toAbsolutePath().getParent());
            if (f.rewrites() || sqitchPlan(f)) {
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

    /** The sqitch plan among the planned files: the one file {@code new} changes rather than creates. */
    public static boolean sqitchPlan(PlannedFile f) {
        return f.path().getFileName().toString().equals(SQITCH_PLAN);
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

    /**
     * popx's convention (ory/kratos, hydra, keto): a 14-digit UTC timestamp and six digits, {@code 000000} for the
     * first migration of that second; one more than the highest version when that is not below it, since popx orders
     * versions as text and they all have 20 digits.
     */
    private static String nextPopxVersion(List<String> entries, LocalDateTime now) {
        BigInteger v = new BigInteger(COMPACT.format(now) + "000000");
        for (String existing : versions(entries, LEADING_DIGITS)) {
            if (existing.length() == 20 && new BigInteger(existing).compareTo(v) >= 0) {
                v = new BigInteger(existing).add(BigInteger.ONE);
            }
        }
        return v.toString();
    }

    /**
     * {@code .postgres} where the folder's ups mostly carry it (Ory's projects keep most of their PostgreSQL
     * migrations so) or the folder has none yet: what miglint scaffolds is PostgreSQL, and the infix tells the folder
     * apart from golang-migrate's. A folder of mostly dialect-independent files gets another one of those.
     */
    private static String popxDialectInfix(List<String> entries) {
        long ups = entries.stream().filter(e -> POPX_UP.matcher(e).matches()).count();
        long postgres = entries.stream()
                .filter(e -> e.matches("\\d+_[^.]+\\.postgres(\\.autocommit)?\\.up\\.sql"))
                .count();
        return ups == 0 || postgres * 2 > ups ? ".postgres" : "";
    }

    /**
     * goose create: a UTC timestamp ({@code 20060102150405}); with {@code -s}, {@code %05v} of the highest version
     * that is no timestamp plus one (create.go, Migrations.versioned). A folder whose versions are all sequential
     * gets the sequential form, as its authors run goose with {@code -s}.
     */
    private static String nextGooseVersion(List<String> entries, LocalDateTime now) {
        List<String> versions = versions(entries, LEADING_DIGITS);
        List<Long> sequential = new ArrayList<>();
        for (String v : versions) {
            if (parse(v, COMPACT).isEmpty()) {
                try {
                    sequential.add(Long.parseLong(v));
                } catch (NumberFormatException e) {
                    // not an int64: goose itself refuses the folder, and the timestamp form is the safe choice
                }
            }
        }
        if (!versions.isEmpty() && sequential.size() == versions.size()) {
            return String.format(java.util.Locale.ROOT, "%05d", java.util.Collections.max(sequential) + 1);
        }
        return nextTimestamp(entries, LEADING_DIGITS, COMPACT, now);
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
