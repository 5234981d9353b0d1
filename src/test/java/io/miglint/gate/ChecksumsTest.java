package io.miglint.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The stored checksums and lock keys, against values computed independently of the code under test. */
class ChecksumsTest {
    static final Path SAMPLES = GateEndToEndTest.SAMPLES;

    @Test
    void sha384MatchesPostgresOverTheFileBytes() throws Exception {
        Path file = SAMPLES.resolve("sqlx/good/migrations/20240105093000_create_users_table.up.sql");
        byte[] bytes = Files.readAllBytes(file);
        try (Connection c = GateDatabases.connect("postgres");
                PreparedStatement ps =
                        c.prepareStatement("select encode(sha384(?), 'hex'), encode(sha256(?), 'hex')")) {
            ps.setBytes(1, bytes);
            ps.setBytes(2, bytes);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(rs.getString(1), HexFormat.of().formatHex(Checksums.sha384(bytes)));
                assertEquals(rs.getString(2), Checksums.sha256Hex(bytes));
            }
        }
    }

    /** The documented rule, written out separately: lines without terminators, BOM dropped, CRC32 of UTF-8 bytes. */
    static int flywayRule(String text) {
        CRC32 crc = new CRC32();
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        for (String line : t.split("\r\n|\r|\n", -1)) {
            crc.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return (int) crc.getValue();
    }

    @Test
    void flywayCrc32FollowsTheLineRule() throws Exception {
        for (String text : List.of(
                "",
                "SELECT 1;",
                "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\n",
                "a\r\nb\rc\n",
                "\uFEFFcafé;\n-- ünïcode\n")) {
            assertEquals(flywayRule(text), Checksums.flywayCrc32(text.getBytes(StandardCharsets.UTF_8)), text);
        }
        String lf = "create table t (id int);\ninsert into t values (1);\n";
        assertEquals(
                Checksums.flywayCrc32(lf.getBytes(StandardCharsets.UTF_8)),
                Checksums.flywayCrc32(lf.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals(
                Checksums.flywayCrc32("x".getBytes(StandardCharsets.UTF_8)),
                Checksums.flywayCrc32("\uFEFFx".getBytes(StandardCharsets.UTF_8)));
        assertNotEquals(
                Checksums.flywayCrc32("ab".getBytes(StandardCharsets.UTF_8)),
                Checksums.flywayCrc32("a b".getBytes(StandardCharsets.UTF_8)));
        Path v1 = SAMPLES.resolve("flyway/good/migrations/V1__create_users_table.sql");
        assertEquals(flywayRule(Files.readString(v1)), Checksums.flywayCrc32(Files.readAllBytes(v1)));
        // CRC32 of the empty input is 0, the value Flyway stores for an empty script.
        assertEquals(0, Checksums.flywayCrc32(new byte[0]));
    }

    @Test
    void sqlxLockKeyMatchesKnownValues() {
        // 0x3d32ad9e * crc32(name), values published next to a reimplementation of sqlx's generate_lock_id.
        assertEquals(2_771_974_297_191_923_538L, AdvisoryLockKey.sqlx("zone"));
        assertEquals(1_283_835_657_316_171_598L, AdvisoryLockKey.sqlx("zone_test"));
    }

    @Test
    void golangMigrateLockKeyIsTheSaltedCrcOfSchemaTableAndDatabase() {
        CRC32 crc = new CRC32();
        crc.update("public\0schema_migrations\0app".getBytes(StandardCharsets.UTF_8));
        long expected = (crc.getValue() * 1486364155L) % (1L << 32);
        assertEquals(expected, AdvisoryLockKey.golangMigrate("app", "public", "schema_migrations"));
    }
}
