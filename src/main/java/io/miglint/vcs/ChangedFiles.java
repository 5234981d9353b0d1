package io.miglint.vcs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The files a branch changes, as {@code --changed-since REF} means it: everything added, modified, renamed or copied
 * between the merge base of REF and HEAD and the working tree (so a pull request's own commits, plus what is staged,
 * unstaged or untracked and not ignored), the way {@code git diff REF...} reads a branch. Deleted files are left out:
 * there is nothing left to report on. git runs as a process, so the user's own git (and its credentials, shallow
 * clones and worktrees) is what answers.
 *
 * @param topLevel  the repository's working tree root
 * @param mergeBase the commit the branch is compared with
 * @param files     absolute, normalised paths of the changed files
 */
public record ChangedFiles(Path topLevel, String mergeBase, Set<Path> files) {

    private static final long TIMEOUT_SECONDS = 60;

    /** Whether {@code file} (any form: relative, absolute, through a symbolic link) is one of the changed files. */
    public boolean contains(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (files.contains(abs)) {
            return true;
        }
        try {
            return files.contains(abs.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param ref   a branch, tag or commit, e.g. {@code origin/main}
     * @param where a folder inside the repository (the first path the user linted)
     */
    public static ChangedFiles since(String ref, Path where) throws GitException {
        if (ref.isBlank() || ref.startsWith("-")) {
            throw new GitException("--changed-since needs a git ref such as origin/main, not '" + ref + "'");
        }
        Path dir = Files.isDirectory(where) ? where : where.toAbsolutePath().getParent();
        Run top = git(dir, "rev-parse", "--show-toplevel");
        if (top.exit() != 0) {
            throw new GitException("--changed-since needs a git repository; " + dir + " is not inside one");
        }
        Path root = Path.of(top.out().strip());
        if (git(root, "rev-parse", "--verify", "--quiet", ref + "^{commit}").exit() != 0) {
            throw new GitException("ref " + ref + " not found; fetch it: " + fetchHint(root, ref, "--depth=100"));
        }
        Run base = git(root, "merge-base", ref, "HEAD");
        if (base.exit() != 0) {
            boolean shallow = git(root, "rev-parse", "--is-shallow-repository")
                    .out()
                    .strip()
                    .equals("true");
            throw new GitException(
                    shallow
                            ? "ref " + ref
                                    + " and HEAD have no common commit in this shallow clone; fetch more history: "
                                    + fetchHint(root, ref, "--deepen=200")
                                    + " (or use fetch-depth: 0 in actions/checkout)"
                            : "ref " + ref + " shares no history with HEAD; nothing to compare with");
        }
        String mergeBase = base.out().strip();
        Set<Path> files = new HashSet<>();
        // -z: paths verbatim (no quoting of non-ASCII names); relative to the top level whatever the working folder.
        Run diff = git(root, "diff", "--name-only", "-z", "--no-ext-diff", "--diff-filter=ACMRT", mergeBase, "--");
        Run untracked = git(root, "ls-files", "--others", "--exclude-standard", "-z", "--full-name");
        for (Run r : List.of(diff, untracked)) {
            if (r.exit() != 0) {
                throw new GitException("git " + r.what() + " failed: " + firstLine(r.err()));
            }
            for (String name : r.out().split("\0")) {
                if (!name.isEmpty()) {
                    files.add(root.resolve(name).toAbsolutePath().normalize());
                }
            }
        }
        Set<Path> real = new HashSet<>(files);
        for (Path f : files) {
            try {
                real.add(f.toRealPath());
            } catch (IOException e) {
                // Not on disk any more: only its recorded path can match.
            }
        }
        return new ChangedFiles(root, mergeBase, Set.copyOf(real));
    }

    /** {@code origin/main} → {@code git fetch … origin main}; a bare name is fetched from origin. */
    private static String fetchHint(Path root, String ref, String depth) throws GitException {
        String remote = "origin";
        String branch = ref;
        int slash = ref.indexOf('/');
        if (slash > 0) {
            String first = ref.substring(0, slash);
            List<String> remotes = List.of(git(root, "remote").out().split("\n"));
            if (remotes.contains(first) || first.equals("origin")) {
                remote = first;
                branch = ref.substring(slash + 1);
            }
        }
        return "git fetch " + depth + " " + remote + " " + branch;
    }

    private record Run(String what, int exit, String out, String err) {}

    private static Run git(Path dir, String... args) throws GitException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("LC_ALL", "C");
            pb.environment().put("GIT_TERMINAL_PROMPT", "0");
            p = pb.start();
        } catch (IOException e) {
            throw new GitException("--changed-since runs git, which could not be started: " + e.getMessage());
        }
        try {
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new GitException("git " + args[0] + " took longer than " + TIMEOUT_SECONDS + " s");
            }
            return new Run(args[0], p.exitValue(), out, err.join());
        } catch (IOException | UncheckedIOException e) {
            throw new GitException("git " + args[0] + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitException("interrupted while running git " + args[0]);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
