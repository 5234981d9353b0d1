package io.miglint.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SHA-256 of an unpacked binaries tree (each file's relative path, kind, link target or content, in name order),
 * recorded next to it when miglint first finds it in its private directory (where only this user may write). Before
 * each start the tree must still have that hash; a tree that differs is deleted and unpacked again from the jar.
 * zonky's own marker file only says that an unpack finished, not that nothing changed since.
 */
final class BinaryTree {
    private static final String SUFFIX = ".sha256";

    private BinaryTree() {}

    /** Deletes each unpacked tree under {@code binaries} whose hash is not the recorded one. */
    static void verifyOrDiscard(Path binaries) throws IOException {
        for (Path tree : trees(binaries)) {
            Path record = tree.resolveSibling(tree.getFileName() + SUFFIX);
            if (!Files.exists(record, LinkOption.NOFOLLOW_LINKS)) {
                continue; // recorded after the start (an unpack that another run of ours may still be finishing)
            }
            boolean ok = Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS)
                    && Files.readString(record).strip().equals(hash(tree));
            if (!ok) {
                PrivateDirectory.deleteQuietly(tree);
                Files.deleteIfExists(record);
                if (Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("cannot remove the altered binaries in " + tree + "; remove it by hand");
                }
            }
        }
    }

    /** Records the hash of each tree that has none (just unpacked by zonky, in our private directory). */
    static void recordIfNew(Path binaries) {
        try {
            for (Path tree : trees(binaries)) {
                Path record = tree.resolveSibling(tree.getFileName() + SUFFIX);
                if (!Files.exists(record, LinkOption.NOFOLLOW_LINKS)) {
                    Files.writeString(record, hash(tree) + "\n");
                }
            }
        } catch (IOException e) {
            // without a record the tree is unpacked again next time: slower, not less safe
        }
    }

    private static List<Path> trees(Path binaries) throws IOException {
        try (Stream<Path> s = Files.list(binaries)) {
            return s.filter(p -> p.getFileName().toString().startsWith("PG-")
                            && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted()
                    .toList();
        }
    }

    static String hash(Path tree) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(tree)) {
            files = s.sorted().toList();
        }
        byte[] buffer = new byte[1 << 16];
        for (Path p : files) {
            String rel = tree.relativize(p).toString();
            if (rel.equals("epg-lock")) {
                continue; // zonky's unpack lock, created and removed around each unpack
            }
            sha.update(rel.getBytes(StandardCharsets.UTF_8));
            if (Files.isSymbolicLink(p)) {
                sha.update((byte) 'l');
                sha.update(Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8));
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                sha.update((byte) 'd');
            } else {
                sha.update((byte) (Files.isExecutable(p) ? 'x' : 'f'));
                try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        sha.update(buffer, 0, n);
                    }
                }
            }
            sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
