package io.miglint.rules.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.miglint.rule.Finding;
import io.miglint.testing.LintFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A finding about a secret must point at it without repeating it: reports end up in CI logs and PR comments. */
class HardcodedSecretMaskingTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "CREATE ROLE app LOGIN PASSWORD 'Winter2024!';|Winter2024!",
                "SELECT 'AKIAZ7QWERTYUIOPASDF';|Z7QWERTYUIOPASDF",
                "SELECT 'ghp_0123456789abcdefghijABCDEFGHIJ012345';|0123456789abcdefghij",
                "SELECT 'xoxp-1234567890-abcdefghij';|1234567890-abcdefghij"
            })
    void theFindingCoversTheSecretButNeverPrintsIt(String sql, String secret) throws Exception {
        LintFixture.Example ex = new LintFixture.Example("numbered", 15, "", "", sql + "\n", false, null, false);
        LintFixture.Result r = LintFixture.lint(dir, ex, Map.of("hardcoded-secret", "on"));
        List<Finding> found = r.findings().stream()
                .filter(f -> f.ruleId().equals("hardcoded-secret"))
                .toList();
        assertEquals(1, found.size(), found.toString());
        Finding f = found.get(0);
        assertFalse(f.message().contains(secret), f.message());
        assertFalse(f.help().contains(secret), f.help());
        int start = sql.indexOf(secret);
        assertEquals(1, f.location().line());
        assertEquals(
                true,
                f.location().column() - 1 <= start && start < f.location().endColumn() - 1,
                "the span " + f.location() + " covers the secret at column " + (start + 1));
    }
}
