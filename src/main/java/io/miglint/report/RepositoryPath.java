package io.miglint.report;

import java.nio.file.Path;

/**
 * A finding's file as a path relative to the repository root, which CI services map onto the repository: the run's
 * working directory (where CI jobs start, and where {@code %SRCROOT%} points in SARIF). A display path is relative to
 * it already; a path the user gave as absolute is made relative to it, since an absolute path leaks the build
 * machine's layout and matches no file of the repository. Forward slashes on every platform.
 */
final class RepositoryPath {
    private RepositoryPath() {}

    static String of(Path workingDirectory, String displayPath, Path file) {
        String relative = displayPath.replace('\\', '/');
        Path asPath = file != null ? file : parse(displayPath);
        if (asPath != null && asPath.isAbsolute()) {
            relative =
                    workingDirectory.relativize(asPath.normalize()).toString().replace('\\', '/');
        }
        return relative;
    }

    private static Path parse(String text) {
        try {
            return Path.of(text);
        } catch (RuntimeException invalidOnThisPlatform) {
            return null;
        }
    }
}
