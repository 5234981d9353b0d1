package io.miglint.rules.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.rule.RuleOptions;
import io.miglint.testing.LintFixture;
import io.miglint.testing.MapRuleOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hand-run script wrapped in BEGIN … COMMIT is atomic, unless the team says its scripts are re-run as a whole. */
class NonIdempotentDdlOptionTest {
    private static final String WRAPPED =
            "BEGIN;\nCREATE TABLE plain (id int);\n" + "ALTER TABLE plain ADD COLUMN note text;\nCOMMIT;\n";

    @TempDir
    Path dir;

    private List<Integer> lines(String layout, RuleOptions options) {
        LintFixture.Example ex = new LintFixture.Example(layout, 15, "", "", WRAPPED, false, null, false);
        LintFixture.Result r = LintFixture.lint(dir.resolve(layout), ex, Map.of("non-idempotent-ddl", "on"), options);
        return r.findings().stream()
                .filter(f -> f.ruleId().equals("non-idempotent-ddl"))
                .map(f -> f.location().line())
                .toList();
    }

    private static RuleOptions rerun(boolean value) {
        return new MapRuleOptions(Map.of("options.non-idempotent-ddl.rerun-whole-scripts", value));
    }

    @Test
    void aWrappedHandRunScriptIsAtomicByDefault() {
        assertEquals(List.of(), lines("numbered", RuleOptions.EMPTY));
        assertEquals(List.of(), lines("rollback-suffix", RuleOptions.EMPTY));
    }

    @Test
    void teamsThatReRunWholeScriptsGetEveryStatementJudged() {
        assertEquals(List.of(2, 3), lines("numbered", rerun(true)));
        // Tool-tracked layouts are not affected by the option.
        assertEquals(List.of(), lines("dbmate", rerun(true)));
    }
}
