package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a URL leaves out comes from libpq's environment and password file, as libpq fills it in (fe-connect.c:
 * conninfo_add_defaults, connectOptions2, passwordFromFile); values in the URL win.
 */
class LibpqEnvironmentTest {
    @TempDir
    Path home;

    final List<String> warnings = new ArrayList<>();

    private LibpqEnvironment env(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return new LibpqEnvironment(m, home, warnings::add, "ci-runner");
    }

    private Path pgpass(String name, String text, String mode) throws Exception {
        Path f = home.resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void theEnvironmentFillsWhatTheUrlLeavesOut() {
        DatabaseUrl u = DatabaseUrl.parse(
                "postgres://",
                env(
                        "PGHOST",
                        "db.internal",
                        "PGPORT",
                        "6543",
                        "PGUSER",
                        "deploy",
                        "PGDATABASE",
                        "shop",
                        "PGPASSWORD",
                        "Env-pw-4217",
                        "PGSSLMODE",
                        "require"));
        assertEquals("db.internal", u.host());
        assertEquals(6543, u.port());
        assertEquals("deploy", u.user());
        assertEquals("shop", u.database());
        assertEquals("Env-pw-4217", u.password());
        assertEquals("jdbc:postgresql://db.internal:6543/shop?sslmode=require", u.jdbcUrl());
        assertEquals("postgres://deploy:***@db.internal:6543/shop", u.toString());
    }

    @Test
    void valuesInTheUrlWinOverTheEnvironment() {
        LibpqEnvironment e = env(
                "PGHOST",
                "db.internal",
                "PGPORT",
                "6543",
                "PGUSER",
                "deploy",
                "PGDATABASE",
                "shop",
                "PGPASSWORD",
                "Env-pw-4217",
                "PGSSLMODE",
                "require");
        DatabaseUrl u = DatabaseUrl.parse("postgres://app:url-pw@10.1.2.3:5544/orders?sslmode=disable", e);
        assertEquals("10.1.2.3", u.host());
        assertEquals(5544, u.port());
        assertEquals("app", u.user());
        assertEquals("orders", u.database());
        assertEquals("url-pw", u.password());
        assertEquals("jdbc:postgresql://10.1.2.3:5544/orders?sslmode=disable", u.jdbcUrl());
        DatabaseUrl params = DatabaseUrl.parse("postgres://?host=10.9.9.9&port=7&dbname=d&user=x&password=y", e);
        assertEquals("postgres://x:***@10.9.9.9:7/d", params.toString());
        // only the parts the URL leaves out: its host, the environment's port and user
        DatabaseUrl mixed = DatabaseUrl.parse("postgres://10.1.2.3/orders", e);
        assertEquals("postgres://deploy:***@10.1.2.3:6543/orders", mixed.toString());
    }

    @Test
    void withoutEnvironmentLibpqsDefaults() {
        DatabaseUrl u = DatabaseUrl.parse("postgres://", env());
        assertEquals("localhost", u.host());
        assertEquals(5432, u.port());
        assertEquals("ci-runner", u.user());
        assertEquals("ci-runner", u.database());
        assertNull(u.password());
        assertEquals("postgres://ci-runner@localhost:5432/ci-runner", u.toString());
    }

    @Test
    void anEnvironmentThatNamesNoSingleTcpServerIsRefused() {
        IllegalArgumentException socket = assertThrows(
                IllegalArgumentException.class,
                () -> DatabaseUrl.parse("postgres://", env("PGHOST", "/var/run/postgresql")));
        assertTrue(socket.getMessage().startsWith("PGHOST names a Unix-domain socket"), socket.getMessage());
        IllegalArgumentException hosts = assertThrows(
                IllegalArgumentException.class, () -> DatabaseUrl.parse("postgres:///d", env("PGHOST", "a,b")));
        assertTrue(hosts.getMessage().startsWith("PGHOST names several hosts"), hosts.getMessage());
        IllegalArgumentException port = assertThrows(
                IllegalArgumentException.class, () -> DatabaseUrl.parse("postgres://h/d", env("PGPORT", "54x")));
        assertTrue(port.getMessage().startsWith("PGPORT '54x'"), port.getMessage());
    }

    @Test
    void thePasswordFileIsReadAsLibpqReadsIt() throws Exception {
        Path file = pgpass(
                ".pgpass",
                String.join(
                        "\n",
                        "# hostname:port:database:username:password",
                        "other.host:5432:*:deploy:wrong-host",
                        "db.internal:5432:shop:*:shop-pw",
                        "db.internal:*:*:deploy:any-db-pw",
                        "\\:\\:1:5432:*:*:v6-pw",
                        "weird\\:host:5432:*:*:escaped-host-pw",
                        "*:*:*:esc:p\\:a\\\\ss\\w:ignored",
                        "*:*:*:crlf:crlf-pw\r",
                        ""),
                "rw-------");
        LibpqEnvironment e = env();
        assertEquals(
                "shop-pw",
                DatabaseUrl.parse("postgres://deploy@db.internal/shop", e).password());
        assertEquals(
                "any-db-pw",
                DatabaseUrl.parse("postgres://deploy@db.internal/other", e).password());
        assertEquals(
                "any-db-pw",
                DatabaseUrl.parse("postgres://deploy@db.internal:6543/other", e).password());
        assertNull(
                DatabaseUrl.parse("postgres://other@db.internal:6543/other", e).password());
        assertEquals("v6-pw", DatabaseUrl.parse("postgres://u@[::1]/d", e).password());
        assertEquals(
                "escaped-host-pw",
                DatabaseUrl.parse("postgres://u@x/d?host=weird%3Ahost", e).password());
        // libpq drops every backslash and keeps the character after it; the password ends at an unescaped ':'
        assertEquals("p:a\\ssw", DatabaseUrl.parse("postgres://esc@h/d", e).password());
        assertEquals("crlf-pw", DatabaseUrl.parse("postgres://crlf@h/d", e).password());
        // a password given otherwise wins; an empty one is no password
        assertEquals(
                "url-pw",
                DatabaseUrl.parse("postgres://deploy:url-pw@db.internal/shop", e)
                        .password());
        assertEquals(
                "env-pw",
                DatabaseUrl.parse("postgres://deploy@db.internal/shop", env("PGPASSWORD", "env-pw"))
                        .password());
        assertEquals(
                "shop-pw",
                DatabaseUrl.parse("postgres://deploy:@db.internal/shop", e).password());
        assertTrue(warnings.isEmpty(), warnings.toString());
        assertTrue(Files.exists(file));
    }

    @Test
    void pgpassfileAndThePassfileParameterNameTheFile() throws Exception {
        Path other = pgpass("elsewhere", "*:*:*:*:from-pgpassfile\n", "rw-------");
        pgpass(".pgpass", "*:*:*:*:from-home\n", "rw-------");
        assertEquals("from-home", DatabaseUrl.parse("postgres://u@h/d", env()).password());
        assertEquals(
                "from-pgpassfile",
                DatabaseUrl.parse("postgres://u@h/d", env("PGPASSFILE", other.toString()))
                        .password());
        Path third = pgpass("third", "*:*:*:*:from-parameter\n", "rw-------");
        assertEquals(
                "from-parameter",
                DatabaseUrl.parse("postgres://u@h/d?passfile=" + third, env("PGPASSFILE", other.toString()))
                        .password());
    }

    @Test
    void aFileOthersCanReadIsIgnoredWithLibpqsWarning() throws Exception {
        Path file = pgpass(".pgpass", "*:*:*:*:Group-readable-pw\n", "rw-r-----");
        assertNull(DatabaseUrl.parse("postgres://u@h/d", env()).password());
        assertEquals(
                List.of("WARNING: password file \"" + file + "\" has group or world access; permissions "
                        + "should be u=rw (0600) or less"),
                warnings);
        warnings.clear();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertNull(DatabaseUrl.parse("postgres://u@h/d", env()).password());
        assertEquals(1, warnings.size());
        for (String w : warnings) {
            assertFalse(w.contains("Group-readable-pw"), w);
        }
        warnings.clear();
        Path dir = home.resolve("dir");
        Files.createDirectories(dir);
        assertNull(DatabaseUrl.parse("postgres://u@h/d", env("PGPASSFILE", dir.toString()))
                .password());
        assertEquals(List.of("WARNING: password file \"" + dir + "\" is not a plain file"), warnings);
    }

    /**
     * The JDBC driver's own reader (it would use a group-readable ~/.pgpass) never runs: it is pointed at an empty
     * file once miglint reads URLs.
     */
    @Test
    void theDriversOwnPasswordFileLookupIsOff() throws Exception {
        pgpass(".pgpass", "*:*:*:*:Driver-would-read-this\n", "rw-r--r--");
        DatabaseUrl.parse("postgres://u@h/d", env());
        String home = System.getProperty("user.home");
        try {
            System.setProperty("user.home", this.home.toString());
            assertNull(org.postgresql.jdbcurlresolver.PgPassParser.getPassword("h", "5432", "d", "u"));
        } finally {
            System.setProperty("user.home", home);
        }
    }

    @Test
    void pgpassMatchingFollowsPwdfMatchesString() {
        assertEquals(2, PgPass.matches("*:rest", 0, "anything"));
        assertEquals(4, PgPass.matches("abc:rest", 0, "abc"));
        assertEquals(-1, PgPass.matches("abc:rest", 0, "ab"));
        assertEquals(-1, PgPass.matches("abc:rest", 0, "abcd"));
        assertEquals(6, PgPass.matches("a\\:bc:rest", 0, "a:bc"));
        assertEquals(5, PgPass.matches("a\\bc:rest", 0, "abc"));
        assertEquals(-1, PgPass.matches("abc", 0, "abc"));
        assertEquals(-1, PgPass.matches("*x:rest", 0, "anything"));
        assertEquals("a:b", PgPass.deescape("a\\:b:c"));
        assertEquals("trailing\\", PgPass.deescape("trailing\\"));
    }
}
