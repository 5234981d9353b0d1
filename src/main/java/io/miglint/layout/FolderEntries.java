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
