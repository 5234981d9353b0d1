package io.miglint.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;

/**
 * {@code .miglint.yaml} comes with the pull request: whatever it holds, loading it either gives a configuration the
 * check can use or throws {@link ConfigException} with one line that names the file. Anything else (a Jackson or
 * SnakeYAML exception, a NullPointerException, a StackOverflowError on deep nesting, a glob that only fails when the
 * check compiles it) would reach the user as an internal error.
 */
class MiglintConfigFuzzTest {
    private static final Path FILE = Path.of("/nonexistent/.miglint.yaml");

    @FuzzTest(maxDuration = "30m")
    void parseAnyYaml(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        MiglintConfig config;
        try {
            config = MiglintConfig.parse(text, FILE, ".miglint.yaml");
        } catch (ConfigException e) {
            String message = e.getMessage();
            assertNotNull(message);
            assertTrue(message.startsWith(".miglint.yaml"), () -> "the message names the file: " + message);
            assertFalse(message.contains("\n") || message.contains("\r"), () -> "one line: " + message);
            return;
        }
        for (String glob : config.exclude()) {
            assertNotNull(FileSystems.getDefault().getPathMatcher("glob:" + glob));
        }
        assertNotNull(config.ruleSettings());
        assertNotNull(config.optionRuleIds());
        config.ruleOptions().string("naming.style", "x");
        config.ruleOptions().strings("naming.verbs", java.util.List.of());
        config.ruleOptions().integer("naming.max-words", 1);
        config.ruleOptions().bool("naming.require-verb", true);
    }
}
