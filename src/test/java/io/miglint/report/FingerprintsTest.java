package io.miglint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

    @Test
    void isSha256OfRuleFileAndStatement() throws Exception {
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("r\0db/a b.sql\0DROP TABLE t".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, Fingerprints.of("r", "db/a b.sql", "DROP TABLE t", "ignored"));
    }

    @Test
    void fileLevelFindingsUseTheMessage() {
        assertEquals(Fingerprints.of("r", "f.sql", "bad name", "x"), Fingerprints.of("r", "f.sql", "", "bad name"));
        assertNotEquals(Fingerprints.of("r", "f.sql", "", "one"), Fingerprints.of("r", "f.sql", "", "two"));
    }

    @Test
    void independentOfLines() {
        var f = ReportFixtures.sample().findings().get(1);
        var moved = ReportFixtures.shifted(ReportFixtures.sample(), 40).findings().get(1);
        assertEquals(Fingerprints.of(f), Fingerprints.of(moved));
        assertNotEquals(Fingerprints.of(f), Fingerprints.of(ReportFixtures.sample().findings().get(0)));
    }
}
