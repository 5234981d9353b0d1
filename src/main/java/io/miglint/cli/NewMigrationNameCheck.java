package io.miglint.cli;

import io.miglint.layout.LayoutKind;
import io.miglint.rule.Category;
import io.miglint.rule.Finding;
import io.miglint.rule.Rule;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rules.registry.RuleRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the naming rules over a folder that now holds a new migration, reporting only on the new files: the same rules,
 * options and .miglint.yaml as {@code check}, so {@code new} never creates what {@code check} would flag.
 */
final class NewMigrationNameCheck {
    private NewMigrationNameCheck() {}

    /** Active naming findings on {@code created} (files, or diesel's new folder). */
    static List<Finding> findings(Path folder, LayoutKind layout, List<Path> created) {
        List<Path> roots = new ArrayList<>();
        for (Path c : created) {
            try {
                roots.add(c.toRealPath());
            } catch (IOException e) {
                roots.add(c.toAbsolutePath().normalize());
            }
        }
        List<String> others = RuleRegistry.instances().stream()
                .map(Rule::descriptor)
                .filter(d -> d.category() != Category.NAMING)
                .map(RuleDescriptor::id)
                .toList();
        CheckPipeline.Outcome outcome = CheckPipeline.run(new CheckPipeline.Request(
                List.of(folder),
                null,
                layout.id(),
                null,
                "never",
                List.of(),
                others,
                file -> roots.stream().anyMatch(file.toAbsolutePath().normalize()::startsWith)));
        return outcome.result().findings().stream().filter(f -> !f.suppressed()).toList();
    }
}
