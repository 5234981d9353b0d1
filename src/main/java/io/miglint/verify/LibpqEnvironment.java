package io.miglint.verify;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What libpq reads besides the connection string: the {@code PG*} environment variables that fill what a URL leaves
 * out (https://www.postgresql.org/docs/current/libpq-envars.html), the home directory the password file lives in, and
 * where its warnings go. The process's own by {@link #system()}; tests pass their own.
 *
 * @param variables the environment
 * @param home      the user's home directory ({@code ~/.pgpass}), or null when unknown
 * @param warnings  libpq's warnings (a password file with group or world access is ignored with one)
 * @param osUser    the operating-system user name, libpq's last default for the user name
 */
public record LibpqEnvironment(Map<String, String> variables, Path home, Consumer<String> warnings, String osUser) {

    public LibpqEnvironment {
        variables = Map.copyOf(variables);
    }

    /** This process: its environment, {@code user.home}, {@code user.name}, warnings on stderr. */
    public static LibpqEnvironment system() {
        String home = System.getProperty("user.home");
        return new LibpqEnvironment(
                System.getenv(),
                home == null || home.isEmpty() ? null : Path.of(home),
                w -> System.err.println("miglint: " + w),
                System.getProperty("user.name"));
    }

    /** A variable's value, or null when it is unset or empty (libpq treats both alike). */
    public String get(String name) {
        String v = variables.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
