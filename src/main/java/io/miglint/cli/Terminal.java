package io.miglint.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether miglint talks to a person. {@code System.console()} alone cannot say: up to Java 21 it is null unless stdin
 * and stdout are both terminals, from Java 22 on it is never null and {@code Console.isTerminal()} says it instead.
 */
final class Terminal {
    private Terminal() {}

    /** stdin and stdout are both terminals: a prompt can be answered, a progress line redrawn. */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // Java 21 and older: a console exists only on a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * stdout alone is a terminal (colour is for whoever reads stdout): asked through {@code /proc/self/fd/1} where
     * there is one, so {@code miglint check < /dev/null} on a terminal is still coloured.
     */
    static boolean stdoutIsTerminal() {
        if (interactive()) {
            return true;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
