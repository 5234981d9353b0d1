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
        String expected = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest("r\0db/a b.sql\0DROP TABLE t".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, Fingerprints.of("r", "db/a b.sql", "DROP TABLE t", ""));
    }

    @Test
    void theRulesKeyTellsFindingsOnOneStatementApart() throws Exception {
        String expected = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest("r\0db/a b.sql\0DROP TABLE t\0column c".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, Fingerprints.of("r", "db/a b.sql", "DROP TABLE t", "column c"));
        assertNotEquals(Fingerprints.of("r", "f.sql", "", "one"), Fingerprints.of("r", "f.sql", "", "two"));
    }

    @Test
    void aFindingAboutAWholeFileIsItsRuleAndFileNotItsMessage() {
        var f = new io.miglint.rule.Finding(
                "down-missing",
                io.miglint.rule.Severity.INFO,
                "no migration of this folder has a down: none of its 2 migrations can be rolled back",
                "",
                io.miglint.rule.Location.wholeFile(java.nio.file.Path.of("db/1_a.up.sql"), "db/1_a.up.sql"),
                null,
                "",
                null);
        var later = new io.miglint.rule.Finding(
                "down-missing",
                io.miglint.rule.Severity.INFO,
                "no migration of this folder has a down: none of its 3 migrations can be rolled back",
                "",
                f.location(),
                null,
                "",
                null);
        assertEquals(Fingerprints.of(f), Fingerprints.of(later));
        assertEquals(Fingerprints.of("down-missing", "db/1_a.up.sql", "", ""), Fingerprints.of(f));
        assertNotEquals(Fingerprints.legacy(f), Fingerprints.legacy(later), "format 1 hashed the message");
    }

    @Test
    void atAStatementTheFormatOneFingerprintIsUnchanged() {
        var f = ReportFixtures.sample().findings().get(1);
        assertEquals(Fingerprints.legacy(f), Fingerprints.of(f));
    }

    @Test
    void independentOfLines() {
        var f = ReportFixtures.sample().findings().get(1);
        var moved =
                ReportFixtures.shifted(ReportFixtures.sample(), 40).findings().get(1);
        assertEquals(Fingerprints.of(f), Fingerprints.of(moved));
        assertNotEquals(
                Fingerprints.of(f),
                Fingerprints.of(ReportFixtures.sample().findings().get(0)));
    }
}
