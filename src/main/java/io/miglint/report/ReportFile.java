package io.miglint.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a report or baseline whole or not at all: into a new temporary file in the same folder, then renamed over
 * the name asked for. A name that is a symbolic link is refused, since a pull request can plant
 * {@code miglint.sarif -> ~/.bashrc}; a link created after that check is replaced by the rename, never written through.
 */
public final class ReportFile {
    /** The content of the file, written to the temporary file. */
    public interface Body {
        void write(Writer out) throws IOException;
    }

    /** The named file is a symbolic link; nothing was written. */
    public static final class LinkRefused extends IOException {
        LinkRefused(Path file) {
            super("refusing to write " + Escape.inline(file.toString()) + ": it is a symbolic link, and writing "
                    + "would change the file it points to; remove the link or name another file");
        }
    }

    private ReportFile() {}

    /** Throws {@link LinkRefused} when {@code file} is a symbolic link (checked before the work and on write). */
    public static void checkNotALink(Path file) throws LinkRefused {
        if (Files.isSymbolicLink(file)) {
            throw new LinkRefused(file);
        }
    }

    public static void write(Path file, Body body) throws IOException {
        checkNotALink(file);
        Path absolute = file.toAbsolutePath();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                body.write(w);
            }
            // A temporary file is private (rw-------); the report is read by later steps as before: rw-r--r--.
            PosixFileAttributeView posix = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
            if (posix != null) {
                posix.setPermissions(PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
