package io.miglint.rules.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.rule.Finding;
import io.miglint.rule.Severity;
import io.miglint.testing.LintFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a tool that wraps each migration in a transaction, BEGIN and COMMIT around the whole file run nothing outside
 * it (one information), a pair with statements after the COMMIT does (an error on each), and a file of nothing but
 * the pair is a placeholder (nothing).
 */
class TransactionNestingWrapTest {
    @TempDir
    Path dir;

    private List<Severity> severities(String name, String sql) {
        LintFixture.Example ex = new LintFixture.Example("diesel", 15, "", "", sql, false, null, false);
        return LintFixture.lint(dir.resolve(name), ex, Map.of()).findings().stream()
                .filter(f -> f.ruleId().equals("transaction-nesting"))
                .map(Finding::severity)
                .toList();
    }

    @Test
    void whereThePairSitsDecidesWhatItBreaks() {
        assertEquals(List.of(Severity.INFO), severities("whole", "begin;\nCREATE TABLE t (id bigint);\ncommit;\n"));
        assertEquals(
                List.of(Severity.ERROR, Severity.ERROR),
                severities("early", "begin;\nCREATE TABLE t (id bigint);\ncommit;\nCREATE TABLE u (id bigint);\n"));
        assertEquals(List.of(), severities("placeholder", "-- TODO: no rollback\nbegin; commit;\n"));
    }
}
