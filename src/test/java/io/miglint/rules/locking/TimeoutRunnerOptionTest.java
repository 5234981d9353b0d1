package io.miglint.rules.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.rule.Finding;
import io.miglint.rule.RuleOptions;
import io.miglint.testing.LintFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeout rules stay silent when the configuration says the runner sets the timeout for every session. */
class TimeoutRunnerOptionTest {
    @TempDir
    Path tmp;

    private List<String> ruleIds(String key, String value) {
        RuleOptions options = new RuleOptions() {
            @Override
            public String string(String k, String def) {
                return k.equals(key) ? value : def;
            }

            @Override
            public int integer(String k, int def) {
                return def;
            }

            @Override
            public List<String> strings(String k, List<String> def) {
                return def;
            }

            @Override
            public boolean bool(String k, boolean def) {
                return def;
            }
        };
        LintFixture.Example ex = new LintFixture.Example("golang-migrate", 15, "CREATE TABLE orders (id int);\n", "",
                "ALTER TABLE orders ADD COLUMN note text;\n", false, null, false);
        var settings = Map.of("lock-timeout-missing", "on", "statement-timeout-missing", "on");
        return LintFixture.lint(tmp.resolve(key + value), ex, settings, options).findings().stream()
                .map(Finding::ruleId).filter(settings::containsKey).sorted().toList();
    }

    @Test
    void bothFireWhenTheScriptSetsNoTimeout() {
        assertEquals(List.of("lock-timeout-missing", "statement-timeout-missing"), ruleIds("none", "x"));
    }

    @Test
    void lockTimeoutProvidedByRunnerSilencesOnlyThatRule() {
        assertEquals(List.of("statement-timeout-missing"), ruleIds("lock-timeout", "provided-by-runner"));
    }

    @Test
    void statementTimeoutProvidedByRunnerSilencesOnlyThatRule() {
        assertEquals(List.of("lock-timeout-missing"), ruleIds("statement-timeout", "provided-by-runner"));
    }
}
