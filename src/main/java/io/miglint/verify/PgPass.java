package io.miglint.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * libpq's password file (https://www.postgresql.org/docs/current/libpq-pgpass.html), read as fe-connect.c's
 * {@code passwordFromFile} reads it: lines {@code hostname:port:database:username:password}, the first matching line
 * wins, {@code *} alone matches any value, a backslash escapes the character after it ({@code \:} and {@code \\}
 * included, in every field), lines starting with {@code #} are comments, and a file that is not a regular file or
 * that grants its group or others any access is ignored with a warning.
 *
 * <p>Written here rather than left to the JDBC driver, which has its own reader (pgjdbc's {@code PgPassParser},
 * used when no password is given): that one reads a file whatever its permissions, keeps a backslash before any
 * character but {@code :} and {@code \} where libpq drops it, skips lines of blanks libpq would match, and also
 * reads the {@code org.postgresql.pgpassfile} property and URLs (so {@code PGPASSFILE=http://…} would be fetched).
 * miglint must pick the password the tools given the same URL pick, so it resolves the password itself and turns
 * the driver's reader off ({@link #DRIVER_PROPERTY}).
 */
public final class PgPass {
    /** pgjdbc's own password-file location; pointed at an empty file so the driver never reads one itself. */
    static final String DRIVER_PROPERTY = "org.postgresql.pgpassfile";

    private PgPass() {}

    /** Turns pgjdbc's own password-file lookup off for this process: the password is always resolved here. */
    static void disableDriverLookup() {
        boolean windows = System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .startsWith("windows");
        System.setProperty(DRIVER_PROPERTY, windows ? "NUL" : "/dev/null");
    }

    /**
     * The file libpq would read: the {@code passfile} parameter, else {@code PGPASSFILE}, else {@code ~/.pgpass}
     * ({@code %APPDATA%\postgresql\pgpass.conf} on Windows).
     */
    static Path location(String passfileParameter, LibpqEnvironment env) {
        if (passfileParameter != null && !passfileParameter.isEmpty()) {
            return Path.of(passfileParameter);
        }
        String fromEnv = env.get("PGPASSFILE");
        if (fromEnv != null) {
            return Path.of(fromEnv);
        }
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
            String appData = env.get("APPDATA");
            return appData == null ? null : Path.of(appData, "postgresql", "pgpass.conf");
        }
        return env.home() == null ? null : env.home().resolve(".pgpass");
    }

    /**
     * The password of the first line matching the connection, or null.
     *
     * @param host the host name as given (libpq matches the {@code host} parameter, not its address)
     */
    static String lookup(Path file, String host, String port, String database, String user, LibpqEnvironment env) {
        if (file == null || database == null || database.isEmpty() || user == null || user.isEmpty()) {
            return null;
        }
        String hostname = host == null || host.isEmpty() ? "localhost" : host;
        if (!Files.exists(file)) {
            return null;
        }
        if (!Files.isRegularFile(file)) {
            env.warnings().accept("WARNING: password file \"" + file + "\" is not a plain file");
            return null;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> groupOrWorld = EnumSet.of(
                    PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE);
            groupOrWorld.retainAll(perms);
            if (!groupOrWorld.isEmpty()) {
                env.warnings()
                        .accept("WARNING: password file \"" + file + "\" has group or world access; "
                                + "permissions should be u=rw (0600) or less");
                return null;
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): libpq does not check there either
        } catch (IOException e) {
            return null;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            String l = stripCrlf(line);
            if (l.isEmpty()) {
                continue;
            }
            int rest = matches(l, 0, hostname);
            rest = rest < 0 ? -1 : matches(l, rest, port);
            rest = rest < 0 ? -1 : matches(l, rest, database);
            rest = rest < 0 ? -1 : matches(l, rest, user);
            if (rest >= 0) {
                return deescape(l.substring(rest));
            }
        }
        return null;
    }

    /** pg_strip_crlf: trailing newlines and carriage returns go. */
    private static String stripCrlf(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * fe-connect.c's {@code pwdfMatchesString}: where the field at {@code from} matches {@code token} (or is
     * {@code *}), the index after its {@code :}; else -1.
     */
    static int matches(String buf, int from, String token) {
        if (buf.startsWith("*:", from)) {
            return from + 2;
        }
        int t = from;
        int k = 0;
        boolean bslash = false;
        while (t < buf.length()) {
            if (buf.charAt(t) == '\\' && !bslash) {
                t++;
                bslash = true;
            }
            if (t < buf.length() && buf.charAt(t) == ':' && k == token.length() && !bslash) {
                return t + 1;
            }
            bslash = false;
            if (k == token.length() || t >= buf.length()) {
                return -1;
            }
            if (buf.charAt(t) == token.charAt(k)) {
                t++;
                k++;
            } else {
                return -1;
            }
        }
        return -1;
    }

    /** "De-escape password": up to the first unescaped {@code :}, each backslash dropped and the next kept. */
    static String deescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length() && field.charAt(i) != ':'; i++) {
            if (field.charAt(i) == '\\' && i + 1 < field.length()) {
                i++;
            }
            out.append(field.charAt(i));
        }
        return out.toString();
    }
}
