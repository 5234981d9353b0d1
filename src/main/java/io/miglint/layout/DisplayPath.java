package io.miglint.layout;

import java.nio.file.Path;

/** Paths as the user would type them: relative to the working directory, forward slashes, absolute only outside it. */
public final class DisplayPath {
    private DisplayPath() {
    }

    public static String of(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        String shown;
        if (absolute.startsWith(cwd)) {
            Path relative = cwd.relativize(absolute);
            shown = relative.toString().isEmpty() ? "." : relative.toString();
        } else {
            shown = absolute.toString();
        }
        return shown.replace('\\', '/');
    }
}
