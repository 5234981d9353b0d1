package io.miglint.rules.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.config.MiglintConfig;
import io.miglint.rule.Finding;
import io.miglint.rule.RuleOptions;
import io.miglint.testing.LintFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeout rules stay silent when the configuration says the runner sets the timeout for every session. */
class TimeoutRunnerOptionTest {
    @TempDir
    Path tmp;

    /** Options as a user writes them: a real .miglint.yaml read by the real loader ({@code none}: no key). */
    private List<String> ruleIds(String key, String value) throws Exception {
        Path config =
                Files.writeString(tmp.resolve(key + ".yaml"), key.equals("none") ? "" : key + ": " + value + "\n");
        RuleOptions options = MiglintConfig.load(config, config.toString()).ruleOptions();
        LintFixture.Example ex = new LintFixture.Example(
                "golang-migrate",
                15,
                "CREATE TABLE orders (id int);\n",
                "",
                "ALTER TABLE orders ADD COLUMN note text;\n",
                false,
                null,
                false);
        var settings = Map.of("lock-timeout-missing", "on", "statement-timeout-missing", "on");
        return LintFixture.lint(tmp.resolve(key + value), ex, settings, options).findings().stream()
                .map(Finding::ruleId)
                .filter(settings::containsKey)
                .sorted()
                .toList();
    }

    @Test
    void bothFireWhenTheScriptSetsNoTimeout() throws Exception {
        assertEquals(List.of("lock-timeout-missing", "statement-timeout-missing"), ruleIds("none", "x"));
    }

    @Test
    void lockTimeoutProvidedByRunnerSilencesOnlyThatRule() throws Exception {
        assertEquals(List.of("statement-timeout-missing"), ruleIds("lock-timeout", "provided-by-runner"));
    }

    @Test
    void statementTimeoutProvidedByRunnerSilencesOnlyThatRule() throws Exception {
        assertEquals(List.of("lock-timeout-missing"), ruleIds("statement-timeout", "provided-by-runner"));
    }
}
