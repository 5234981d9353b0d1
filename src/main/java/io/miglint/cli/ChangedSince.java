package io.miglint.cli;

import io.miglint.vcs.ChangedFiles;
import io.miglint.vcs.GitException;
import java.nio.file.Path;
import java.util.function.Predicate;

/** {@code --changed-since REF} as check, verify and gate read it: one meaning, one place. */
final class ChangedSince {
    private ChangedSince() {}

    /**
     * The files added or changed since the merge base of {@code ref} and HEAD (plus uncommitted ones), in the
     * repository around {@code where}; every file when {@code ref} is null. A ref git does not know, or a folder
     * outside a repository, is a usage error.
     */
    static Predicate<Path> files(String ref, Path where) {
        if (ref == null) {
            return p -> true;
        }
        try {
            return ChangedFiles.since(ref, where)::contains;
        } catch (GitException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
