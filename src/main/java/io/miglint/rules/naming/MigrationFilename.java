package io.miglint.rules.naming;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Category;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.SetContext;
import io.miglint.rule.SetRule;
import io.miglint.rule.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The tools pick migrations and their order by file name alone. A near-miss name (no direction, a single
 * underscore, an upper-case extension) is silently skipped; a timestamp of the wrong width sorts numerically far from
 * where it was meant to go ({@code 2024010509} is smaller than every {@code YYYYMMDDHHMMSS} version).
 * Files with no version at all are left to {@code unrecognized-file}.
 */
@RuleInfo(
        id = "migration-filename",
        summary = "Migration file name does not match its layout's pattern",
        severity = Severity.ERROR,
        category = Category.NAMING)
public final class MigrationFilename implements SetRule {
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern TIMESTAMP_LIKE = Pattern.compile("(19|2\\d)\\d{6,}");
    private static final Pattern DIESEL_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}-\\d{6}(-\\d{4})?|\\d{14}|0+");
    private static final Pattern PRISMA_FOLDER = Pattern.compile("\\d{14}_.*");
    private static final Pattern OTHER_DIALECT =
            Pattern.compile("\\.(mysql|sqlite3?|cockroach|mssql|sqlserver)\\.(up|down)\\.sql$");
    private static final Pattern DIGIT_LED = Pattern.compile("^\\d.*");
    private static final Pattern FLYWAY_LED = Pattern.compile("^[VUvu]\\s*\\d.*");

    @Override
    public void check(MigrationSet set, SetContext ctx) {
        if (set.layout() == LayoutKind.LIQUIBASE || set.layout() == LayoutKind.SQITCH) {
            // Liquibase runs what its changelog names, whatever the file is called, and a changeset is its id; sqitch
            // names and orders changes by sqitch.plan, and a script the plan does not name is unrecognized
            return;
        }
        for (Path p : set.otherFiles()) {
            misnamed(set.layout(), p)
                    .ifPresent(why -> ctx.reportFile(
                                    p,
                                    null,
                                    "'" + p.getFileName() + "' " + why + ", so "
                                            + set.layout().id() + " never runs it")
                            .help(
                                    set.layout() == LayoutKind.DRIZZLE
                                            ? "If it should run, give it its entry: `drizzle-kit generate --custom --name "
                                                    + "<name>` writes a new file with its journal entry, to move this SQL into; "
                                                    + "if it is kept for reference only, delete it or move it out of the folder."
                                            : "Rename it to " + set.layout().id() + "'s pattern `"
                                                    + pattern(set.layout()) + "`."));
        }
        List<Migration> versioned =
                set.migrations().stream().filter(m -> !"R".equals(m.kind())).toList();
        Map<Integer, Long> timestampWidths = versioned.stream()
                .map(m -> m.version().text())
                .filter(v -> TIMESTAMP_LIKE.matcher(v).matches())
                .collect(Collectors.groupingBy(String::length, Collectors.counting()));
        Map<Integer, Long> paddedWidths = versioned.stream()
                .map(m -> m.version().text())
                .filter(v -> DIGITS.matcher(v).matches() && v.startsWith("0") && v.length() > 1)
                .collect(Collectors.groupingBy(String::length, Collectors.counting()));
        Optional<Integer> timestampWidth =
                timestampWidths.containsKey(14) ? Optional.of(14) : dominant(timestampWidths);
        Optional<Integer> padding = dominant(paddedWidths);
        for (Migration m : versioned) {
            String v = m.version().text();
            String why = null;
            // The file still runs: a timestamp of another width runs out of order (warning), a padding slip only
            // sorts oddly in listings (info). A file the tool never runs at all is the error.
            Severity severity = Severity.WARNING;
            if (set.layout() == LayoutKind.DRIZZLE) {
                continue; // the journal decides the order; the number is only a file-name prefix
            }
            if (set.layout() == LayoutKind.PRISMA) {
                // Prisma runs the folders in the order of their names as text, whatever their timestamp's width
                if (!PRISMA_FOLDER.matcher(v).matches()) {
                    Optional<String> misplaced = dieselMisplaced(v, versioned);
                    if (misplaced.isPresent()) {
                        why = "folder " + v + " does not start with Prisma's YYYYMMDDHHMMSS_, and Prisma orders "
                                + "folders by name: " + misplaced.get();
                    }
                }
            } else if (set.layout() == LayoutKind.DIESEL) {
                if (!DIESEL_VERSION.matcher(v).matches()) {
                    Optional<String> misplaced = dieselMisplaced(v, versioned);
                    if (misplaced.isEmpty()) {
                        continue; // another spelling of its date that sorts where it was written: runs in order
                    }
                    why = "version " + v + " is not diesel's YYYY-MM-DD-HHMMSS, and diesel compares versions as text: "
                            + misplaced.get();
                }
            } else if (TIMESTAMP_LIKE.matcher(v).matches()) {
                why = timestampWidth
                        .filter(w -> w != v.length())
                        .map(w -> "version " + v + " has " + v.length()
                                + " digits where the folder's timestamps have " + w
                                + (w == 14 ? " (YYYYMMDDHHMMSS)" : "")
                                + (set.layout() == LayoutKind.POPX
                                        ? ": popx compares versions as text, so it runs out of the order of its date"
                                        : ": versions compare as numbers, so it sorts "
                                                + (v.length() < w ? "before" : "after") + " every one of them"))
                        .orElse(null);
            } else if (DIGITS.matcher(v).matches() && padding.isPresent()) {
                int w = padding.get();
                boolean inconsistent = v.length() < w || v.startsWith("0") && v.length() != w;
                why = inconsistent
                        ? "version " + v + " has " + v.length() + " digits where the folder pads " + "versions to " + w
                                + ": listings sort it out of place"
                        : null;
                severity = Severity.INFO;
            }
            if (why != null) {
                ctx.reportFile(MigrationName.reportedFile(m), MigrationName.ref(m), why)
                        .help("If no database has applied it yet, rename it to `" + pattern(set.layout())
                                + "` with the folder's version width, after the latest version already applied; once "
                                + "applied, leave the name: the tool records the version, and a renamed file is a new "
                                + "migration it runs again.")
                        .severity(severity);
            }
        }
    }

    /**
     * Where a diesel version of another spelling sorts away from its date: diesel orders versions as text, so
     * {@code 2017110900000000} sorts among the YYYY-MM-DD-HHMMSS folders of 2017-11 and runs in order, while {@code
     * 1_x} sorts before all of them. The date is the version's digits read as YYYYMMDDHHMMSS; empty when the text
     * order agrees with the date order against every other version (where it does not, the version with more such
     * pairs is the one out of place), and for a version without a date when no other version has one either.
     */
    static Optional<String> dieselMisplaced(String version, List<Migration> all) {
        String key = dateKey(version);
        if (key == null) {
            return all.stream().anyMatch(m -> dateKey(m.version().text()) != null)
                    ? Optional.of("it holds no date, so it sorts by its characters among the dated folders")
                    : Optional.empty();
        }
        // an inversion is a pair whose text order and date order differ; it is this version's doing only where it
        // has at least as many as the other one (rfcbot's 2017-09-17-025755 sorts before the folders of 2017-01 to
        // 2017-09 and inverts with each, while 2017080418520000 inverts only with it)
        int own = inversions(version, all).size();
        for (String other : inversions(version, all)) {
            if (own >= inversions(other, all).size()) {
                boolean before = version.compareTo(other) < 0;
                return Optional.of("it sorts " + (before ? "before " : "after ") + other + ", written "
                        + (before ? "before" : "after") + " it, so it runs out of order");
            }
        }
        return Optional.empty();
    }

    /** The dated versions whose order as text against {@code version} differs from their order by date. */
    private static List<String> inversions(String version, List<Migration> all) {
        String key = dateKey(version);
        if (key == null) {
            return List.of();
        }
        return all.stream()
                .map(m -> m.version().text())
                .filter(o -> {
                    String otherKey = dateKey(o);
                    return !o.equals(version)
                            && otherKey != null
                            && !otherKey.equals(key)
                            && Integer.signum(version.compareTo(o)) != Integer.signum(key.compareTo(otherKey));
                })
                .toList();
    }

    /** A version's digits as YYYYMMDDHHMMSS (cut or padded with zeros); null when they do not start with a date. */
    private static String dateKey(String version) {
        String digits = version.replaceAll("\\D", "");
        if (digits.length() < 8 || !digits.matches("(19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])\\d*")) {
            return null;
        }
        return digits.length() >= 14 ? digits.substring(0, 14) : (digits + "000000").substring(0, 14);
    }

    /** The most common width, when at least two versions agree and they are the majority. */
    private static Optional<Integer> dominant(Map<Integer, Long> widths) {
        long total = widths.values().stream().mapToLong(Long::longValue).sum();
        return widths.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .filter(e -> e.getValue() >= 2 && e.getValue() * 2 > total)
                .map(Map.Entry::getKey);
    }

    /** Why a file the layout did not take looks like a misnamed migration; empty when it does not look like one. */
    public static Optional<String> misnamed(LayoutKind layout, Path file) {
        if (layout == LayoutKind.SQITCH) {
            return Optional.empty();
        }
        String n = file.getFileName().toString();
        String lower = n.toLowerCase(Locale.ROOT);
        if (layout == LayoutKind.DIESEL) {
            boolean migrationFolder =
                    Files.isRegularFile(file.resolve("up.sql")) || Files.isRegularFile(file.resolve("down.sql"));
            return migrationFolder && Character.isDigit(n.charAt(0))
                    ? Optional.of("is not named {version}_{name} with a YYYY-MM-DD-HHMMSS version")
                    : Optional.empty();
        }
        if (layout == LayoutKind.PRISMA) {
            return lower.endsWith(".sql") && !Files.isDirectory(file)
                    ? Optional.of("is not a migration folder's migration.sql")
                    : Optional.empty();
        }
        if (layout == LayoutKind.DRIZZLE) {
            return lower.endsWith(".sql") ? Optional.of("has no entry in meta/_journal.json") : Optional.empty();
        }
        boolean sqlLike = lower.endsWith(".sql") || lower.endsWith(".psql") || lower.endsWith(".pgsql");
        Pattern led = layout == LayoutKind.FLYWAY ? FLYWAY_LED : DIGIT_LED;
        if (!sqlLike || !led.matcher(n).matches() || OTHER_DIALECT.matcher(n).find()) {
            return Optional.empty();
        }
        String versionPart = n.split("_", 2)[0];
        if (!n.endsWith(".sql")) {
            return Optional.of("has the extension '" + n.substring(n.indexOf('.', Math.max(0, n.length() - 7)))
                    + "' where the tool reads only '.sql'");
        }
        if (versionPart.matches(".*\\s.*") || layout != LayoutKind.FLYWAY && versionPart.matches(".*[A-Z].*")) {
            return Optional.of("has a space or an upper-case letter in its version part '" + versionPart + "'");
        }
        boolean underscored = n.matches("\\d+_.+");
        if ((layout == LayoutKind.GOLANG_MIGRATE
                        || layout == LayoutKind.SQLX
                        || layout == LayoutKind.POPX
                        || layout == LayoutKind.GOOSE)
                && !underscored) {
            return Optional.of("has no '_' between its version and its name");
        }
        if (layout == LayoutKind.GOOSE) {
            return Optional.of("has a version that does not fit goose's positive 64-bit integer");
        }
        if (layout == LayoutKind.SQLX) {
            return Optional.of("has a version that does not fit sqlx's positive 64-bit integer");
        }
        if (layout == LayoutKind.GOLANG_MIGRATE && !lower.matches(".*\\.(up|down)\\.sql")) {
            return Optional.of("has no direction: golang-migrate reads only {version}_{name}.up.sql and .down.sql");
        }
        if (layout == LayoutKind.POPX) {
            return Optional.of("does not match popx's pattern {version}_{name}[.{dialect}][.autocommit].(up|down).sql "
                    + "(a name without dots, lower-case markers), and popx refuses to load a folder holding such a .sql "
                    + "file");
        }
        if (layout == LayoutKind.GOLANG_MIGRATE) {
            return Optional.of("spells its direction in upper case where golang-migrate expects '.up.sql'/'.down.sql'");
        }
        if (layout == LayoutKind.FLYWAY && !n.contains("__")) {
            return Optional.of("has a single '_' where Flyway separates version and description with '__'");
        }
        return Optional.of("does not match " + pattern(layout));
    }

    static String pattern(LayoutKind layout) {
        return switch (layout) {
            case GOLANG_MIGRATE -> "{version}_{name}.up.sql / {version}_{name}.down.sql";
            case DBMATE -> "YYYYMMDDHHMMSS_{name}.sql";
            case SQLX -> "YYYYMMDDHHMMSS_{description}.sql (or .up.sql/.down.sql)";
            case DIESEL -> "YYYY-MM-DD-HHMMSS_{name}/up.sql + down.sql";
            case FLYWAY -> "V{version}__{description}.sql";
            case NUMBERED -> "NNN_{description}.sql";
            case ROLLBACK_SUFFIX -> "YYYYMMDD_HHMMSS_{name}.sql + YYYYMMDD_HHMMSS_{name}_rollback.sql";
            case POPX -> "{version}_{name}[.postgres][.autocommit].up.sql / .down.sql";
            case LIQUIBASE -> "a file the changelog includes, or '--liquibase formatted sql' changesets";
            case SQITCH -> "deploy/{change}.sql + revert/{change}.sql, the change named in sqitch.plan";
            case GOOSE -> "YYYYMMDDHHMMSS_{name}.sql";
            case PRISMA -> "YYYYMMDDHHMMSS_{name}/migration.sql";
            case DRIZZLE -> "NNNN_{name}.sql with an entry in meta/_journal.json";
        };
    }
}
