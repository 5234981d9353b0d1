package io.miglint.layout;

import io.miglint.diagnostic.ToolError;
import io.miglint.diagnostic.ToolError.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the migration sets behind the paths a user gives: a migrations folder, single .sql files (linted with their
 * whole folder as context), or a repository root walked for every folder that fits a layout. Bad input becomes a
 * {@link ToolError}, never an exception.
 */
public final class MigrationDiscovery {
    /** Build output, dependencies and vendored code: never the project's own migrations. */
    private static final Set<String> SKIPPED = Set.of("target", "node_modules", "build", "vendor", "dist");

    /**
     * Folders named for another database engine, which projects keep beside their PostgreSQL scripts (CredHub's
     * {@code db/migration/mysql} and {@code h2} beside {@code postgres} and {@code common}; Flyway's {@code {vendor}}
     * locations): their scripts are not PostgreSQL, and a walk does not read them. Named on the command line, such a
     * folder is read all the same.
     */
    static final java.util.regex.Pattern OTHER_DATABASE = java.util.regex.Pattern.compile(
            "(?i)mysql|mariadb|h2|hsql|hsqldb|oracle|sqlserver|mssql|db2|derby|sqlite3?|firebird|informix|sybase"
                    + "|hana|snowflake|clickhouse|cockroach(db)?|tidb|spanner|redshift");

    /** The folders of a sqitch project's scripts, below the folder of its sqitch.plan. */
    private static final Set<String> SQITCH_SCRIPT_FOLDERS = Set.of("deploy", "revert", "verify");

    private final Optional<LayoutKind> forced;
    private final Map<Path, MigrationSet> sets = new LinkedHashMap<>();
    private final Map<Path, Set<Path>> selected = new LinkedHashMap<>();
    private final Set<Path> asWhole = new HashSet<>();
    private final Set<Path> visited = new HashSet<>();
    private final List<ToolError> problems = new ArrayList<>();
    /** The root of the path being discovered: nothing outside it is followed or read. */
    private Path root;
    /** The root each named file's folder is read under. */
    private final Map<Path, Path> folderRoots = new HashMap<>();

    /**
     * Folders below a named folder searched at most this deep; the first deeper one is named in one notice. Migrations live a few
     * levels down ({@code src/main/resources/db/migration} is 5); the bound keeps a planted 3,000-level tree from
     * costing minutes.
     */
    static final int MAX_DEPTH = 64;
    /** Whether the search below the current named folder has already said it went no deeper. */
    private boolean depthReported;
    /** Below the current named folder: the .sql files of folders no layout claimed, and the folder with most. */
    private int unclaimedSql;

    private int unclaimedFolders;
    private FolderEntries mostUnclaimed;

    private MigrationDiscovery(Optional<LayoutKind> forced) {
        this.forced = forced;
    }

    /**
     * @param paths  folders or .sql files, as given on the command line
     * @param forced a layout to apply to every set instead of detecting one ({@code --layout})
     */
    public static Discovery discover(List<Path> paths, Optional<LayoutKind> forced) {
        MigrationDiscovery d = new MigrationDiscovery(forced);
        Map<Path, Set<Path>> filesByFolder = new LinkedHashMap<>();
        for (Path p : paths) {
            Optional<Path> root = rootFor(p);
            if (root.isEmpty()) {
                d.problem(
                        Kind.IO,
                        Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                                ? "not a regular file or folder (a dangling link?)"
                                : "no such file or folder",
                        p);
                continue;
            }
            d.root = root.get();
            if (!FolderEntries.inside(p, d.root)) {
                d.problems.add(MigrationFolderReader.outsideLink(DisplayPath.of(p), d.root));
                continue;
            }
            if (isDieselMigrationFolder(p)) {
                // One diesel migration named on its own: lint its scripts with the whole migrations folder as context.
                for (String script : List.of("up.sql", "down.sql")) {
                    if (!FolderEntries.inside(p.resolve(script), d.root)) {
                        d.problems.add(MigrationFolderReader.outsideLink(DisplayPath.of(p.resolve(script)), d.root));
                    } else if (Files.isRegularFile(p.resolve(script))) {
                        d.collectFile(p.resolve(script), filesByFolder);
                    }
                }
            } else if (isPrismaMigrationFolder(p)) {
                // one Prisma migration named on its own: lint its migration.sql with the whole folder as context
                Path script = p.resolve(LayoutDetector.PRISMA_SCRIPT);
                if (!FolderEntries.inside(script, d.root)) {
                    d.problems.add(MigrationFolderReader.outsideLink(DisplayPath.of(script), d.root));
                } else {
                    d.collectFile(script, filesByFolder);
                }
            } else if (Files.isDirectory(p)) {
                d.discoverTree(p);
            } else if (Files.isRegularFile(p)) {
                d.collectFile(p, filesByFolder);
            } else if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                d.problem(Kind.IO, "not a regular file or folder (a dangling link?)", p);
            } else {
                d.problem(Kind.IO, "no such file or folder", p);
            }
        }
        filesByFolder.forEach(d::addSelectedFiles);
        for (Path whole : d.asWhole) {
            d.selected.remove(whole);
        }
        List<MigrationSet> sorted = new ArrayList<>(d.sets.values());
        sorted.sort(Comparator.comparing(MigrationSet::displayFolder));
        return new Discovery(List.copyOf(sorted), Map.copyOf(d.selected), List.copyOf(d.problems));
    }

    /**
     * The root a named path is confined to: the repository it lies in (the nearest folder above it, by name, holding
     * {@code .git}), else the named folder itself, or for a named file the folder it lies in. A named path that is
     * itself a link is judged from where it lies, so {@code db -> /} in a repository is outside it. Empty when the
     * path cannot be resolved at all.
     */
    static Optional<Path> rootFor(Path named) {
        Path absolute = named.toAbsolutePath().normalize();
        try {
            boolean realFolder = Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS);
            for (Path d = realFolder ? absolute : absolute.getParent(); d != null; d = d.getParent()) {
                if (Files.exists(d.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(d.toRealPath());
                }
            }
            // one Prisma migration (its folder or its migration.sql) is read with the migrations folder around it
            Path prismaFolder = absolute.getFileName() != null
                            && absolute.getFileName().toString().equals(LayoutDetector.PRISMA_SCRIPT)
                    ? absolute.getParent()
                    : absolute;
            if (prismaFolder != null && prismaFolder.getParent() != null && isPrismaMigrationFolder(prismaFolder)) {
                return Optional.of(prismaFolder.getParent().toRealPath());
            }
            if (Files.isDirectory(absolute)) {
                return Optional.of(absolute.toRealPath());
            }
            Path file = absolute.toRealPath(); // throws for a file that does not resolve
            return Optional.of(
                    file.getParent() == null ? file : absolute.getParent().toRealPath());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Why a file miglint reads besides migrations (a configuration, a baseline) may not be read: it is a link out of
     * its repository (see {@link #rootFor}). Empty when it may be read, or does not resolve (its reader says so).
     */
    public static Optional<String> outsideRepository(Path file) {
        Optional<Path> root = rootFor(file);
        if (root.isEmpty() || FolderEntries.inside(file, root.get())) {
            return Optional.empty();
        }
        return Optional.of(MigrationFolderReader.outsideLink(DisplayPath.of(file), root.get())
                .render());
    }

    private static boolean isPrismaMigrationFolder(Path p) {
        Path parent = p.toAbsolutePath().normalize().getParent();
        if (parent == null || !Files.isDirectory(p) || !Files.isRegularFile(p.resolve(LayoutDetector.PRISMA_SCRIPT))) {
            return false;
        }
        try {
            return LayoutDetector.detect(parent).map(LayoutGuess::layout).orElse(null) == LayoutKind.PRISMA;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isDieselMigrationFolder(Path p) {
        Path name = p.toAbsolutePath().normalize().getFileName();
        return Files.isDirectory(p)
                && name != null
                && LayoutDetector.DIESEL_DIR.matcher(name.toString()).matches()
                && (Files.isRegularFile(p.resolve("up.sql")) || Files.isRegularFile(p.resolve("down.sql")));
    }

    /**
     * The folder Flyway reads {@code folder}'s scripts with: its parent when {@code folder} is one of the parent's
     * version folders ({@link FolderEntries#flywayVersionFolders}), else empty.
     */
    public static Optional<Path> flywayLocationOf(Path folder) {
        return rootFor(folder).flatMap(root -> flywayLocationOf(folder, root));
    }

    static Optional<Path> flywayLocationOf(Path folder, Path root) {
        Path parent = folder.getParent();
        if (parent == null
                || folder.getFileName() == null
                || !FolderEntries.VERSION_FOLDER
                        .matcher(folder.getFileName().toString())
                        .matches()) {
            return Optional.empty();
        }
        try {
            String name = folder.getFileName().toString();
            return FolderEntries.list(parent, root).flywayVersionFolders().stream()
                            .anyMatch(f -> f.folder().getFileName().toString().equals(name))
                    ? Optional.of(parent)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The sqitch project a script folder belongs to: the nearest folder above it, inside the root, holding
     * {@code sqitch.plan} with the script below its deploy/, revert/ or verify/ folder.
     */
    private Optional<Path> sqitchProjectOf(Path folder) {
        for (Path d = folder; d != null && d.getParent() != null && d.startsWith(root); d = d.getParent()) {
            Path top = d.getParent();
            if (d.getFileName() != null
                    && SQITCH_SCRIPT_FOLDERS.contains(d.getFileName().toString())
                    && Files.isRegularFile(top.resolve("sqitch.plan"))) {
                return Optional.of(top);
            }
        }
        return Optional.empty();
    }

    private void collectFile(Path file, Map<Path, Set<Path>> filesByFolder) {
        Path abs = file.toAbsolutePath().normalize();
        if (!abs.getFileName().toString().endsWith(".sql")) {
            problem(Kind.LAYOUT, "not a .sql migration file", file);
            return;
        }
        Path folder = abs.getParent();
        String fileName = abs.getFileName().toString();
        // A diesel script is named up.sql/down.sql inside its migration's folder; the set is the folder above.
        if ((fileName.equals("up.sql") || fileName.equals("down.sql"))
                && folder.getParent() != null
                && LayoutDetector.DIESEL_DIR
                        .matcher(folder.getFileName().toString())
                        .matches()) {
            folder = folder.getParent();
        } else if (fileName.equals(LayoutDetector.PRISMA_SCRIPT) && folder.getParent() != null) {
            // a Prisma script is migration.sql inside its migration's folder, whatever that folder's name
            folder = folder.getParent();
        }
        folder = flywayLocationOf(folder, root).orElse(folder);
        folder = sqitchProjectOf(folder).orElse(folder);
        filesByFolder.computeIfAbsent(folder, k -> new LinkedHashSet<>()).add(abs);
        folderRoots.putIfAbsent(folder, root);
    }

    private void addSelectedFiles(Path folder, Set<Path> files) {
        Path real;
        try {
            real = folder.toRealPath();
        } catch (IOException e) {
            problem(Kind.IO, "cannot resolve folder: " + e.getMessage(), folder);
            return;
        }
        root = folderRoots.getOrDefault(folder, real);
        if (!sets.containsKey(real) && !readSet(folder, real, true)) {
            String found;
            try {
                FolderEntries entries = FolderEntries.list(folder, root);
                found = unclaimed(entries, entries.sqlFiles().size(), 1);
            } catch (IOException e) {
                found = "pass --layout to choose one (" + LayoutKind.ids() + ")";
            }
            problem(Kind.LAYOUT, "the folder fits no migration layout: " + found, folder);
            return;
        }
        if (!sets.containsKey(real)) {
            return; // read with a --layout that fits none of its files: said once by readSet
        }
        Set<Path> chosen = selected.computeIfAbsent(real, k -> new LinkedHashSet<>());
        for (Path f : files) {
            try {
                chosen.add(f.getParent().toRealPath().resolve(f.getFileName()));
            } catch (IOException e) {
                problem(Kind.IO, "cannot resolve file: " + e.getMessage(), f);
            }
        }
    }

    private void discoverTree(Path root) {
        int before = sets.size();
        int problemsBefore = problems.size();
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            problem(Kind.IO, "cannot read folder: " + e.getMessage(), root);
            return;
        }
        depthReported = false;
        unclaimedSql = 0;
        unclaimedFolders = 0;
        mostUnclaimed = null;
        walk(root.toAbsolutePath().normalize(), new HashSet<>(), true, 0);
        if (sets.containsKey(realRoot)) {
            asWhole.add(realRoot);
        }
        for (Path p : sets.keySet()) {
            if (p.startsWith(realRoot)) {
                asWhole.add(p);
            }
        }
        if (sets.size() == before && problems.size() == problemsBefore) {
            problem(
                    Kind.LAYOUT,
                    "no folder here fits a migration layout: "
                            + (unclaimedSql == 0
                                    ? "it holds no .sql file at any depth (" + LayoutKind.ids()
                                            + " keep migrations in .sql files)"
                                    : unclaimed(mostUnclaimed, unclaimedSql, unclaimedFolders)),
                    root);
        }
    }

    private void walk(Path dir, Set<Path> ancestors, boolean givenExplicitly, int depth) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            problem(Kind.IO, "cannot resolve folder: " + e.getMessage(), dir);
            return;
        }
        if (ancestors.contains(real)) {
            problem(Kind.SYMLINK_LOOP, "symbolic link loop back to " + DisplayPath.of(real) + "; not followed", dir);
            return;
        }
        if (!visited.add(real)) {
            return;
        }
        if (depth > MAX_DEPTH) {
            if (!depthReported) {
                depthReported = true;
                problem(
                        Kind.IO,
                        "folder more than " + MAX_DEPTH + " levels below the named one; it and any other "
                                + "folder this deep are not searched (name a deeper folder to check it)",
                        dir);
            }
            return;
        }
        FolderEntries entries;
        try {
            entries = FolderEntries.list(dir, this.root);
        } catch (IOException e) {
            problem(Kind.IO, "cannot read folder: " + describe(e), dir);
            return;
        }
        List<FolderEntries> versionFolders = entries.flywayVersionFolders();
        if (!versionFolders.isEmpty()) {
            entries = entries.withSubfolders(versionFolders);
        }
        Optional<LayoutKind> layout = readSet(entries, dir, real, givenExplicitly);
        if (layout.isEmpty()) {
            // A set's reader reports these itself; a folder that is no set still says what it did not follow.
            problems.addAll(MigrationFolderReader.notFollowed(entries, dir));
            int sql = entries.sqlFiles().size();
            if (sql > 0) {
                unclaimedSql += sql;
                unclaimedFolders++;
                if (mostUnclaimed == null || sql > mostUnclaimed.sqlFiles().size()) {
                    mostUnclaimed = entries;
                }
            }
        }
        Set<Path> chain = new HashSet<>(ancestors);
        chain.add(real);
        for (String sub : entries.directories()) {
            if (SKIPPED.contains(sub) || OTHER_DATABASE.matcher(sub).matches()) {
                continue;
            }
            if (layout.orElse(null) == LayoutKind.DIESEL
                    && LayoutDetector.DIESEL_DIR.matcher(sub).matches()) {
                continue;
            }
            if (layout.orElse(null) == LayoutKind.SQITCH && SQITCH_SCRIPT_FOLDERS.contains(sub)) {
                continue; // the project's scripts, read with its plan
            }
            if (layout.orElse(null) == LayoutKind.LIQUIBASE) {
                break; // the changelog decides which files below it run; the others are reported as other files
            }
            if (layout.orElse(null) == LayoutKind.PRISMA
                    && Files.isRegularFile(dir.resolve(sub).resolve(LayoutDetector.PRISMA_SCRIPT))) {
                continue; // a Prisma migration's own folder
            }
            walk(dir.resolve(sub), chain, false, depth + 1);
        }
    }

    private boolean readSet(Path folder, Path real, boolean givenExplicitly) {
        try {
            FolderEntries entries = FolderEntries.list(folder, root);
            List<FolderEntries> versionFolders = entries.flywayVersionFolders();
            if (!versionFolders.isEmpty()) {
                entries = entries.withSubfolders(versionFolders);
            }
            return readSet(entries, folder, real, givenExplicitly).isPresent();
        } catch (IOException e) {
            problem(Kind.IO, "cannot read folder: " + describe(e), folder);
            return true;
        }
    }

    /** Reads the folder as a set when it fits a layout (or one was forced on a folder the user named). */
    private Optional<LayoutKind> readSet(FolderEntries entries, Path shown, Path real, boolean givenExplicitly) {
        if (sets.containsKey(real)) {
            return Optional.of(sets.get(real).layout());
        }
        Optional<LayoutGuess> guess = entries.versionFolders().isEmpty()
                ? LayoutDetector.detect(entries)
                : Optional.of(new LayoutGuess(
                        LayoutKind.FLYWAY,
                        entries.sqlFiles().size() + " Flyway scripts here and in the version folders "
                                + String.join(", ", entries.versionFolders())
                                + ", which Flyway reads as one location (it scans subfolders)",
                        entries.sqlFiles().size(),
                        Optional.empty()));
        LayoutKind layout;
        String detectedBy;
        Optional<LayoutKind> alsoFits = Optional.empty();
        if (forced.isPresent() && (guess.isPresent() || givenExplicitly && hasMigrationShapedEntries(entries))) {
            layout = forced.get();
            detectedBy = "--layout";
        } else if (guess.isPresent()) {
            layout = guess.get().layout();
            detectedBy = guess.get().evidence();
            alsoFits = guess.get().alsoFits();
        } else {
            return Optional.empty();
        }
        try {
            MigrationFolderReader.Result r = MigrationFolderReader.read(entries, shown, layout, detectedBy, alsoFits);
            if (detectedBy.equals("--layout") && nothingFits(r)) {
                // what the tool itself would say of the folder as a whole (sqitch: no sqitch.plan) comes along
                String folderWide = r.problems().stream()
                        .filter(e -> e.kind() == Kind.LAYOUT && e.file().equals(DisplayPath.of(shown)))
                        .map(e -> " (" + e.message() + ")")
                        .findFirst()
                        .orElse("");
                problem(Kind.LAYOUT_MISFIT, misfit(entries, layout, guess) + folderWide, shown);
                return Optional.of(layout);
            }
            sets.put(real, r.set());
            problems.addAll(r.problems());
        } catch (IOException e) {
            problem(Kind.IO, "cannot read folder: " + describe(e), shown);
        }
        return Optional.of(layout);
    }

    /**
     * Whether a folder read with a forced layout holds no script that layout runs: every file was left as not the
     * layout's, or was refused by it (dbmate's "each migration must define an up block"). One line then says so,
     * instead of one finding or tool error per file.
     */
    static boolean nothingFits(MigrationFolderReader.Result r) {
        Set<String> refused = new HashSet<>();
        for (ToolError e : r.problems()) {
            if (e.kind() == Kind.LAYOUT) {
                refused.add(e.file());
            }
        }
        for (Migration m : r.set().migrations()) {
            for (MigrationScript s : new MigrationScript[] {m.up(), m.down()}) {
                if (s != null && !refused.contains(s.displayPath())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** "--layout flyway reads none of the 248 .sql files here …; their names fit golang-migrate: use …". */
    private static String misfit(FolderEntries entries, LayoutKind layout, Optional<LayoutGuess> guess) {
        int sql = entries.sqlFiles().size();
        String what = sql == 0
                ? "none of the " + entries.directories().size() + " folders here"
                : "none of the " + sql + " .sql file" + (sql == 1 ? "" : "s") + " here";
        String fits = guess.filter(g -> g.layout() != layout)
                .map(g -> "; " + g.entries() + " of them fit " + g.layout().id() + ": use `--layout "
                        + g.layout().id() + "`, or leave --layout out to detect it")
                .orElseGet(() -> "; " + suggestion(entries, layout));
        return "--layout " + layout.id() + " reads " + what + " as " + layout.id() + " migrations" + fits;
    }

    /** What was found in a folder no layout claimed, and the --layout that would read most of it. */
    private static String unclaimed(FolderEntries most, int sqlFiles, int folders) {
        StringBuilder b = new StringBuilder();
        b.append(sqlFiles).append(" .sql file").append(sqlFiles == 1 ? "" : "s");
        if (folders > 1) {
            b.append(" in ").append(folders).append(" folders");
        }
        if (most != null && !most.sqlFiles().isEmpty()) {
            List<String> names = most.sqlFiles();
            b.append(" (")
                    .append(String.join(", ", names.subList(0, Math.min(3, names.size()))))
                    .append(names.size() > 3 ? ", …" : "")
                    .append(folders > 1 ? " in " + DisplayPath.of(most.folder()) : "")
                    .append(")");
        }
        return b + "; " + suggestion(most, null);
    }

    /** The layout that would take most of a folder's entries as migrations, other than {@code not}. */
    private static String suggestion(FolderEntries entries, LayoutKind not) {
        if (entries != null) {
            for (LayoutScore s : LayoutDetector.scores(entries)) {
                if (s.layout() != not) {
                    return "`--layout " + s.layout().id() + "` would read " + s.entries() + " of them as migrations";
                }
            }
        }
        return "their names fit none of the layouts (" + LayoutKind.ids() + "): name them as your migration tool "
                + "does (docs/layouts.md shows each layout's names)";
    }

    private static boolean hasMigrationShapedEntries(FolderEntries entries) {
        return !entries.sqlFiles().isEmpty()
                || entries.directories().stream()
                        .anyMatch(d ->
                                Files.isRegularFile(entries.folder().resolve(d).resolve("up.sql")));
    }

    private void problem(Kind kind, String message, Path where) {
        problems.add(new ToolError(kind, message, DisplayPath.of(where), 0, 0));
    }

    private static String describe(IOException e) {
        String simple = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? simple : simple + " (" + e.getMessage() + ")";
    }
}
