package io.miglint.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A directory only the current user can enter: the embedded PostgreSQL's binaries and its runs live in one, so that no
 * other local user can swap a binary or reach the server's socket. A shared, world-writable path (zonky's default,
 * {@code java.io.tmpdir/embedded-pg}) would let anyone plant an {@code initdb}.
 */
final class PrivateDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private PrivateDirectory() {}

    /**
     * {@code $XDG_CACHE_HOME/miglint}, else {@code ~/.cache/miglint}; where the home directory is unusable,
     * {@code java.io.tmpdir/miglint-<uid>}.
     */
    static Path forUser() throws IOException {
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getProperty("user.home");
        Path preferred = xdg != null && !xdg.isBlank()
                ? Path.of(xdg, "miglint")
                : home != null && !home.isBlank() && !home.equals("?") ? Path.of(home, ".cache", "miglint") : null;
        if (preferred != null) {
            try {
                Files.createDirectories(preferred.getParent());
                return ensure(preferred);
            } catch (IOException e) {
                // a read-only home: fall back to the temporary directory
            }
        }
        return ensure(Path.of(System.getProperty("java.io.tmpdir"), "miglint-" + currentUid()));
    }

    /**
     * Creates {@code dir} (0700) or checks the existing one: owned by us, a directory and not a link, no access for
     * group or others, inside a parent that others cannot rename it out of.
     *
     * @throws IOException with a message that names the directory and what to do
     */
    static Path ensure(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // checked below like any existing one
            }
            // mkdir's mode is masked by the umask; set it exactly
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory (or is a symbolic link); remove it");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != currentUid()) {
            throw new IOException(dir + " belongs to uid " + owner + ", not to the current user; remove it or set "
                    + "XDG_CACHE_HOME to a directory of your own");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!OWNER_ONLY.containsAll(perms)) {
            throw new IOException(dir + " is open to other users (" + PosixFilePermissions.toString(perms)
                    + "); run chmod 700 on it after checking its content, or remove it");
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            int mode = (Integer) Files.getAttribute(parent, "unix:mode");
            boolean othersWrite = (mode & 0002) != 0;
            boolean sticky = (mode & 01000) != 0;
            if (othersWrite && !sticky) {
                throw new IOException(parent + " is writable by everyone without the sticky bit, so others could "
                        + "replace " + dir.getFileName() + "; set XDG_CACHE_HOME to a directory of your own");
            }
        }
        return dir;
    }

    /**
     * {@link #ensure} for a directory inside one of ours that a library opens up: zonky makes its working directory
     * writable by everyone (for a shared /tmp path). Inside our 0700 directory nobody else can reach it; its mode is
     * set back to 0700 when it is ours.
     */
    static Path ensureInsideOurs(Path dir) throws IOException {
        ensure(dir.toAbsolutePath().getParent());
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                && (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS) == currentUid()) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
        return ensure(dir);
    }

    static int currentUid() throws IOException {
        Path self = Path.of("/proc/self");
        if (Files.exists(self)) {
            return (Integer) Files.getAttribute(self, "unix:uid");
        }
        // macOS has no /proc (the embedded engine runs there on binaries fetched for it)
        return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a file the server still writes: the watchdog removes the directory after it
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // as above
        }
    }
}
