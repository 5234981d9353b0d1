package io.miglint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.engine.LintReport;
import io.miglint.rule.Finding;
import io.miglint.rule.Severity;
import io.miglint.rule.Suppression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {

    @TempDir
    Path dir;

    @Test
    void roundTripSuppressesKnownFindingsEvenAfterLinesMove() throws Exception {
        LintReport report = ReportFixtures.sample();
        Path file = dir.resolve("miglint-baseline.json");
        Baseline.write(report, file);
        Baseline baseline = Baseline.load(file);
        assertEquals(3, baseline.entries().size(), "active findings only");

        LintReport later = ReportFixtures.shifted(report, 12);
        List<Finding> unsuppressed = later.findings().stream()
                .map(f -> f.suppression() != null && f.suppression().kind() == Suppression.Kind.EXTERNAL
                        ? f.withSuppression(null)
                        : f)
                .toList();
        Baseline.Applied applied = baseline.apply(unsuppressed);
        assertEquals(List.of(), applied.stale());
        List<Finding> out = applied.findings();
        for (int i : new int[] {0, 1, 3}) {
            assertEquals(
                    new Suppression(Suppression.Kind.EXTERNAL, "in baseline"),
                    out.get(i).suppression());
        }
        assertEquals(Suppression.Kind.IN_SOURCE, out.get(2).suppression().kind(), "in-source suppression kept");
        assertFalse(out.get(4).suppressed(), "not in the baseline (was suppressed when it was written)");
    }

    @Test
    void entriesThatMatchNothingAreReturnedAsStale() throws Exception {
        Path file = dir.resolve("b.json");
        Baseline.write(ReportFixtures.sample(), file);
        List<Finding> fixed = new ArrayList<>(ReportFixtures.sample().findings());
        Finding removed = fixed.remove(0);
        Baseline.Applied applied = Baseline.load(file).apply(fixed);
        assertEquals(1, applied.stale().size());
        assertEquals(removed.ruleId(), applied.stale().get(0).ruleId());
        assertEquals(removed.message(), applied.stale().get(0).message());
    }

    @Test
    void eachEntrySilencesOneFinding() throws Exception {
        Finding one = ReportFixtures.finding(
                ReportFixtures.NOT_NULL,
                Severity.WARNING,
                "m",
                null,
                ReportFixtures.at("a.sql", 1, 1, 1, 9),
                null,
                "ALTER TABLE t ADD c int NOT NULL");
        Finding twin = ReportFixtures.finding(
                ReportFixtures.NOT_NULL,
                Severity.WARNING,
                "m",
                null,
                ReportFixtures.at("a.sql", 9, 1, 9, 9),
                null,
                "ALTER TABLE t ADD c int NOT NULL");
        Path file = dir.resolve("b.json");
        Baseline.write(new LintReport("t", List.of(one), List.of(), ReportFixtures.RULES, List.of(), 0, 1), file);
        List<Finding> out = Baseline.load(file).apply(List.of(one, twin)).findings();
        assertTrue(out.get(0).suppressed());
        assertFalse(out.get(1).suppressed(), "a second copy of the statement is new");
    }

    @Test
    void unusableFilesGiveOneClearLine() throws IOException {
        Path missing = dir.resolve("nope.json");
        assertEquals(
                missing + ": baseline file not found (create it with `miglint baseline`)",
                assertThrows(BaselineException.class, () -> Baseline.load(missing))
                        .getMessage());

        Path broken = Files.writeString(dir.resolve("broken.json"), "{\n  \"entries\": [\n    {oops\n");
        String message = assertThrows(BaselineException.class, () -> Baseline.load(broken))
                .getMessage();
        assertTrue(message.startsWith(broken + ":3:6: baseline is not valid JSON: "), message);
        assertFalse(message.contains("\n"), message);

        Path wrongShape = Files.writeString(dir.resolve("list.json"), "[1, 2]");
        assertEquals(
                wrongShape + ": not a miglint baseline (expected an object with an \"entries\" array)",
                assertThrows(BaselineException.class, () -> Baseline.load(wrongShape))
                        .getMessage());

        Path noFingerprint = Files.writeString(
                dir.resolve("entry.json"), "{\"entries\": [{\"ruleId\": \"x\", \"file\": \"a.sql\"}]}");
        assertEquals(
                noFingerprint + ": entries[0] has no \"fingerprint\" string",
                assertThrows(BaselineException.class, () -> Baseline.load(noFingerprint))
                        .getMessage());
    }
}
