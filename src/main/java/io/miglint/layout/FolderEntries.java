package io.miglint.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** One directory listing, read once and shared by detection and reading. Hidden entries are left out. */
final class FolderEntries {
    private final Path folder;
    private final List<String> files;
    private final List<String> directories;
    private final Map<String, String> unusable;
    private final Map<String, String> texts = new ConcurrentHashMap<>();

    private FolderEntries(Path folder, List<String> files, List<String> directories, Map<String, String> unusable) {
        this.folder = folder;
        this.files = files;
        this.directories = directories;
        this.unusable = unusable;
    }

    static FolderEntries list(Path folder) throws IOException {
        List<String> files = new ArrayList<>();
        List<String> directories = new ArrayList<>();
        Map<String, String> unusable = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path entry : stream) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
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
        return new FolderEntries(folder, List.copyOf(files), List.copyOf(directories), unusable);
    }

    /**
     * A {@code .sql} entry that is neither a file nor a folder is never opened: reading a FIFO would block the run,
     * and a dangling or looping link has nothing to read.
     */
    private static String whyNotAFile(Path entry) {
        if (Files.isSymbolicLink(entry)) {
            try {
                entry.toRealPath();
            } catch (java.nio.file.FileSystemException e) {
                String reason = e.getReason() == null ? "" : e.getReason().toLowerCase(java.util.Locale.ROOT);
                return reason.contains("levels of symbolic links") ? "symbolic link loop; skipped"
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
