package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hostile passwords in database URLs: read whole, shown nowhere, and never revealed by the masking itself. */
class DatabaseUrlSecretsTest {

    private static void assertNoPart(String text, String... fragments) {
        for (String f : fragments) {
            assertFalse(text.contains(f), "'" + f + "' in: " + text);
        }
    }

    @Test
    void rawAtSlashColonHashAndPercentStayInThePassword() {
        DatabaseUrl u = DatabaseUrl.parse("postgres://app:p@ss/w:rd#1%@db.internal:6432/shop?sslmode=disable");
        assertEquals("app", u.user());
        assertEquals("p@ss/w:rd#1%", u.password());
        assertEquals("db.internal", u.host());
        assertEquals(6432, u.port());
        assertEquals("shop", u.database());
        assertEquals("postgres://app:***@db.internal:6432/shop", u.toString());
        assertEquals("jdbc:postgresql://db.internal:6432/shop?sslmode=disable", u.jdbcUrl());
    }

    @Test
    void aRawAtInTheUserNameAsCloudProvidersSpellIt() {
        DatabaseUrl u = DatabaseUrl.parse("postgres://admin@myserver:s3cret@myserver.example.com/app");
        assertEquals("admin@myserver", u.user());
        assertEquals("s3cret", u.password());
        assertEquals("myserver.example.com", u.host());
    }

    @Test
    void percentEncodingIsDecodedAndALonePercentKept() {
        assertEquals("p@ss/", DatabaseUrl.parse("postgres://u:p%40ss%2F@h/d").password());
        assertEquals("é100%", DatabaseUrl.parse("postgres://u:%C3%A9100%@h/d").password());
        assertEquals("%zz+", DatabaseUrl.parse("postgres://u:%zz+@h/d").password());
    }

    @Test
    void aShortPasswordIsNotSearchedForInMessages() {
        DatabaseUrl u = DatabaseUrl.parse("postgres://alice:a@127.0.0.1:1/app");
        DatabaseUnavailableException e = new DatabaseUnavailableException(
                "cannot use the database " + u + ": connection attempt failed after a while");
        assertEquals(
                "cannot use the database postgres://alice:***@127.0.0.1:1/app: connection attempt failed after "
                        + "a while",
                e.getMessage());
    }

    @Test
    void aPasswordEqualToTheUserNameOrToPostgresLeavesTheNamesAlone() {
        DatabaseUrl same = DatabaseUrl.parse("postgres://deployer:deployer@127.0.0.1/deployer");
        assertEquals("postgres://deployer:***@127.0.0.1:5432/deployer", same.toString());
        assertEquals("role deployer on deployer", Redaction.redact("role deployer on deployer"));
        DatabaseUrl pg = DatabaseUrl.parse("postgres://postgres:postgres@127.0.0.1/postgres");
        assertEquals("postgres://postgres:***@127.0.0.1:5432/postgres", Redaction.redact(pg.toString()));
        DatabaseUrl longSame = DatabaseUrl.parse("postgres://migration_owner:migration_owner@127.0.0.1/app");
        assertEquals("role migration_owner", Redaction.redact("role " + longSame.user()));
    }

    @Test
    void aLongPasswordIsAlsoSearchedFor() {
        DatabaseUrl.parse("postgres://u:Xq7-long-and-unique-9@h/d");
        assertEquals("echoed: ***", Redaction.redact("echoed: Xq7-long-and-unique-9"));
    }

    @Test
    void urlShapedCredentialsInOtherTextAreMaskedUpToTheLastAt() {
        assertEquals(
                "failed for postgres://u:***@h/db here",
                Redaction.redact("failed for postgres://u:p@ss/w:rd#1%@h/db here"));
        assertEquals(
                "x jdbc:postgresql://h/d?user=u&password=*** y",
                Redaction.redact("x jdbc:postgresql://h/d?user=u&password=p@ss y"));
    }

    @Test
    void hostPortAndDbnameParametersNameTheServerActuallyUsed() {
        DatabaseUrl u = DatabaseUrl.parse(
                "postgres://u:pw@decoy.example:1/decoy?host=127.0.0.1&port=5433" + "&dbname=real&application_name=x");
        assertEquals("127.0.0.1", u.host());
        assertEquals(5433, u.port());
        assertEquals("real", u.database());
        assertEquals("postgres://u:***@127.0.0.1:5433/real", u.toString());
        assertEquals("jdbc:postgresql://127.0.0.1:5433/real?application_name=x", u.jdbcUrl());
    }

    @Test
    void parametersThatWouldConnectElsewhereAreRefused() {
        for (String url : new String[] {
            "postgres://u:Secr3t@h/d?hostaddr=10.0.0.9",
            "postgres://u:Secr3t@h/d?service=prod",
            "jdbc:postgresql://h/d?PGHOST=10.0.0.9&password=Secr3t",
            "postgres://u:Secr3t@h1:5432,h2:5432/d",
            "postgres://u:Secr3t@h/d?host=h1,h2",
            "postgres://u:Secr3t@/d?host=/var/run/postgresql",
            "postgres://u:Secr3t@h:99999/d",
        }) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse(url), url);
            assertNoPart(e.getMessage(), "Secr3t", "ecr3");
        }
    }

    @Test
    void urlsThatCannotBeReadOneWayAreRefusedWithoutShowingThePassword() {
        IllegalArgumentException ambiguous = assertThrows(
                IllegalArgumentException.class, () -> DatabaseUrl.parse("postgres://u:pw9@h/d?a=b@real/db"));
        assertTrue(ambiguous.getMessage().contains("more than one way"), ambiguous.getMessage());
        assertNoPart(ambiguous.getMessage(), "pw9", "a=b", "real");
        IllegalArgumentException unreadable = assertThrows(
                IllegalArgumentException.class, () -> DatabaseUrl.parse("postgres://u:se:cr@t@host:abc/db"));
        assertTrue(unreadable.getMessage().contains("%40"), unreadable.getMessage());
        assertNoPart(unreadable.getMessage(), "se:cr", "cr@t", "@t@");
    }

    @Test
    void secretParametersStayOutOfTheJdbcUrl() {
        DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://h/d?user=u&sslpassword=k3y-pass&sslmode=require");
        assertEquals("jdbc:postgresql://h:5432/d?sslmode=require", u.jdbcUrl());
        assertEquals("k3y-pass", u.properties().getProperty("sslpassword"));
    }
}
