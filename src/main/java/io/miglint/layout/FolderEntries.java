package io.miglint.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One directory listing, read once and shared by detection and reading. Hidden entries are left out, and so are
 * symbolic links whose target is outside the root (the repository, or the folder the user named): they are listed in
 * {@link #outside()}, never opened, so a planted link cannot put a token file into a report or send the search
 * through the whole file system.
 */
final class FolderEntries {
    private final Path folder;
    private final Path root;
    private final List<String> files;
    private final List<String> directories;
    private final Map<String, String> unusable;
    private final List<String> outside;
    private final Map<String, String> unopened;
    private final Map<String, String> texts = new ConcurrentHashMap<>();

    private FolderEntries(
            Path folder,
            Path root,
            List<String> files,
            List<String> directories,
            Map<String, String> unusable,
            List<String> outside,
            Map<String, String> unopened) {
        this.folder = folder;
        this.root = root;
        this.files = files;
        this.directories = directories;
        this.unusable = unusable;
        this.outside = outside;
        this.unopened = unopened;
    }

    /** A folder read on its own (status, apply, new): links may point anywhere inside its repository. */
    static FolderEntries list(Path folder) throws IOException {
        return list(folder, MigrationDiscovery.rootFor(folder).orElse(folder.toRealPath()));
    }

    /** @param root a real path; a link whose target is not inside it is not followed */
    static FolderEntries list(Path folder, Path root) throws IOException {
        List<String> files = new ArrayList<>();
        List<String> directories = new ArrayList<>();
        Map<String, String> unusable = new TreeMap<>();
        List<String> outside = new ArrayList<>();
        Map<String, String> unopened = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path entry : stream) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    // A name too long for the system, or a folder whose entries cannot be examined: said, not skipped.
                    unopened.put(name, "cannot be opened: " + describe(e) + "; skipped");
                    continue;
                }
                if (attributes.isSymbolicLink() && !inside(entry, root)) {
                    outside.add(name);
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    directories.add(name);
                    if (name.endsWith(".sql")) {
                        unusable.put(name, "is a directory, not a migration file; skipped");
                    }
                } else if (Files.isRegularFile(entry)) {
                    files.add(name);
                } else if (name.endsWith(".sql")) {
                    unusable.put(name, whyNotAFile(entry));
                }
            }
        }
        files.sort(Comparator.naturalOrder());
        directories.sort(Comparator.naturalOrder());
        outside.sort(Comparator.naturalOrder());
        return new FolderEntries(
                folder, root, List.copyOf(files), List.copyOf(directories), unusable, List.copyOf(outside), unopened);
    }

    /**
     * Whether {@code path} (resolving every link) stays inside {@code root}. A path that cannot be resolved (dangling,
     * looping, missing) counts as inside: it is not read anyway, and is reported for what it is.
     */
    static boolean inside(Path path, Path root) {
        try {
            return path.toRealPath().startsWith(root);
        } catch (IOException | SecurityException e) {
            return true;
        }
    }

    /** Whether a file of this folder (a diesel script, a .conf next to a migration) may be read. */
    boolean inside(Path path) {
        return inside(path, root);
    }

    /** Entries that could not even be examined (too long a name, no permission), with why. */
    Map<String, String> unopened() {
        return unopened;
    }

    Path root() {
        return root;
    }

    /** Names of the links whose target is outside the root: reported, never followed. */
    List<String> outside() {
        return outside;
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * A {@code .sql} entry that is neither a file nor a folder is never opened: reading a FIFO would block the run,
     * and a dangling or looping link has nothing to read.
     */
    @SuppressWarnings("ReturnValueIgnored") // toRealPath is called for what it throws: a dangling or looping link
    private static String whyNotAFile(Path entry) {
        if (Files.isSymbolicLink(entry)) {
            try {
                entry.toRealPath();
            } catch (java.nio.file.FileSystemException e) {
                String reason = e.getReason() == null ? "" : e.getReason().toLowerCase(java.util.Locale.ROOT);
                return reason.contains("levels of symbolic links")
                        ? "symbolic link loop; skipped"
                        : "dangling symbolic link; skipped";
            } catch (IOException e) {
                return "dangling symbolic link; skipped";
            }
        }
        return "not a regular file (a FIFO, socket or device); skipped";
    }

    /** {@code .sql} entries that cannot be read as files, with why (for one message each). */
    Map<String, String> unusable() {
        return unusable;
    }

    Path folder() {
        return folder;
    }

    List<String> files() {
        return files;
    }

    List<String> sqlFiles() {
        return files.stream().filter(f -> f.endsWith(".sql")).toList();
    }

    List<String> directories() {
        return directories;
    }

    boolean hasFile(String name) {
        return files.contains(name);
    }

    /**
     * A subfolder named for a release or version ({@code 2.31}, {@code v1}, {@code 1_0}, {@code 2.x}): Flyway reads its
     * location recursively, so such folders of Flyway scripts are parts of one set with the folder above them.
     */
    static final java.util.regex.Pattern VERSION_FOLDER =
            java.util.regex.Pattern.compile("(?i)(v|release[-_]?|version[-_]?)?\\d+([._-]\\d+)*([._-]x)?");

    /**
     * The version-named subfolders whose scripts Flyway reads with this folder's as one location: each holds
     * versioned Flyway scripts and fits no other layout. This folder counts as their location when it is itself a
     * Flyway folder and has one or more of them, or holds no .sql file and has two or more (DHIS2's
     * {@code db/migration/2.31 … 2.43}); folders named for databases ({@code postgres}, {@code mysql}) are separate
     * locations a project chooses between, and stay separate sets.
     */
    List<FolderEntries> flywayVersionFolders() {
        List<FolderEntries> subs = new ArrayList<>();
        for (String d : directories) {
            if (!VERSION_FOLDER.matcher(d).matches()) {
                continue;
            }
            try {
                FolderEntries sub = list(folder.resolve(d), root);
                Optional<LayoutGuess> guess = LayoutDetector.detect(sub);
                if (guess.isPresent() && guess.get().layout() == LayoutKind.FLYWAY) {
                    subs.add(sub);
                }
            } catch (IOException e) {
                // read (and reported) as a folder of its own by the walk
            }
        }
        if (subs.isEmpty()) {
            return List.of(); // most folders: no second detection of their own files
        }
        Optional<LayoutGuess> own = LayoutDetector.detect(this);
        boolean flywayHere = own.isPresent() && own.get().layout() == LayoutKind.FLYWAY;
        // beside the version folders, only Flyway's callbacks (afterMigrate.sql), which belong to the location
        boolean onlyCallbacks = sqlFiles().stream().allMatch(LayoutDetector::flywayCallback);
        return flywayHere || onlyCallbacks && own.isEmpty() && subs.size() >= 2 ? subs : List.of();
    }

    /** This folder's entries with the files of {@code subs} (subfolders of it), named by their relative paths. */
    FolderEntries withSubfolders(List<FolderEntries> subs) {
        List<String> allFiles = new ArrayList<>(files);
        List<String> dirs = new ArrayList<>(directories);
        Map<String, String> allUnusable = new TreeMap<>(unusable);
        List<String> allOutside = new ArrayList<>(outside);
        Map<String, String> allUnopened = new TreeMap<>(unopened);
        for (FolderEntries sub : subs) {
            String prefix = sub.folder.getFileName().toString() + "/";
            dirs.remove(sub.folder.getFileName().toString());
            sub.files.forEach(f -> allFiles.add(prefix + f));
            sub.directories.forEach(d -> dirs.add(prefix + d));
            sub.unusable.forEach((k, v) -> allUnusable.put(prefix + k, v));
            sub.outside.forEach(o -> allOutside.add(prefix + o));
            sub.unopened.forEach((k, v) -> allUnopened.put(prefix + k, v));
        }
        FolderEntries merged = new FolderEntries(
                folder,
                root,
                List.copyOf(allFiles),
                List.copyOf(dirs),
                allUnusable,
                List.copyOf(allOutside),
                allUnopened);
        merged.versionFolders =
                subs.stream().map(f -> f.folder.getFileName().toString()).toList();
        return merged;
    }

    /** The version folders merged into this listing ({@link #withSubfolders}); empty for a plain listing. */
    List<String> versionFolders() {
        return versionFolders;
    }

    private List<String> versionFolders = List.of();

    /** The file decoded as UTF-8 (malformed bytes replaced, never an exception); empty when it cannot be read. */
    String text(String name) {
        return texts.computeIfAbsent(name, n -> {
            try {
                return new String(Files.readAllBytes(folder.resolve(n)), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                return "";
            }
        });
    }
}
