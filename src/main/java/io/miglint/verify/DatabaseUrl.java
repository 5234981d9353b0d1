package io.miglint.verify;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A PostgreSQL server address as given to {@code --database-url}: {@code postgres://user:pw@host:port/db?…},
 * {@code postgresql://…} or {@code jdbc:postgresql://host:port/db?user=…&password=…}, completed from libpq's
 * environment and password file where the URL leaves something out. The password is registered for redaction on
 * parse, and {@link #toString()} never shows it.
 *
 * @param parameters     the parameters handed to the driver ({@code search_path} among them)
 * @param toolParameters golang-migrate's {@code x-…} parameters, which the tool strips before it connects: never sent
 *                       to the server
 * @param path           the URL's path as golang-migrate reads it ({@code "/db"}, decoded; {@code ""} when the URL
 *                       has none): its advisory lock key is derived from it
 */
public record DatabaseUrl(
        String host,
        int port,
        String database,
        String user,
        String password,
        Map<String, String> parameters,
        Map<String, String> toolParameters,
        String path) {

    static {
        PgPass.disableDriverLookup();
    }

    public DatabaseUrl {
        parameters = Map.copyOf(parameters);
        toolParameters = Map.copyOf(toolParameters);
        path = path == null ? "" : path;
        Redaction.registerPassword(password, user, host, database);
    }

    public DatabaseUrl(
            String host, int port, String database, String user, String password, Map<String, String> parameters) {
        this(host, port, database, user, password, parameters, Map.of(), "");
    }

    /**
     * What follows the {@code @} of the userinfo: host (a bracketed IPv6 address or a name), a numeric port, a
     * database name and the parameters. A candidate {@code @} is the end of the userinfo only if the rest has this
     * shape, which is how a raw {@code @ / : # ? %} in a password is told from the address.
     */
    private static final Pattern ADDRESS =
            Pattern.compile("(\\[[^\\]/?#@]*\\]|[^\\[\\]/?#@:]*)(?::(\\d*))?(/[^?#@]*)?(\\?.*)?", Pattern.DOTALL);

    private static final Set<String> REFUSED =
            Set.of("hostaddr", "service", "pghost", "pgport", "pgdbname", "pghostaddr");
    private static final String ENCODE = "percent-encode '@', '/', '?', '#', ':' and '%' in the user name and "
            + "password (%40, %2F, %3F, %23, %3A, %25)";
    /**
     * golang-migrate's PostgreSQL driver's parameters (database/postgres/postgres.go, Open): the tool removes every
     * {@code x-} parameter before lib/pq sees the URL, so any other {@code x-} name is a typo or another driver's
     * and is refused rather than ignored.
     */
    public static final Set<String> GOLANG_MIGRATE_PARAMETERS = Set.of(
            "x-migrations-table",
            "x-migrations-table-quoted",
            "x-statement-timeout",
            "x-multi-statement",
            "x-multi-statement-max-size");

    /** {@link #parse(String, LibpqEnvironment)} with this process's environment and home directory. */
    public static DatabaseUrl parse(String url) {
        return parse(url, LibpqEnvironment.system());
    }

    /**
     * Reads a URL the way libpq reads a connection URI (https://www.postgresql.org/docs/current/libpq-connect.html
     * #LIBPQ-CONNSTRING-URIS): percent-decoding, {@code user}, {@code password}, {@code host}, {@code port} and
     * {@code dbname} parameters overriding the address, so the server miglint connects to and names is the one the
     * tools given the same URL connect to. What the URL leaves out comes from libpq's environment ({@code PGHOST},
     * {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD}, {@code PGSSLMODE}), then libpq's
     * defaults (localhost, 5432, the operating-system user, a database named after the user); without a password
     * the password file is read ({@link PgPass}). Unlike libpq, a raw {@code @ / : # ? %} in the password is accepted
     * when the URL can be read only one way, and a {@code %} not followed by two hex digits stays as it is. Errors
     * never contain any part of the password.
     *
     * @throws IllegalArgumentException a usage error (exit 2)
     */
    public static DatabaseUrl parse(String url, LibpqEnvironment env) {
        String s = url.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        String scheme = null;
        for (String prefix : List.of("jdbc:postgresql://", "postgres://", "postgresql://")) {
            if (lower.startsWith(prefix)) {
                scheme = prefix;
            }
        }
        if (scheme == null) {
            throw new IllegalArgumentException("database URL must start with postgres://, postgresql:// or "
                    + "jdbc:postgresql:// (got " + Redaction.redact(s) + ")");
        }
        String rest = s.substring(scheme.length());
        int at = userInfoEnd(rest, scheme);
        String user = null;
        String password = null;
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String shown = scheme
                + (at < 0
                        ? ""
                        : rest.substring(0, at).contains(":")
                                ? rest.substring(0, rest.indexOf(':')) + ":" + Redaction.MASK + "@"
                                : rest.substring(0, at + 1))
                + Redaction.redact(rest.substring(at + 1));
        Matcher m = ADDRESS.matcher(rest.substring(at + 1));
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read the database URL " + shown + ": expected " + scheme
                    + "[user[:password]@]host[:port][/database][?parameters]; " + ENCODE);
        }
        String host = decode(m.group(1));
        Integer port = null;
        if (m.group(2) != null && !m.group(2).isEmpty()) {
            port = port(m.group(2), shown);
        }
        String path = m.group(3) == null || scheme.startsWith("jdbc") ? "" : decode(m.group(3));
        String database = m.group(3) == null ? null : decode(m.group(3).substring(1));
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> tool = new LinkedHashMap<>();
        String passfile = null;
        String query = m.group(4) == null ? "" : m.group(4).substring(1);
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            String key = k.toLowerCase(Locale.ROOT);
            if (REFUSED.contains(key)) {
                throw new IllegalArgumentException("the database URL " + shown + " has the parameter " + k
                        + ", which miglint does not use: name the server in the URL's host and port, so that "
                        + "miglint connects to the server it reports");
            }
            if (key.startsWith("x-")) {
                if (!GOLANG_MIGRATE_PARAMETERS.contains(k)) {
                    throw new IllegalArgumentException("the database URL " + shown + " has the parameter " + k
                            + ", which miglint does not know (golang-migrate's PostgreSQL driver reads "
                            + String.join(", ", new java.util.TreeSet<>(GOLANG_MIGRATE_PARAMETERS))
                            + "): remove it or correct its name");
                }
                // url.Values.Get, as golang-migrate reads them: the first value, '+' a space
                tool.putIfAbsent(k, v.replace('+', ' '));
                continue;
            }
            switch (key) {
                case "user" -> user = v;
                case "password" -> password = v;
                case "host" -> host = v;
                case "port" -> port = v.isEmpty() ? null : port(v, shown);
                case "dbname" -> database = v;
                case "passfile" -> passfile = v;
                default -> params.put(k, v);
            }
        }
        // libpq: a value the connection string leaves out (or leaves empty) comes from the environment
        String hostSource = "URL";
        if (host.isEmpty() && env.get("PGHOST") != null) {
            host = env.get("PGHOST");
            hostSource = "PGHOST";
        }
        if (host.contains(",")) {
            throw new IllegalArgumentException(("URL".equals(hostSource) ? "the database URL " + shown : "PGHOST")
                    + " names several hosts; miglint connects to one: give the primary's host and port");
        }
        if (host.startsWith("/") || host.startsWith("@")) {
            throw new IllegalArgumentException(("URL".equals(hostSource) ? "the database URL " + shown : "PGHOST")
                    + " names a Unix-domain socket; miglint connects by TCP: give host=127.0.0.1 (or "
                    + "the server's address) and its port");
        }
        if (host.isEmpty()) {
            host = "localhost";
        }
        if (port == null && env.get("PGPORT") != null) {
            String p = env.get("PGPORT").strip();
            try {
                port = p.matches("\\d{1,5}") ? Integer.parseInt(p) : -1;
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("PGPORT '" + p + "' is not a port number from 1 to 65535");
            }
        }
        if (user == null || user.isEmpty()) {
            user = env.get("PGUSER") != null ? env.get("PGUSER") : env.osUser();
        }
        if (user == null || user.isEmpty()) {
            user = "postgres";
        }
        if (database == null || database.isEmpty()) {
            database = env.get("PGDATABASE") != null ? env.get("PGDATABASE") : user;
        }
        if (password == null || password.isEmpty()) {
            password = env.get("PGPASSWORD");
        }
        if (!params.containsKey("sslmode") && env.get("PGSSLMODE") != null) {
            params.put("sslmode", env.get("PGSSLMODE"));
        }
        int resolvedPort = port == null ? 5432 : port;
        if (password == null) {
            String unbracketed =
                    host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            password = PgPass.lookup(
                    PgPass.location(passfile, env), unbracketed, Integer.toString(resolvedPort), database, user, env);
        }
        return new DatabaseUrl(host, resolvedPort, database, user, password, params, tool, path);
    }

    /**
     * The index of the {@code @} ending the userinfo in {@code rest} (after the scheme), or -1 for none: the one
     * {@code @} (or none) after which the rest reads as an address. Several readings are refused: the URL would
     * otherwise connect somewhere its author may not have meant, and name it.
     */
    private static int userInfoEnd(String rest, String scheme) {
        List<Integer> readings = new ArrayList<>();
        if (ADDRESS.matcher(rest).matches()) {
            readings.add(-1);
        }
        for (int i = rest.indexOf('@'); i >= 0; i = rest.indexOf('@', i + 1)) {
            if (ADDRESS.matcher(rest.substring(i + 1)).matches()) {
                readings.add(i);
            }
        }
        if (readings.size() == 1) {
            return readings.get(0);
        }
        if (readings.isEmpty()) {
            // nothing of the URL is shown: where it cannot be read, the password's end is not known either
            throw new IllegalArgumentException("cannot read the database URL (" + scheme + "…, not shown as it may "
                    + "hold a password): expected " + scheme + "[user[:password]@]host[:port][/database]"
                    + "[?parameters] with a numeric port; " + ENCODE);
        }
        throw new IllegalArgumentException("the database URL (" + scheme + "…, not shown) can be read in more than "
                + "one way because of a raw '@': " + ENCODE + ", and an '@' in a parameter as %40");
    }

    private static int port(String text, String shown) {
        try {
            int p = Integer.parseInt(text.strip());
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("bad port in the database URL " + shown + ": a number from 1 to 65535; "
                + "several hosts or ports are not supported");
    }

    /**
     * Percent-decoding as UTF-8; a {@code %} not followed by two hex digits and a {@code +} stay as they are (a
     * password written without encoding), and nothing in the text is ever echoed in an error.
     */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** The same server and credentials, another database. */
    public DatabaseUrl withDatabase(String db) {
        return new DatabaseUrl(host, port, db, user, password, parameters, toolParameters, path);
    }

    /** The same server without a {@code search_path} or {@code currentSchema} parameter. */
    public DatabaseUrl withoutSearchPath() {
        Map<String, String> p = new LinkedHashMap<>(parameters);
        p.remove("search_path");
        p.remove("currentSchema");
        return new DatabaseUrl(host, port, database, user, password, p, toolParameters, path);
    }

    public DatabaseUrl withCredentials(String newUser, String newPassword) {
        return new DatabaseUrl(host, port, database, newUser, newPassword, parameters, toolParameters, path);
    }

    /**
     * JDBC URL without credentials (they go in {@link #properties()}, so they never sit in a URL string). libpq's
     * and lib/pq's {@code search_path} parameter becomes pgjdbc's {@code currentSchema}, which the driver sends as the
     * same {@code search_path} startup parameter (pgjdbc ignores a {@code search_path} parameter); {@code options}
     * is read by both as it is.
     */
    public String jdbcUrl() {
        String q = parameters.entrySet().stream()
                .filter(e -> !secret(e.getKey()))
                .filter(e -> !(e.getKey().equals("currentSchema") && parameters.containsKey("search_path")))
                .map(e -> URLEncoder.encode(
                                e.getKey().equals("search_path") ? "currentSchema" : e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return "jdbc:postgresql://" + host + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8)
                + (q.isEmpty() ? "" : "?" + q);
    }

    public Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        // secrets such as sslpassword go as properties too, never in the URL string a driver message may quote
        parameters.forEach((k, v) -> {
            if (secret(k)) {
                p.setProperty(k, v);
            }
        });
        return p;
    }

    private static boolean secret(String parameter) {
        return parameter.toLowerCase(Locale.ROOT).contains("password");
    }

    @Override
    public String toString() {
        return "postgres://" + user + (password == null ? "" : ":" + Redaction.MASK) + "@" + host + ":" + port + "/"
                + database;
    }
}
