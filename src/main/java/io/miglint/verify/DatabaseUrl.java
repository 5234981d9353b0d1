package io.miglint.verify;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A PostgreSQL server address as given to {@code --database-url}: {@code postgres://user:pw@host:port/db?…},
 * {@code postgresql://…} or {@code jdbc:postgresql://host:port/db?user=…&password=…}. The password is registered for
 * redaction on parse, and {@link #toString()} never shows it.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password,
                          Map<String, String> parameters) {

    public DatabaseUrl {
        parameters = Map.copyOf(parameters);
        Redaction.register(password);
    }

    public static DatabaseUrl parse(String url) {
        String s = url.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("jdbc:postgresql://")) {
            rest = s.substring("jdbc:postgresql://".length());
        } else if (lower.startsWith("postgres://")) {
            rest = s.substring("postgres://".length());
        } else if (lower.startsWith("postgresql://")) {
            rest = s.substring("postgresql://".length());
        } else {
            throw new IllegalArgumentException("database URL must start with postgres://, postgresql:// or "
                    + "jdbc:postgresql:// (got " + Redaction.redact(s) + ")");
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@', firstOf(rest, '/', '?'));
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            Redaction.register(password);
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String database = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            database = decode(rest.substring(slash + 1));
            rest = rest.substring(0, slash);
        }
        String host = rest;
        int port = 5432;
        int portColon = rest.lastIndexOf(':');
        if (portColon >= 0 && portColon > rest.lastIndexOf(']')) {
            host = rest.substring(0, portColon);
            try {
                port = Integer.parseInt(rest.substring(portColon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in database URL " + Redaction.redact(url));
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            switch (k) {
                case "user" -> user = v;
                case "password" -> {
                    password = v;
                    Redaction.register(v);
                }
                default -> params.put(k, v);
            }
        }
        if (host.isEmpty()) {
            host = "localhost";
        }
        if (database == null || database.isEmpty()) {
            database = user == null ? "postgres" : user;
        }
        return new DatabaseUrl(host, port, database, user == null ? "postgres" : user, password, params);
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        int k = i < 0 ? j : j < 0 ? i : Math.min(i, j);
        return k < 0 ? s.length() : k;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The same server and credentials, another database. */
    public DatabaseUrl withDatabase(String db) {
        return new DatabaseUrl(host, port, db, user, password, parameters);
    }

    public DatabaseUrl withCredentials(String newUser, String newPassword) {
        return new DatabaseUrl(host, port, database, newUser, newPassword, parameters);
    }

    /** JDBC URL without credentials (they go in {@link #properties()}, so they never sit in a URL string). */
    public String jdbcUrl() {
        String q = parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
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
        return p;
    }

    @Override
    public String toString() {
        return "postgres://" + user + (password == null ? "" : ":" + Redaction.MASK) + "@" + host + ":" + port + "/"
                + database;
    }
}
