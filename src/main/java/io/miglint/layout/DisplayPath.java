package io.miglint.layout;

import java.nio.file.Path;

/**
 * Paths as the user would type them: relative to the working directory with forward slashes; a path outside it is
 * shown with {@code ../} when it is at most three levels up (as in {@code ../shared/corpus}), else absolute.
 */
public final class DisplayPath {
    private DisplayPath() {}

    public static String of(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        String shown;
        if (absolute.startsWith(cwd)) {
            Path relative = cwd.relativize(absolute);
            shown = relative.toString().isEmpty() ? "." : relative.toString();
        } else {
            Path relative = absolute.getRoot() != null && absolute.getRoot().equals(cwd.getRoot())
                    ? cwd.relativize(absolute)
                    : absolute;
            int up = 0;
            for (Path part : relative) {
                if (part.toString().equals("..")) {
                    up++;
                }
            }
            shown = !relative.isAbsolute() && up <= 3 ? relative.toString() : absolute.toString();
        }
        return shown.replace('\\', '/');
    }
}
