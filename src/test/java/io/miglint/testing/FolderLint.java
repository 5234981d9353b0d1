package io.miglint.testing;

import io.miglint.engine.LintEngine;
import io.miglint.engine.RuleSelection;
import io.miglint.layout.Discovery;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationDiscovery;
import io.miglint.rule.Finding;
import io.miglint.rule.RuleOptions;
import io.miglint.rules.registry.RuleRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lints a whole folder written by a test, through the real discovery and engine: for rules that judge a folder. */
public final class FolderLint {
    private FolderLint() {}

    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every finding of {@code ruleId} over the folder, with every rule at its default otherwise. */
    public static List<Finding> findings(Path dir, String layout, String ruleId, RuleOptions options) {
        Discovery d = MigrationDiscovery.discover(List.of(dir), Optional.of(LayoutKind.parse(layout)));
        RuleSelection sel = RuleSelection.select(RuleRegistry.instances(), Map.of(ruleId, "on"), 15);
        LintEngine engine = new LintEngine(new LintEngine.Settings(15, sel, options, p -> true));
        return engine.run(d.sets()).findings().stream()
                .filter(f -> f.ruleId().equals(ruleId))
                .toList();
    }

    /** Options for a test: the given keys, defaults otherwise. */
    public static RuleOptions options(Map<String, Object> values) {
        return new MapRuleOptions(values);
    }
}
