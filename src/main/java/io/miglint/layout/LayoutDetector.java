package io.miglint.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which tool a folder of migrations belongs to, from its file names and, where names are shared between tools,
 * from what the files and the project around them say.
 */
public final class LayoutDetector {
    /** golang-migrate's source-driver pattern {@code ^([0-9]+)_(.*)\.(down|up)\.(.*)$}, restricted to .sql. */
    static final Pattern GOLANG = Pattern.compile("^(\\d+)_(.*)\\.(up|down)\\.sql$");
    /** sqlx: {@code splitn(2, '_')}, the first part an i64, the rest ending in .sql. */
    static final Pattern SQLX = Pattern.compile("^(\\d+)_(.+)\\.sql$");
    /** dbmate: a file whose name starts with digits and ends in .sql. */
    static final Pattern DBMATE = Pattern.compile("^(\\d+)(.*)\\.sql$");
    /**
     * goose's NumericComponent (migration.go): the part before the first {@code _} parsed as an int64 above zero;
     * only .sql files are read here (its .go migrations are Go code).
     */
    static final Pattern GOOSE = Pattern.compile("^(\\d+)_(.*)\\.sql$");

    /**
     * A diesel migration folder: diesel takes the version up to the first {@code _} (migrations_internals,
     * version_from_string), so a digit-led folder without one runs too, its whole name the version.
     */
    static final Pattern DIESEL_DIR = Pattern.compile("^(\\d[\\d-]*)_(.+)$|^(\\d[^_]*)$");

    /**
     * A Flyway versioned or undo script. Its description is optional: Flyway takes a name without {@code __} as all
     * version ({@code V6.1.0.6.sql} is version 6.1.0.6 with an empty description; MigrationInfoHelper).
     */
    static final Pattern FLYWAY_VERSIONED = Pattern.compile("^([VU])(\\d[\\d._]*?)(?:__(.*))?\\.sql$");

    static final Pattern FLYWAY_REPEATABLE = Pattern.compile("^R__(.+)\\.sql$");
    /**
     * The ids of Flyway 11's callback events: a script named {@code afterMigrate.sql} or {@code
     * beforeEachMigrate__x.sql} is a callback Flyway runs at that event, not a migration (SqlScriptCallbackFactory).
     */
    private static final Set<String> FLYWAY_CALLBACK_EVENTS = Set.of(
            "beforeClean",
            "afterClean",
            "afterCleanError",
            "beforeMigrate",
            "beforeEachMigrate",
            "beforeEachMigrateStatement",
            "afterEachMigrateStatement",
            "afterEachMigrateStatementError",
            "afterEachMigrate",
            "afterEachMigrateError",
            "beforeRepeatables",
            "afterVersioned",
            "afterMigrateApplied",
            "afterMigrate",
            "afterMigrateError",
            "beforeUndo",
            "beforeEachUndo",
            "beforeEachUndoStatement",
            "afterEachUndoStatement",
            "afterEachUndoStatementError",
            "afterEachUndo",
            "afterEachUndoError",
            "afterUndo",
            "afterUndoError",
            "beforeValidate",
            "afterValidate",
            "afterValidateError",
            "beforeBaseline",
            "afterBaseline",
            "afterBaselineError",
            "beforeRepair",
            "afterRepair",
            "afterRepairError",
            "beforeInfo",
            "afterInfo",
            "afterInfoError",
            "afterMigrateOperationFinish",
            "afterInfoOperationFinish",
            "createSchema",
            "beforeCreateSchema",
            "beforeConnect",
            "afterConnect");

    /** Whether a file name is a Flyway SQL callback: an event id, optionally {@code __} and a description. */
    public static boolean flywayCallback(String fileName) {
        if (!fileName.endsWith(".sql")) {
            return false;
        }
        String name = fileName.substring(0, fileName.length() - ".sql".length());
        int separator = name.indexOf("__");
        return FLYWAY_CALLBACK_EVENTS.contains(separator < 0 ? name : name.substring(0, separator));
    }

    static final Pattern ROLLBACK = Pattern.compile("^(\\d{8}_\\d{6})_(.+?)(_rollback)?\\.sql$");
    static final Pattern NUMBERED = Pattern.compile("^(\\d+)(?:[_.-](.*))?\\.sql$");
    /** Dialect infixes of ory/popx ({@code 1_x.mysql.up.sql}); only the PostgreSQL one (or none) is ours. */
    static final Pattern OTHER_DIALECT = Pattern.compile("\\.(mysql|sqlite3?|cockroach|mssql|sqlserver)$");

    /**
     * ory/popx's {@code MigrationFileRegexp} (popx/match.go), restricted to .sql as popx's file walk is: version, a
     * name without dots, an optional dialect, an optional {@code .autocommit}, direction. Like Go's regexp, the
     * optional dialect group takes {@code .autocommit} when no dialect precedes it ({@code x.autocommit.up.sql}), which
     * popx then reads as the autocommit marker of a dialect-independent file.
     */
    static final Pattern POPX = Pattern.compile("^(\\d+)_([^.]+)(\\.[a-z0-9]+)?(\\.autocommit)?\\.(up|down)\\.sql$");

    /** popx's version convention: a YYYYMMDDHHMMSS timestamp and six more digits (ory/kratos, hydra, keto). */
    private static final Pattern POPX_VERSION = Pattern.compile("^\\d{20}_.*");

    /**
     * The dialect names pop knows, with its synonyms read as pop's {@code CanonicalDialect} reads them (postgres:
     * postgresql, pg, pgx; cockroach: cockroachdb, crdb; sqlite3: sqlite), plus popx's own yugabyte spellings.
     */
    private static final Map<String, String> POP_DIALECTS = Map.ofEntries(
            Map.entry("postgres", "postgres"),
            Map.entry("postgresql", "postgres"),
            Map.entry("pg", "postgres"),
            Map.entry("pgx", "postgres"),
            Map.entry("mysql", "mysql"),
            Map.entry("mariadb", "mysql"),
            Map.entry("cockroach", "cockroach"),
            Map.entry("cockroachdb", "cockroach"),
            Map.entry("crdb", "cockroach"),
            Map.entry("sqlite3", "sqlite3"),
            Map.entry("sqlite", "sqlite3"),
            Map.entry("yugabyte", "yugabyte"),
            Map.entry("yugabytedb", "yugabyte"));

    /** What popx reads from one file name ({@code popx/match.go}, parseMigrationFilename). */
    record PopxName(String version, String name, String dialect, boolean autocommit, Direction direction) {
        /** popx runs the file on PostgreSQL: it is dialect-independent ("all") or for postgres. */
        boolean forPostgres() {
            return dialect.equals("all") || dialect.equals("postgres");
        }
    }

    /**
     * popx's reading of a file name; empty when it does not match popx's pattern. A dialect pop does not know gives
     * the dialect {@code "?"}: popx skips such a file ("unsupported dialect").
     */
    /**
     * The twin a popx file without a dialect infix may have for PostgreSQL ({@code x.up.sql} to {@code
     * x.postgres.up.sql}, {@code x.autocommit.up.sql} to {@code x.postgres.autocommit.up.sql}), which popx runs there
     * instead of it; empty for a file of a dialect, or no popx file.
     */
    public static Optional<String> popxPostgresTwin(String fileName) {
        return popx(fileName).flatMap(n -> popxPostgresTwin(fileName, n.autocommit()));
    }

    /** {@link #popxPostgresTwin(String)}, marked {@code .autocommit} or not as asked. */
    public static Optional<String> popxPostgresTwin(String fileName, boolean autocommit) {
        return popx(fileName)
                .filter(n -> n.dialect().equals("all"))
                .map(n -> n.version() + "_" + n.name() + ".postgres" + (autocommit ? ".autocommit" : "") + "."
                        + (n.direction() == Direction.UP ? "up" : "down") + ".sql");
    }

    /**
     * The dialect of a popx file as popx reads its name: {@code all} without a dialect infix, {@code postgres} for a
     * PostgreSQL one, … ; empty for no popx file.
     */
    public static Optional<String> popxDialect(String fileName) {
        return popx(fileName).map(PopxName::dialect);
    }

    static Optional<PopxName> popx(String fileName) {
        Matcher m = POPX.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        String infix = m.group(3);
        boolean autocommit = m.group(4) != null;
        String dialect;
        if (infix == null) {
            dialect = "all";
        } else if (infix.equals(".autocommit")) {
            autocommit = true;
            dialect = "all";
        } else {
            dialect = POP_DIALECTS.getOrDefault(infix.substring(1), "?");
        }
        Direction d = m.group(5).equals("up") ? Direction.UP : Direction.DOWN;
        return Optional.of(new PopxName(m.group(1), m.group(2), dialect, autocommit, d));
    }

    /** Prisma Migrate's files: {@code migration_lock.toml} beside the folders, {@code migration.sql} in each. */
    static final String PRISMA_LOCK = "migration_lock.toml";

    static final String PRISMA_SCRIPT = "migration.sql";
    /** Drizzle Kit's journal, {@code meta/_journal.json} beside the {@code NNNN_name.sql} files it lists. */
    static final String DRIZZLE_JOURNAL = "meta/_journal.json";

    private static final Pattern DIGIT_LED_SQL = Pattern.compile("^\\d.*\\.sql$");
    private static final Pattern TIMESTAMP_VERSION = Pattern.compile("^\\d{14}_.+\\.sql$");
    // Statements a migration tool would manage itself; in a hand-run script they show it is run as written by psql.
    private static final Pattern PSQL_SCRIPT = Pattern.compile(
            "^[\\t ]*(BEGIN|START[\\t ]+TRANSACTION|COMMIT)[\\t ]*;|^\\\\[a-z]",
            Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    private static final String NO_TRANSACTION = "-- no-transaction";

    private LayoutDetector() {}

    /** The layout this folder fits, or empty when no file of it looks like a migration. */
    public static Optional<LayoutGuess> detect(Path folder) throws IOException {
        return detect(FolderEntries.list(folder));
    }

    /** Per layout, how many entries of the folder it would take as migrations; zero scores are left out. */
    public static List<LayoutScore> scores(Path folder) throws IOException {
        return scores(FolderEntries.list(folder));
    }

    static List<LayoutScore> scores(FolderEntries entries) {
        Counts c = count(entries);
        List<LayoutScore> scores = new ArrayList<>();
        if (sqitchProject(entries)) {
            addScore(scores, LayoutKind.SQITCH, Math.max(1, sqitchChanges(entries)));
        }
        addScore(scores, LayoutKind.PRISMA, c.prismaDirs + (c.prismaLock ? 1 : 0));
        addScore(scores, LayoutKind.DRIZZLE, c.drizzleJournal ? c.digitLed + 1 : 0);
        addScore(scores, LayoutKind.DIESEL, c.dieselDirs);
        addScore(scores, LayoutKind.FLYWAY, c.flyway);
        addScore(scores, LayoutKind.DBMATE, c.dbmate);
        addScore(scores, LayoutKind.GOOSE, c.goose);
        addScore(scores, LayoutKind.GOLANG_MIGRATE, c.golangUp + c.golangDown);
        addScore(scores, LayoutKind.SQLX, c.sqlx);
        addScore(scores, LayoutKind.ROLLBACK_SUFFIX, c.rollbackFiles > 0 ? c.rollbackShaped : 0);
        addScore(scores, LayoutKind.NUMBERED, c.numbered);
        addScore(scores, LayoutKind.POPX, c.popxMarked > 0 ? c.popx : 0);
        scores.sort((a, b) -> Integer.compare(b.entries(), a.entries()));
        return scores;
    }

    private static void addScore(List<LayoutScore> scores, LayoutKind layout, int n) {
        if (n > 0) {
            scores.add(new LayoutScore(layout, n));
        }
    }

    static Optional<LayoutGuess> detect(FolderEntries entries) {
        if (sqitchProject(entries)) {
            int changes = sqitchChanges(entries);
            return guess(LayoutKind.SQITCH, "sqitch.plan (" + changes + " changes) with a deploy/ folder", changes);
        }
        Optional<LayoutGuess> liquibase = liquibase(entries);
        if (liquibase.isPresent()) {
            return liquibase;
        }
        Counts c = count(entries);
        int n = c.digitLed;
        // Both tools name their own side file, which no other layout has: it decides before any file name does.
        if (c.drizzleJournal) {
            return guess(
                    LayoutKind.DRIZZLE,
                    DRIZZLE_JOURNAL + " (Drizzle Kit's journal) beside " + n + " {NNNN}_{name}.sql files",
                    n + 1);
        }
        if (c.prismaLock || c.prismaDirs > 0 && c.prismaDirs >= n && c.prismaDirs >= c.dieselDirs) {
            return guess(
                    LayoutKind.PRISMA,
                    c.prismaDirs + " folders {timestamp}_{name}/ with " + PRISMA_SCRIPT
                            + (c.prismaLock ? " and Prisma Migrate's " + PRISMA_LOCK : ""),
                    c.prismaDirs + (c.prismaLock ? 1 : 0));
        }
        if (c.dieselDirs > 0 && c.dieselDirs >= n && c.dieselDirs >= c.flyway) {
            return guess(LayoutKind.DIESEL, c.dieselDirs + " folders {version}_{name}/ with up.sql", c.dieselDirs);
        }
        if (c.flyway > 0 && c.flyway >= n) {
            return guess(
                    LayoutKind.FLYWAY, c.flyway + " Flyway scripts V{version}__/U{version}__/R__{name}.sql", c.flyway);
        }
        if (n == 0) {
            return Optional.empty();
        }
        if (c.goose > 0 && c.goose * 2 >= n && c.goose >= c.dbmate) {
            return guess(LayoutKind.GOOSE, c.goose + " {version}_{name}.sql files with a '-- +goose Up' line", c.goose);
        }
        if (c.dbmate > 0 && c.dbmate * 2 >= n) {
            return guess(LayoutKind.DBMATE, c.dbmate + " files with a '-- migrate:up' section", c.dbmate);
        }
        Optional<String> sqlxSignal = sqlxSignal(entries, c);
        ProjectMarkers project = ProjectMarkers.above(entries.folder());
        Optional<String> popxSignal = popxSignal(c, project);
        if (c.popx * 2 >= n && popxSignal.isPresent()) {
            return guess(
                    LayoutKind.POPX,
                    c.popx + " {version}_{name}[.{dialect}][.autocommit].up.sql/.down.sql files " + "and "
                            + popxSignal.get(),
                    c.popx);
        }
        int reversible = c.golangUp + c.golangDown;
        if (c.golangUp > 0 && reversible * 2 >= n) {
            String names = reversible + " {version}_{name}.up.sql/.down.sql files";
            if (sqlxSignal.isPresent()) {
                return guess(LayoutKind.SQLX, names + " and " + sqlxSignal.get(), reversible);
            }
            Optional<LayoutKind> tool = project.reversibleNamesTool();
            if (tool.isPresent()) {
                return guess(tool.get(), names + " and " + project.evidence(), reversible);
            }
            // Both tools read these names; only the execution differs. golang-migrate's reading is kept (a file is
            // one query, never wrapped), and helps that name a tool's way out of a transaction name both.
            return Optional.of(new LayoutGuess(
                    LayoutKind.GOLANG_MIGRATE,
                    names + ", which golang-migrate and "
                            + "sqlx both read; nothing tells them apart (no file starts with '-- no-transaction', and "
                            + project.evidence()
                            + "), so they are read as golang-migrate's; --layout or layout: settles it",
                    reversible,
                    Optional.of(LayoutKind.SQLX)));
        }
        if (c.rollbackFiles > 0 && c.rollbackShaped * 2 >= n) {
            return guess(
                    LayoutKind.ROLLBACK_SUFFIX,
                    c.rollbackShaped + " YYYYMMDD_HHMMSS_{name}.sql files, " + c.rollbackFiles
                            + " with a _rollback.sql partner",
                    c.rollbackShaped);
        }
        if (sqlxSignal.isEmpty() && project.simpleNamesSqlx()) {
            sqlxSignal = Optional.of(project.evidence());
        }
        if (sqlxSignal.isPresent() && c.sqlx * 2 >= n) {
            return guess(LayoutKind.SQLX, c.sqlx + " {i64}_{description}.sql files and " + sqlxSignal.get(), c.sqlx);
        }
        if (c.psqlScripts == 0 && c.timestamped > 0 && c.timestamped * 2 >= n && c.sqlx * 2 >= n) {
            return guess(
                    LayoutKind.SQLX,
                    c.timestamped + " {YYYYMMDDHHMMSS}_{description}.sql files as "
                            + "'sqlx migrate add' names them, without BEGIN/COMMIT or psql commands",
                    c.sqlx);
        }
        if (c.numbered > 0) {
            String why = c.psqlScripts > 0
                    ? ", " + c.psqlScripts + " of them with explicit BEGIN/COMMIT or psql "
                            + "commands (run as written)"
                    : " (run as written)";
            return guess(LayoutKind.NUMBERED, c.numbered + " numbered or date-prefixed scripts" + why, c.numbered);
        }
        return Optional.empty();
    }

    /**
     * What sets a popx folder apart from golang-migrate's, which reads the same {@code {version}_{name}.up.sql}
     * names: a {@code .autocommit} marker (golang-migrate has none: it would take it as part of the name), or popx's
     * 20-digit versions together with a dialect infix ({@code .postgres.}, {@code .mysql.}) or a go.mod that requires
     * ory/x or ory/popx. Dialect infixes alone are not enough: a golang-migrate folder may name files for an engine.
     */
    private static Optional<String> popxSignal(Counts c, ProjectMarkers project) {
        if (c.popx == 0) {
            return Optional.empty();
        }
        if (c.popxAutocommit > 0) {
            return Optional.of(c.popxAutocommit + " with popx's .autocommit marker");
        }
        if (c.popxWide * 2 < c.popx) {
            return Optional.empty();
        }
        if (c.popxDialect > 0) {
            return Optional.of(c.popxWide + " with popx's 20-digit versions and " + c.popxDialect
                    + " with a dialect infix (.postgres., .mysql., …)");
        }
        if (project.goModNamesOry()) {
            return Optional.of(c.popxWide + " with popx's 20-digit versions and " + project.oryEvidence());
        }
        return Optional.empty();
    }

    /**
     * Liquibase: a master changelog ({@code *changelog*.yaml|yml|json|xml} saying {@code databaseChangeLog}), or a
     * folder whose SQL files are mostly in Liquibase's formatted SQL ({@code --liquibase formatted sql} first).
     */
    static Optional<LayoutGuess> liquibase(FolderEntries entries) {
        for (String f : entries.files()) {
            if (LiquibaseChangelog.MASTER_NAME.matcher(f).matches()
                    && LiquibaseChangelog.isMasterChangelog(f, entries.text(f))) {
                return guess(LayoutKind.LIQUIBASE, "the Liquibase changelog " + f, 1);
            }
        }
        List<String> sql = entries.sqlFiles();
        if (sql.isEmpty()) {
            return Optional.empty();
        }
        long formatted = sql.stream()
                .filter(f -> LiquibaseChangelog.isFormatted(entries.text(f)))
                .count();
        if (formatted > 0 && formatted * 2 >= sql.size()) {
            return guess(
                    LayoutKind.LIQUIBASE,
                    formatted + " files in Liquibase's formatted SQL ('--liquibase formatted sql')",
                    (int) formatted);
        }
        return Optional.empty();
    }

    /**
     * A sqitch project's top folder: sqitch reads {@code sqitch.plan} there and each change's scripts below
     * {@code deploy/} (Target.pm's defaults; no other tool names either).
     */
    static boolean sqitchProject(FolderEntries entries) {
        return entries.hasFile("sqitch.plan") && entries.directories().contains("deploy");
    }

    private static int sqitchChanges(FolderEntries entries) {
        return SqitchPlan.parse(entries.text("sqitch.plan")).changes().size();
    }

    private static Optional<LayoutGuess> guess(LayoutKind layout, String evidence, int entries) {
        return Optional.of(new LayoutGuess(layout, evidence, entries));
    }

    private static Optional<String> sqlxSignal(FolderEntries entries, Counts c) {
        for (String f : entries.sqlFiles()) {
            if (DIGIT_LED_SQL.matcher(f).matches()
                    && startsWithNoTransaction(entries.folder().resolve(f))) {
                return Optional.of(f + " starts with '-- no-transaction'");
            }
        }
        if (c.seedPairs > 0) {
            return Optional.of(c.seedPairs + " {version}_{name}.sql files paired with a .down.sql");
        }
        return Optional.empty();
    }

    /** sqlx's rule is {@code sql.starts_with("-- no-transaction")}: the very first bytes, no BOM, no blank line. */
    static boolean startsWithNoTransaction(Path file) {
        byte[] head = new byte[NO_TRANSACTION.length()];
        try (var in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            return n == head.length && new String(head, StandardCharsets.UTF_8).equals(NO_TRANSACTION);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static final class Counts {
        int digitLed;
        int dieselDirs;
        int flyway;
        int dbmate;
        int goose;
        int golangUp;
        int golangDown;
        int sqlx;
        int seedPairs;
        int rollbackFiles;
        int rollbackShaped;
        int numbered;
        int timestamped;
        int psqlScripts;
        int popx;
        int popxAutocommit;
        int popxDialect;
        int popxWide;
        int popxMarked;
        int prismaDirs;
        boolean prismaLock;
        boolean drizzleJournal;
    }

    private static Counts count(FolderEntries entries) {
        Counts c = new Counts();
        c.prismaLock = entries.hasFile(PRISMA_LOCK);
        c.drizzleJournal = entries.directories().contains("meta")
                && Files.isRegularFile(entries.folder().resolve(DRIZZLE_JOURNAL));
        for (String dir : entries.directories()) {
            Path d = entries.folder().resolve(dir);
            if (Files.isRegularFile(d.resolve(PRISMA_SCRIPT))) {
                c.prismaDirs++;
            }
            if (DIESEL_DIR.matcher(dir).matches()
                    && (Files.isRegularFile(d.resolve("up.sql")) || Files.isRegularFile(d.resolve("down.sql")))) {
                c.dieselDirs++;
            }
        }
        Set<String> simpleVersions = new HashSet<>();
        List<String> downVersions = new ArrayList<>();
        List<String> sqlFiles = entries.sqlFiles();
        // Reading and searching each file's text is most of discovery: done on every core, counted in order below.
        Map<String, boolean[]> textFacts = new ConcurrentHashMap<>();
        sqlFiles.parallelStream()
                .filter(f -> DIGIT_LED_SQL.matcher(f).matches())
                .forEach(f -> {
                    String text = entries.text(f);
                    textFacts.put(f, new boolean[] {
                        DbmateSections.hasUpDirective(text),
                        psqlScript(text),
                        GOOSE.matcher(f).matches() && GooseScript.hasUpAnnotation(text)
                    });
                });
        for (String f : sqlFiles) {
            if (FLYWAY_VERSIONED.matcher(f).matches()
                    || FLYWAY_REPEATABLE.matcher(f).matches()) {
                c.flyway++;
            }
            if (!DIGIT_LED_SQL.matcher(f).matches()) {
                continue;
            }
            c.digitLed++;
            boolean[] facts = textFacts.get(f);
            if (facts[0]) {
                c.dbmate++;
            }
            if (facts[1]) {
                c.psqlScripts++;
            }
            if (facts[2]) {
                c.goose++;
            }
            Matcher g = GOLANG.matcher(f);
            if (g.matches() && !OTHER_DIALECT.matcher(g.group(2)).find()) {
                if (g.group(3).equals("up")) {
                    c.golangUp++;
                } else {
                    c.golangDown++;
                }
            }
            Optional<PopxName> p = popx(f);
            if (p.isPresent()) {
                c.popx++;
                if (p.get().autocommit()) {
                    c.popxAutocommit++;
                }
                if (!p.get().dialect().equals("all") && !p.get().dialect().equals("?")) {
                    c.popxDialect++;
                }
                if (POPX_VERSION.matcher(f).matches()) {
                    c.popxWide++;
                }
            }
            Matcher s = SQLX.matcher(f);
            if (s.matches() && fitsI64(s.group(1))) {
                c.sqlx++;
                if (f.endsWith(".down.sql")) {
                    downVersions.add(s.group(1));
                } else if (!f.endsWith(".up.sql")) {
                    simpleVersions.add(s.group(1));
                }
            }
            Matcher r = ROLLBACK.matcher(f);
            if (r.matches()) {
                c.rollbackShaped++;
                if (r.group(3) != null) {
                    c.rollbackFiles++;
                }
            }
            if (NUMBERED.matcher(f).matches()) {
                c.numbered++;
            }
            if (TIMESTAMP_VERSION.matcher(f).matches()) {
                c.timestamped++;
            }
        }
        c.popxMarked = c.popxAutocommit + c.popxDialect;
        for (String v : downVersions) {
            if (simpleVersions.contains(v)) {
                c.seedPairs++;
            }
        }
        return c;
    }

    /**
     * {@code PSQL_SCRIPT.matcher(text).find()}, but the pattern is tried only at line starts whose first non-blank
     * character can begin a match: a regex search tries every position of the file, and every digit-led file of
     * every folder is searched during discovery. Line starts are those of {@code Pattern.MULTILINE} without
     * UNIX_LINES (after \n, \r not followed by \n, \u0085, \u2028, \u2029; not at the very end).
     */
    static boolean psqlScript(String text) {
        int n = text.length();
        Matcher m = null;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
                j++;
            }
            if (j < n) {
                char c = (char) (text.charAt(j) | 0x20);
                if (text.charAt(j) == '\\' || c == 'b' || c == 's' || c == 'c') {
                    if (m == null) {
                        m = PSQL_SCRIPT.matcher(text);
                    }
                    m.region(i, n);
                    if (m.lookingAt()) {
                        return true;
                    }
                }
            }
            // Next line start.
            while (j < n) {
                char c = text.charAt(j++);
                if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                    break;
                }
                if (c == '\r') {
                    if (j < n && text.charAt(j) == '\n') {
                        j++;
                    }
                    break;
                }
            }
            i = j;
        }
        return false;
    }

    /** sqlx parses the version as an i64 and needs it above zero. */
    static boolean fitsI64(String digits) {
        try {
            return Long.parseLong(digits) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
