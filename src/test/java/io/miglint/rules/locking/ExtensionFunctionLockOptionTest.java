package io.miglint.rules.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.config.MiglintConfig;
import io.miglint.rule.RuleOptions;
import io.miglint.testing.LintFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Function names added in .miglint.yaml are reported like the built-in ones; unknown ones are not. */
class ExtensionFunctionLockOptionTest {
    @TempDir
    Path tmp;

    private List<Integer> flaggedLines(String yaml) throws Exception {
        Path config = Files.writeString(tmp.resolve("c" + yaml.hashCode() + ".yaml"), yaml);
        RuleOptions options = MiglintConfig.load(config, config.toString()).ruleOptions();
        LintFixture.Example ex = new LintFixture.Example(
                "golang-migrate",
                15,
                "CREATE TABLE orders (id int);\n",
                "",
                "SELECT my_rebuild_table('orders');\nSELECT other_function('orders');\n",
                false,
                null,
                false);
        return LintFixture.lint(
                        tmp.resolve("p" + yaml.hashCode()), ex, Map.of("extension-function-lock", "on"), options)
                .findings()
                .stream()
                .filter(f -> f.ruleId().equals("extension-function-lock"))
                .map(f -> f.location().line())
                .toList();
    }

    @Test
    void configuredFunctionIsReported() throws Exception {
        assertEquals(
                List.of(1), flaggedLines("options:\n  extension-function-lock:\n    functions: [My_Rebuild_Table]\n"));
    }

    @Test
    void withoutConfigurationItIsNot() throws Exception {
        assertEquals(List.of(), flaggedLines("{}\n"));
    }
}
