package io.miglint.layout;

import io.miglint.diagnostic.ToolError;
import io.miglint.diagnostic.ToolError.Kind;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one folder as the migrations of a given tool: versions, names, up/down pairs and how each script runs. */
public final class MigrationFolderReader {
    /** diesel's metadata.toml switch; diesel wraps every migration in a transaction unless it is false. */
    private static final Pattern RUN_OUTSIDE_TRANSACTION =
            Pattern.compile("^[\\t ]*run_in_transaction[\\t ]*=[\\t ]*false[\\t ]*(#.*)?$", Pattern.MULTILINE);
    /** Flyway's per-script configuration ({@code V1__x.sql.conf}). */
    private static final Pattern FLYWAY_NO_TRANSACTION =
            Pattern.compile("^[\\t ]*executeInTransaction[\\t ]*=[\\t ]*false[\\t ]*$", Pattern.MULTILINE);

    private static final Execution GOLANG_EXECUTION = new Execution(
            false,
            true,
            "golang-migrate sends the whole file as one query; PostgreSQL runs a multi-statement query as one "
                    + "implicit transaction");
    private static final Execution AS_WRITTEN = new Execution(
            false,
            false,
            "the script is run as written, one statement at a time as psql does (its own BEGIN/COMMIT decide)");

    /**
     * sqitch's pg engine runs each script with {@code psql --set ON_ERROR_STOP=1 --file} (lib/App/Sqitch/Engine/pg.pm
     * {@code _client_opts}, {@code run_file}) and opens no transaction around it: the script's own BEGIN/COMMIT decide.
     */
    private static final Execution SQITCH_EXECUTION = new Execution(
            false,
            false,
            "sqitch runs the script with psql -f and ON_ERROR_STOP=1, one statement at a time and without a "
                    + "transaction of its own (the script's BEGIN/COMMIT decide)");

    /**
     * prisma-engines, connector/native/mod.rs apply_migration_script: {@code client.simple_query(script)}, no BEGIN
     * of its own.
     */
    private static final Execution PRISMA_EXECUTION = new Execution(
            false,
            true,
            "prisma migrate deploy sends the whole migration.sql as one query, without a transaction of its own");

    /**
     * drizzle-orm, pg-core/dialect.ts migrate(): one {@code session.transaction} around every pending migration, each
     * cut at the breakpoint marker and sent piece by piece.
     */
    static final String DRIZZLE_BREAKPOINT = "--> statement-breakpoint";

    private static final Execution DRIZZLE_EXECUTION = new Execution(
            true, false, "drizzle-orm's migrate() runs all pending migrations in one transaction", DRIZZLE_BREAKPOINT);

    /** A read folder plus what was wrong with single files (a dbmate file dbmate would refuse, an unreadable file). */
    public record Result(MigrationSet set, List<ToolError> problems) {}

    private MigrationFolderReader() {}

    /**
     * @param folder        the folder to read (its real path is recorded in the set)
     * @param layout        the tool whose rules apply
     * @param detectedBy    the evidence or "--layout", copied into the set
     */
    public static Result read(Path folder, LayoutKind layout, String detectedBy) throws IOException {
        return read(FolderEntries.list(folder), folder, layout, detectedBy);
    }

    static Result read(FolderEntries entries, Path shownFolder, LayoutKind layout, String detectedBy)
            throws IOException {
        return read(entries, shownFolder, layout, detectedBy, Optional.empty());
    }

    /** @param alsoFits the other tool detection could not rule out, copied into the set */
    static Result read(
            FolderEntries entries,
            Path shownFolder,
            LayoutKind layout,
            String detectedBy,
            Optional<LayoutKind> alsoFits)
            throws IOException {
        Path real = entries.folder().toRealPath();
        Builder b = new Builder(entries, real, shownFolder, layout);
        entries.unusable().entrySet().stream()
                // a Prisma migration is a folder, whatever its name: 20250517173700_x.sql/ holds a migration.sql
                .filter(u -> layout != LayoutKind.PRISMA
                        || !Files.isRegularFile(
                                entries.folder().resolve(u.getKey()).resolve(LayoutDetector.PRISMA_SCRIPT)))
                .forEach(u -> b.problems.add(new ToolError(
                        Kind.UNREADABLE_FILE, u.getValue(), DisplayPath.of(shownFolder.resolve(u.getKey())), 0, 0)));
        b.problems.addAll(notFollowed(entries, shownFolder));
        switch (layout) {
            case GOLANG_MIGRATE -> b.golangMigrate();
            case DBMATE -> b.dbmate();
            case SQLX -> b.sqlx();
            case DIESEL -> b.diesel();
            case FLYWAY -> b.flyway();
            case NUMBERED -> b.numbered();
            case ROLLBACK_SUFFIX -> b.rollbackSuffix();
            case POPX -> b.popx();
            case LIQUIBASE -> b.liquibase();
            case SQITCH -> b.sqitch();
            case GOOSE -> b.goose();
            case PRISMA -> b.prisma();
            case DRIZZLE -> b.drizzle();
            default -> throw new IllegalStateException("unhandled layout " + layout);
        }
        return new Result(
                new MigrationSet(
                        real,
                        DisplayPath.of(shownFolder),
                        layout,
                        detectedBy,
                        b.ordered(),
                        List.copyOf(b.other),
                        alsoFits),
                List.copyOf(b.problems));
    }

    /** The links out of the root and the entries that could not be examined, one tool error each. */
    static List<ToolError> notFollowed(FolderEntries entries, Path shownFolder) {
        List<ToolError> problems = new ArrayList<>();
        entries.unopened()
                .forEach((name, why) -> problems.add(
                        new ToolError(Kind.UNREADABLE_FILE, why, DisplayPath.of(shownFolder.resolve(name)), 0, 0)));
        for (String name : entries.outside()) {
            problems.add(outsideLink(DisplayPath.of(shownFolder.resolve(name)), entries.root()));
        }
        return problems;
    }

    /** A link leaving the root: its own path and the root are shown, never its target or the target's content. */
    static ToolError outsideLink(String shownLink, Path root) {
        return new ToolError(
                Kind.OUTSIDE_REPOSITORY_LINK,
                "symbolic link to a target outside " + DisplayPath.of(root)
                        + "; not followed and not read (a link in a pull request could otherwise put any file the runner "
                        + "can read into the report); replace it with the file itself",
                shownLink,
                0,
                0);
    }

    private static final class Builder {
        final FolderEntries entries;
        final Path real;
        final Path shown;
        final LayoutKind layout;
        final List<Half> halves = new ArrayList<>();
        final List<Migration> whole = new ArrayList<>();
        final List<Path> other = new ArrayList<>();
        final List<ToolError> problems = new ArrayList<>();

        Builder(FolderEntries entries, Path real, Path shown, LayoutKind layout) {
            this.entries = entries;
            this.real = real;
            this.shown = shown;
            this.layout = layout;
        }

        MigrationScript script(String relative, Direction direction, int start, int end, Execution execution) {
            return new MigrationScript(
                    real.resolve(relative), DisplayPath.of(shown.resolve(relative)), direction, start, end, execution);
        }

        void otherFile(String name) {
            other.add(real.resolve(name));
        }

        void golangMigrate() {
            for (String f : entries.files()) {
                Matcher m = LayoutDetector.GOLANG.matcher(f);
                if (!m.matches()
                        || LayoutDetector.OTHER_DIALECT.matcher(m.group(2)).find()) {
                    otherFile(f);
                    continue;
                }
                String name = m.group(2).replaceFirst("\\.postgres(ql)?$", "");
                Direction d = m.group(3).equals("up") ? Direction.UP : Direction.DOWN;
                halves.add(new Half(Version.parse(m.group(1)), name, null, script(f, d, 0, -1, GOLANG_EXECUTION)));
            }
        }

        /**
         * ory/popx (popx/migration_box.go, migration_info.go, migrator.go): every file matching popx's pattern is
         * read; on PostgreSQL popx keeps, per version and direction, the {@code .postgres.} file over the
         * dialect-independent one (sortAndFilter: the more specific wins) and ignores other dialects' files, which
         * are therefore neither migrations nor stray files here. A file runs in a transaction of its own (with the
         * row popx writes to schema_migration) unless it is marked {@code .autocommit}; either way its whole text is
         * one Exec without arguments, which pgx sends as one simple-protocol query.
         */
        void popx() {
            Map<String, LayoutDetector.PopxName> kept = new LinkedHashMap<>();
            Map<String, String> files = new LinkedHashMap<>();
            Map<String, List<String>> same = new LinkedHashMap<>();
            for (String f : entries.files()) {
                Optional<LayoutDetector.PopxName> p = LayoutDetector.popx(f);
                if (p.isEmpty()) {
                    otherFile(f);
                    continue;
                }
                if (!p.get().forPostgres()) {
                    continue; // another dialect's file (or one popx skips as of an unknown dialect)
                }
                String key = p.get().version() + "/" + p.get().direction();
                LayoutDetector.PopxName before = kept.get(key);
                boolean specific = !p.get().dialect().equals("all");
                if (before == null) {
                    kept.put(key, p.get());
                    files.put(key, f);
                    continue;
                }
                boolean beforeSpecific = !before.dialect().equals("all");
                if (specific && !beforeSpecific) {
                    kept.put(key, p.get()); // the .postgres. file overrides the dialect-independent one
                    files.put(key, f);
                    same.remove(key);
                } else if (specific == beforeSpecific) {
                    same.computeIfAbsent(key, k -> new ArrayList<>()).add(f); // a duplicate: version-duplicate's
                }
            }
            List<String> all = new ArrayList<>(files.values());
            same.values().forEach(all::addAll);
            for (String f : all) {
                LayoutDetector.PopxName p = LayoutDetector.popx(f).orElseThrow();
                Execution e = p.autocommit()
                        ? new Execution(
                                false,
                                true,
                                "the file is marked .autocommit, so popx runs it outside a transaction, as one query "
                                        + "string")
                        : new Execution(
                                true,
                                true,
                                "popx runs each migration file in a transaction of its own, as one query string");
                // popx orders versions as text (strings.Compare in migration_info.go), as diesel does
                halves.add(new Half(dieselVersion(p.version()), p.name(), null, script(f, p.direction(), 0, -1, e)));
            }
        }

        void sqlx() {
            for (String f : entries.files()) {
                Matcher m = LayoutDetector.SQLX.matcher(f);
                if (!m.matches() || !LayoutDetector.fitsI64(m.group(1))) {
                    otherFile(f);
                    continue;
                }
                String rest = m.group(2);
                Direction d = f.endsWith(".down.sql") ? Direction.DOWN : Direction.UP;
                String name = rest.replaceFirst("\\.(up|down)$", "");
                boolean noTx = LayoutDetector.startsWithNoTransaction(real.resolve(f));
                Execution e = noTx
                        ? new Execution(
                                false,
                                true,
                                "the file starts with '-- no-transaction', so sqlx runs it "
                                        + "without a transaction, as one query string")
                        : new Execution(true, true, "sqlx runs each migration file in a transaction");
                halves.add(new Half(Version.parse(m.group(1)), name, null, script(f, d, 0, -1, e)));
            }
        }

        void dbmate() {
            for (String f : entries.files()) {
                Matcher m = LayoutDetector.DBMATE.matcher(f);
                if (!m.matches()) {
                    otherFile(f);
                    continue;
                }
                String text = entries.text(f);
                DbmateSections s = DbmateSections.parse(text);
                String shownFile = DisplayPath.of(shown.resolve(f));
                // A file with only a down section is a migration without an up (the up-missing rule says so);
                // a file with neither directive is linted whole, with dbmate's own complaint as a tool error.
                boolean downOnly = !DbmateSections.hasUpDirective(text) && s.hasDown();
                if (!downOnly) {
                    s.problem().ifPresent(p -> problems.add(new ToolError(Kind.LAYOUT, p, shownFile, 0, 0)));
                }
                MigrationScript up = downOnly
                        ? null
                        : script(f, Direction.UP, s.upStart(), s.upEnd(), dbmateExecution(s.upTransaction()));
                MigrationScript down = s.hasDown()
                        ? script(f, Direction.DOWN, s.downStart(), s.downEnd(), dbmateExecution(s.downTransaction()))
                        : null;
                whole.add(new Migration(
                        Version.parse(m.group(1)), m.group(2).replaceFirst("^[_-]", ""), up, down, layout, null));
            }
        }

        /**
         * goose: {@code {version}_{name}.sql}, the version an int64 above zero (NumericComponent); the file's
         * {@code -- +goose Up} and {@code -- +goose Down} parts are the up and the down (GooseScript).
         */
        void goose() {
            for (String f : entries.files()) {
                Matcher m = LayoutDetector.GOOSE.matcher(f);
                if (!m.matches() || !LayoutDetector.fitsI64(m.group(1))) {
                    otherFile(f);
                    continue;
                }
                String text = entries.text(f);
                GooseScript g = GooseScript.parse(text);
                String shownFile = DisplayPath.of(shown.resolve(f));
                int downOnly = GooseScript.hasUpAnnotation(text) ? -1 : GooseScript.downAnnotationAt(text);
                if (downOnly >= 0) {
                    // goose refuses a file without an Up; with a Down it is a migration without its up, which the
                    // up-missing rule reports, as for a dbmate file with only a down section
                    whole.add(new Migration(
                            Version.parse(m.group(1)),
                            m.group(2),
                            null,
                            script(f, Direction.DOWN, downOnly, text.length(), gooseExecution(g.useTx())),
                            layout,
                            null));
                    continue;
                }
                g.problem().ifPresent(p -> {
                    int at = g.problemAt() < 0 ? text.length() : g.problemAt();
                    int line = 1
                            + (int) text.substring(0, at)
                                    .chars()
                                    .filter(c -> c == '\n')
                                    .count();
                    problems.add(new ToolError(Kind.LAYOUT, p, shownFile, line, 1));
                });
                Execution e = gooseExecution(g.useTx());
                MigrationScript up = script(f, Direction.UP, g.upStart(), g.upEnd(), e);
                MigrationScript down =
                        g.downStart() < 0 ? null : script(f, Direction.DOWN, g.downStart(), text.length(), e);
                whole.add(new Migration(Version.parse(m.group(1)), m.group(2), up, down, layout, null));
            }
        }

        static Execution gooseExecution(boolean transaction) {
            return transaction
                    ? new Execution(
                            true,
                            false,
                            "goose runs the file's statements one by one in a transaction (statements end at a line "
                                    + "ending in ';', or at '-- +goose StatementEnd')")
                    : new Execution(
                            false,
                            false,
                            "the file says '-- +goose NO TRANSACTION', so goose runs its statements one by one "
                                    + "without a transaction");
        }

        static Execution dbmateExecution(boolean transaction) {
            return transaction
                    ? new Execution(true, true, "dbmate wraps each section in a transaction")
                    : new Execution(
                            false,
                            true,
                            "the section is marked transaction:false, so dbmate runs it "
                                    + "without a transaction, as one query string");
        }

        void diesel() throws IOException {
            for (String f : entries.files()) {
                otherFile(f);
            }
            for (String dir : entries.directories()) {
                Matcher m = LayoutDetector.DIESEL_DIR.matcher(dir);
                Path d = real.resolve(dir);
                boolean hasUp = readable(dir + "/up.sql");
                boolean hasDown = readable(dir + "/down.sql");
                if (!m.matches() || !(hasUp || hasDown)) {
                    otherFile(dir);
                    continue;
                }
                Execution e = dieselExecution(readable(dir + "/metadata.toml") ? d.resolve("metadata.toml") : null);
                MigrationScript up = hasUp ? script(dir + "/up.sql", Direction.UP, 0, -1, e) : null;
                MigrationScript down = hasDown ? script(dir + "/down.sql", Direction.DOWN, 0, -1, e) : null;
                boolean named = m.group(1) != null; // else a folder with no '_': its whole name is the version
                whole.add(new Migration(
                        dieselVersion(named ? m.group(1) : m.group(3)),
                        named ? m.group(2) : "",
                        up,
                        down,
                        layout,
                        null));
                try (var inside = Files.list(d)) {
                    inside.map(p -> p.getFileName().toString())
                            .filter(n -> !n.equals("up.sql")
                                    && !n.equals("down.sql")
                                    && !n.equals("metadata.toml")
                                    && !n.startsWith("."))
                            .sorted()
                            .forEach(n -> other.add(d.resolve(n)));
                }
            }
        }

        Execution dieselExecution(Path metadata) {
            String toml = readOrEmpty(metadata);
            return RUN_OUTSIDE_TRANSACTION.matcher(toml).find()
                    ? new Execution(
                            false,
                            true,
                            "metadata.toml sets run_in_transaction = false, so diesel runs "
                                    + "the file without a transaction, as one query string")
                    : new Execution(true, true, "diesel runs each migration in a transaction");
        }

        void flyway() {
            for (String f : entries.files()) {
                if (f.endsWith(".sql.conf") && entries.hasFile(f.substring(0, f.length() - ".conf".length()))) {
                    continue;
                }
                String base = f.substring(f.lastIndexOf('/') + 1); // a script of a version folder: 2.31/V2_31_1__x.sql
                Matcher v = LayoutDetector.FLYWAY_VERSIONED.matcher(base);
                Matcher r = LayoutDetector.FLYWAY_REPEATABLE.matcher(base);
                if (v.matches()) {
                    boolean undo = v.group(1).equals("U");
                    halves.add(new Half(
                            Version.parse(v.group(2)),
                            v.group(3) == null ? "" : v.group(3),
                            "V",
                            script(f, undo ? Direction.DOWN : Direction.UP, 0, -1, flywayExecution(f))));
                } else if (base.matches("B\\d[\\d._]*?__.+\\.sql")) {
                    // a baseline migration (B1_20_0__x.sql): Flyway runs it on an empty database instead of the
                    // versioned ones up to its version; they make the same schema, and those are the ones read here
                    continue;
                } else if (LayoutDetector.flywayCallback(base)) {
                    // a callback (afterMigrate.sql, beforeEachMigrate__x.sql): Flyway runs it at that event of every
                    // run, outside the history; it is no migration, and the files read here are the migrations
                    continue;
                } else if (r.matches()) {
                    whole.add(new Migration(
                            new Version("", List.of()),
                            r.group(1),
                            script(f, Direction.UP, 0, -1, flywayExecution(f)),
                            null,
                            layout,
                            "R"));
                } else {
                    otherFile(f);
                }
            }
        }

        /**
         * Prisma Migrate (prisma's packages/migrate listMigrations.ts, prisma-engines migrations_directory.rs): every
         * subfolder is a migration whose script is its migration.sql, ordered by the folder name as text; the name is
         * the migration's identity. migration_lock.toml must name the provider postgresql, or this is no PostgreSQL
         * project and nothing of it is linted.
         */
        void prisma() {
            Optional<String> provider = Optional.empty();
            for (String f : entries.files()) {
                if (f.equals(LayoutDetector.PRISMA_LOCK)) {
                    provider = Optional.of(prismaProvider(entries.text(f)));
                } else {
                    otherFile(f);
                }
            }
            if (provider.isPresent() && !provider.get().equals("postgresql")) {
                String text = entries.text(LayoutDetector.PRISMA_LOCK);
                int line = prismaProviderLine(text);
                problems.add(new ToolError(
                        Kind.LAYOUT,
                        "migration_lock.toml names the provider '" + provider.get() + "', not postgresql: these "
                                + "migrations are for another database, so miglint does not lint them as PostgreSQL",
                        DisplayPath.of(shown.resolve(LayoutDetector.PRISMA_LOCK)),
                        line,
                        line == 0 ? 0 : 1));
                return;
            }
            for (String dir : entries.directories()) {
                String script = dir + "/" + LayoutDetector.PRISMA_SCRIPT;
                if (!readable(script)) {
                    problems.add(new ToolError(
                            Kind.LAYOUT,
                            "a folder without " + LayoutDetector.PRISMA_SCRIPT + ": prisma migrate deploy takes every "
                                    + "folder here for a migration and fails to read its script",
                            DisplayPath.of(shown.resolve(dir)),
                            0,
                            0));
                    continue;
                }
                int cut = dir.indexOf('_');
                whole.add(new Migration(
                        prismaVersion(dir),
                        cut < 0 ? "" : dir.substring(cut + 1),
                        script(script, Direction.UP, 0, -1, PRISMA_EXECUTION),
                        null,
                        layout,
                        null,
                        null,
                        prismaMoment(dir)));
                try (var inside = Files.list(real.resolve(dir))) {
                    inside.map(p -> p.getFileName().toString())
                            .filter(n -> !n.equals(LayoutDetector.PRISMA_SCRIPT) && !n.startsWith("."))
                            .sorted()
                            .forEach(n -> other.add(real.resolve(dir).resolve(n)));
                } catch (IOException e) {
                    problems.add(new ToolError(
                            Kind.IO,
                            "cannot list the folder: " + e.getMessage(),
                            DisplayPath.of(shown.resolve(dir)),
                            0,
                            0));
                }
            }
        }

        /**
         * Drizzle Kit: meta/_journal.json lists the migrations, in order; a {@code .sql} file it does not list is
         * never run, and an entry without its file stops drizzle-orm's migrate().
         */
        void drizzle() {
            String journalShown = DisplayPath.of(shown.resolve(LayoutDetector.DRIZZLE_JOURNAL));
            Path journalFile = real.resolve(LayoutDetector.DRIZZLE_JOURNAL);
            DrizzleJournal journal;
            try {
                if (!entries.inside(journalFile)) {
                    problems.add(outsideLink(journalShown, entries.root()));
                    journal = new DrizzleJournal(List.of());
                } else {
                    journal = DrizzleJournal.parse(Files.readString(journalFile, StandardCharsets.UTF_8));
                }
            } catch (DrizzleJournal.Invalid e) {
                problems.add(new ToolError(
                        Kind.LAYOUT,
                        "Drizzle Kit's journal " + e.getMessage() + "; no migration of this folder is read",
                        journalShown,
                        e.line(),
                        e.column()));
                journal = new DrizzleJournal(List.of());
            } catch (IOException e) {
                problems.add(new ToolError(
                        Kind.UNREADABLE_FILE,
                        "cannot read Drizzle Kit's journal: " + e.getMessage(),
                        journalShown,
                        0,
                        0));
                journal = new DrizzleJournal(List.of());
            }
            java.util.Set<String> listed = new java.util.HashSet<>();
            int position = 0;
            for (DrizzleJournal.Entry e : journal.entries()) {
                String file = e.tag() + ".sql";
                boolean plain = !e.tag().isEmpty()
                        && !e.tag().contains("/")
                        && !e.tag().contains("\\")
                        && !e.tag().startsWith(".");
                if (!plain || !entries.hasFile(file)) {
                    problems.add(new ToolError(
                            Kind.LAYOUT,
                            "the journal's entry '" + e.tag() + "' names " + file
                                    + (plain
                                            ? ", which is not here: drizzle-orm's migrate() stops at it (\"No file … found\")"
                                            : ", which is not a file of this folder; not read"),
                            journalShown,
                            e.line(),
                            e.column()));
                    continue;
                }
                listed.add(file);
                int cut = e.tag().indexOf('_');
                String prefix = cut < 0 ? e.tag() : e.tag().substring(0, cut);
                whole.add(new Migration(
                        new Version(prefix, List.of(BigInteger.valueOf(position++))),
                        cut < 0 ? "" : e.tag().substring(cut + 1),
                        script(file, Direction.UP, 0, -1, DRIZZLE_EXECUTION),
                        null,
                        layout,
                        null,
                        null,
                        drizzleMoment(e.when())));
            }
            for (String f : entries.files()) {
                if (!listed.contains(f)) {
                    otherFile(f);
                }
            }
        }

        /** A regular file of a migration's folder, inside the root; a link out of it is reported here. */
        boolean readable(String relative) {
            Path file = real.resolve(relative);
            if (!entries.inside(file)) {
                problems.add(outsideLink(DisplayPath.of(shown.resolve(relative)), entries.root()));
                return false;
            }
            return Files.isRegularFile(file);
        }

        Execution flywayExecution(String file) {
            String conf = entries.hasFile(file + ".conf") ? readOrEmpty(real.resolve(file + ".conf")) : "";
            return FLYWAY_NO_TRANSACTION.matcher(conf).find()
                    ? new Execution(
                            false,
                            false,
                            "its .conf sets executeInTransaction=false, so Flyway runs the "
                                    + "statements one by one without a transaction")
                    : new Execution(
                            true,
                            false,
                            "Flyway runs the script's statements one by one in a transaction "
                                    + "(unless every statement is non-transactional)");
        }

        void numbered() {
            for (String f : entries.files()) {
                Matcher m = LayoutDetector.NUMBERED.matcher(f);
                if (!m.matches()) {
                    otherFile(f);
                    continue;
                }
                whole.add(new Migration(
                        Version.parse(m.group(1)),
                        m.group(2) == null ? "" : m.group(2),
                        script(f, Direction.UP, 0, -1, AS_WRITTEN),
                        null,
                        layout,
                        null));
            }
        }

        /**
         * A master changelog in the folder is read with all it includes; without one, the folder's SQL files are read
         * as {@code includeAll} reads them, in path order. Each changeset is one migration, in the order Liquibase
         * runs them; SQL files below the folder that no changelog takes are other files.
         */
        void liquibase() throws IOException {
            String master = null;
            for (String f : entries.files()) {
                if (LiquibaseChangelog.MASTER_NAME.matcher(f).matches()
                        && LiquibaseChangelog.isMasterChangelog(f, entries.text(f))) {
                    master = f;
                    break;
                }
            }
            Path root = entries.root();
            LiquibaseChangelog.Result r;
            if (master != null) {
                Path file = real.resolve(master);
                String stored = root.relativize(file).toString().replace('\\', '/');
                int resources = stored.lastIndexOf("resources/");
                if (resources >= 0) {
                    stored = stored.substring(resources + "resources/".length());
                }
                r = LiquibaseChangelog.read(root, file, stored);
            } else {
                List<Path> sql = new ArrayList<>();
                for (String f : entries.sqlFiles()) {
                    sql.add(real.resolve(f));
                }
                r = LiquibaseChangelog.readAll(real, sql);
            }
            for (LiquibaseChangelog.Problem p : r.problems()) {
                problems.add(
                        new ToolError(Kind.LAYOUT, p.message(), shownOf(p.file()), p.line(), p.line() > 0 ? 1 : 0));
            }
            int ordinal = 0;
            for (LiquibaseChangelog.Entry e : r.entries()) {
                ordinal++;
                LiquibaseChangeSet cs = e.changeSet();
                Execution x = liquibaseExecution(cs);
                String shownFile = shownOf(e.file());
                MigrationScript up =
                        new MigrationScript(e.file(), shownFile, Direction.UP, e.start(), e.end(), x, e.up());
                MigrationScript down = e.down() == null
                        ? null
                        : new MigrationScript(e.file(), shownFile, Direction.DOWN, e.start(), e.end(), x, e.down());
                String name = cs.id().equals("raw") && cs.author().equals("includeAll")
                        ? e.file().getFileName().toString().replaceFirst("\\.sql$", "")
                        : cs.id();
                whole.add(new Migration(
                        new Version(String.valueOf(ordinal), List.of(BigInteger.valueOf(ordinal))),
                        name,
                        up,
                        down,
                        layout,
                        null,
                        cs));
            }
            List<Path> stray = new ArrayList<>();
            try (var walk = Files.walk(real, 16)) {
                walk.filter(Files::isRegularFile)
                        .filter(f -> !f.getFileName().toString().startsWith("."))
                        .filter(f -> f.getFileName().toString().matches("(?i).*\\.(sql|xml|ya?ml|json)$"))
                        .filter(f -> !r.files().contains(f))
                        .sorted()
                        .forEach(stray::add);
            }
            other.addAll(stray);
        }

        String shownOf(Path file) {
            return file.startsWith(real)
                    ? DisplayPath.of(shown.resolve(real.relativize(file).toString()))
                    : DisplayPath.of(file);
        }

        static Execution liquibaseExecution(LiquibaseChangeSet cs) {
            String how = cs.splitStatements()
                    ? "statement by statement (split at ';' and GO lines"
                            + (cs.endDelimiter() == null ? "" : " and at endDelimiter " + cs.endDelimiter()) + ")"
                    : "as one string (splitStatements:false)";
            return cs.runInTransaction()
                    ? new Execution(
                            true, !cs.splitStatements(), "Liquibase runs each changeset in a transaction, " + how)
                    : new Execution(
                            false,
                            !cs.splitStatements(),
                            "the changeset says runInTransaction:false, so Liquibase runs it without a transaction, "
                                    + how);
        }

        void rollbackSuffix() {
            for (String f : entries.files()) {
                Matcher m = LayoutDetector.ROLLBACK.matcher(f);
                if (!m.matches()) {
                    otherFile(f);
                    continue;
                }
                Direction d = m.group(3) == null ? Direction.UP : Direction.DOWN;
                halves.add(new Half(Version.parse(m.group(1)), m.group(2), null, script(f, d, 0, -1, AS_WRITTEN)));
            }
        }

        /**
         * A sqitch project's top folder: the changes of {@code sqitch.plan} in plan order, each change's deploy script
         * the up and its revert script the down; a reworked change's earlier entry runs its {@code name@tag.sql}
         * scripts. verify/ scripts are sqitch's checks after a deploy, no migrations: they are neither read as ones
         * nor reported as stray files. A script no plan change names is reported as an unrecognized file.
         */
        void sqitch() throws IOException {
            String planFile = "sqitch.plan";
            String shownPlan = DisplayPath.of(shown.resolve(planFile));
            if (!entries.hasFile(planFile)) {
                problems.add(new ToolError(
                        Kind.LAYOUT,
                        "no sqitch.plan in the folder: sqitch reads its changes and their order only from the plan",
                        DisplayPath.of(shown),
                        0,
                        0));
            }
            for (String f : entries.files()) {
                if (!f.equals(planFile) && !f.equals("sqitch.conf")) {
                    otherFile(f);
                }
            }
            Map<String, List<String>> trees = new LinkedHashMap<>();
            for (String dir : List.of("deploy", "revert", "verify")) {
                List<String> files = new ArrayList<>();
                if (entries.directories().contains(dir)) {
                    listTree(dir, files, 0);
                }
                trees.put(dir, files);
            }
            java.util.Set<String> used = new java.util.HashSet<>();
            if (entries.hasFile(planFile)) {
                SqitchPlan plan = SqitchPlan.parse(entries.text(planFile));
                plan.problem()
                        .ifPresent(p -> problems.add(new ToolError(
                                Kind.LAYOUT,
                                "sqitch refuses this plan: " + p.message() + "; the changes above this line are read",
                                shownPlan,
                                p.line(),
                                p.line() > 0 ? 1 : 0)));
                java.util.Set<String> deploy = new java.util.HashSet<>(trees.get("deploy"));
                int position = 0;
                for (SqitchPlan.Change c : plan.changes()) {
                    position++;
                    String path = SqitchPlan.scriptPath(c, p -> deploy.contains("deploy/" + p));
                    String up = "deploy/" + path;
                    String down = "revert/" + path;
                    used.add(up);
                    used.add(down);
                    used.add("verify/" + path);
                    boolean hasUp = deploy.contains(up);
                    boolean hasDown = trees.get("revert").contains(down);
                    if (!hasUp && !hasDown) {
                        // nothing to lint or run; a change with only a revert script is an orphaned down (up-missing)
                        problems.add(new ToolError(
                                Kind.LAYOUT,
                                "change " + c.name() + " has no deploy script " + up + ": sqitch stops there ('Cannot "
                                        + "open')",
                                shownPlan,
                                c.line(),
                                1));
                        continue;
                    }
                    whole.add(new Migration(
                            new Version(Integer.toString(position), List.of(BigInteger.valueOf(position))),
                            c.name(),
                            hasUp ? script(up, Direction.UP, 0, -1, SQITCH_EXECUTION) : null,
                            hasDown ? script(down, Direction.DOWN, 0, -1, SQITCH_EXECUTION) : null,
                            layout,
                            null));
                }
            }
            for (List<String> files : trees.values()) {
                for (String f : files) {
                    if (!used.contains(f) && !(f.startsWith("verify/") && f.endsWith(".sql"))) {
                        otherFile(f);
                    }
                }
            }
        }

        /** The files below {@code dir} (relative to the top folder); links out of the root are reported, not read. */
        void listTree(String dir, List<String> files, int depth) throws IOException {
            if (depth > MigrationDiscovery.MAX_DEPTH) {
                return;
            }
            FolderEntries sub = FolderEntries.list(real.resolve(dir), entries.root());
            problems.addAll(notFollowed(sub, shown.resolve(dir)));
            sub.unusable()
                    .forEach((name, why) -> problems.add(new ToolError(
                            Kind.UNREADABLE_FILE,
                            why,
                            DisplayPath.of(shown.resolve(dir).resolve(name)),
                            0,
                            0)));
            for (String f : sub.files()) {
                files.add(dir + "/" + f);
            }
            for (String d : sub.directories()) {
                listTree(dir + "/" + d, files, depth + 1);
            }
        }

        /**
         * Pairs up and down files by version, as the tools key them; with several files of one version (a duplicate,
         * reported by a rule) the names decide which up a down belongs to.
         */
        @SuppressWarnings("ReferenceEquality") // halves are told apart by identity, see below
        List<Migration> ordered() {
            Map<Version, List<Half>> byVersion = new LinkedHashMap<>();
            for (Half h : halves) {
                byVersion.computeIfAbsent(h.version, k -> new ArrayList<>()).add(h);
            }
            List<Migration> all = new ArrayList<>(whole);
            for (List<Half> group : byVersion.values()) {
                List<Half> ups = new ArrayList<>(group.stream()
                        .filter(h -> h.script.direction() == Direction.UP)
                        .toList());
                List<Half> downs = new ArrayList<>(group.stream()
                        .filter(h -> h.script.direction() != Direction.UP)
                        .toList());
                for (Half up : List.copyOf(ups)) {
                    Optional<Half> partner =
                            downs.stream().filter(d -> d.name.equals(up.name)).findFirst();
                    if (partner.isEmpty() && ups.size() == 1 && downs.size() == 1) {
                        partner = Optional.of(downs.get(0));
                    }
                    // By identity: two halves are never the same file (and a record's equals costs start-up time).
                    partner.ifPresent(p -> downs.removeIf(h -> h == p));
                    ups.removeIf(h -> h == up);
                    all.add(new Migration(
                            up.version,
                            up.name,
                            up.script,
                            partner.map(h -> h.script).orElse(null),
                            layout,
                            up.kind));
                }
                for (Half down : downs) {
                    all.add(new Migration(
                            down.version, down.name, null, down.script, layout, down.kind == null ? null : "U"));
                }
            }
            // Flyway runs its repeatables last, ordered by description (the name with '_' read as a space)
            all.sort(Comparator.comparing((Migration m) -> "R".equals(m.kind()))
                    .thenComparing(Migration::version)
                    .thenComparing(m -> "R".equals(m.kind()) ? m.name().replace('_', ' ') : m.name())
                    .thenComparing(m -> m.up() == null ? 1 : 0));
            return List.copyOf(all);
        }
    }

    private record Half(Version version, String name, String kind, MigrationScript script) {}

    /**
     * diesel (and popx) order migrations by the version with the dashes removed, compared as text, so
     * {@code 2026-03-08-202630-0000} comes before {@code 2026-04-01-120000} although it has more digits. One part per
     * digit makes {@link Version}'s numeric comparison agree with that text order.
     */
    static Version dieselVersion(String text) {
        List<BigInteger> parts = new ArrayList<>();
        for (char c : text.toCharArray()) {
            if (c >= '0' && c <= '9') {
                parts.add(BigInteger.valueOf(c - '0'));
            }
        }
        return new Version(text, List.copyOf(parts));
    }

    /**
     * popx's {@code isMigrationEmpty} (popx/migration_box.go): a file of only blank lines and {@code --} comment
     * lines, which popx does not send at all (it still records the version as applied).
     */
    public static boolean popxEmpty(String text) {
        for (String line : text.split("\n", -1)) {
            int i = 0;
            while (i < line.length() && " \t\r\f".indexOf(line.charAt(i)) >= 0) {
                i++;
            }
            if (i < line.length() && !line.startsWith("--", i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Prisma's order: the folder names as text (listMigrations sorts them with {@code localeCompare}). One part per
     * character makes {@link Version}'s comparison that text order, so {@code 20250625_x} sorts among the 14-digit
     * timestamps of that day, where Prisma runs it, not before every one of them as a number would.
     */
    public static Version prismaVersion(String folder) {
        List<BigInteger> parts = new ArrayList<>();
        folder.codePoints().forEach(c -> parts.add(BigInteger.valueOf(c)));
        return new Version(folder, List.copyOf(parts));
    }

    /**
     * When a Prisma migration was written: the date or timestamp its folder name begins with, before the first
     * {@code _} ({@code prisma migrate dev} names it {@code 20230924232619_datasets_init}, the UTC time it made it);
     * null when that part is no date.
     */
    static java.time.LocalDateTime prismaMoment(String folder) {
        int cut = folder.indexOf('_');
        return Version.parse(cut < 0 ? folder : folder.substring(0, cut))
                .moment()
                .orElse(null);
    }

    /**
     * When a Drizzle Kit migration was written: the journal entry's {@code when}, the epoch milliseconds at which
     * {@code drizzle-kit generate} made it (its file name is a sequence number, which tells no age).
     */
    static java.time.LocalDateTime drizzleMoment(long when) {
        try {
            return java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(when, 1000L), 0, java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /**
     * The provider as prisma-engines reads it (migrations_directory.rs read_provider_from_lock_file): the first line
     * starting with {@code provider}, without a leading {@code provider = } and surrounding double quotes.
     */
    static String prismaProvider(String toml) {
        for (String line : toml.split("\n", -1)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.startsWith("provider")) {
                String v = l.startsWith("provider = ") ? l.substring("provider = ".length()) : l;
                return v.replaceAll("^\"+|\"+$", "");
            }
        }
        return "<PROVIDER NOT FOUND>";
    }

    private static int prismaProviderLine(String toml) {
        String[] lines = toml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("provider")) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String readOrEmpty(Path file) {
        try {
            return file != null && Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
