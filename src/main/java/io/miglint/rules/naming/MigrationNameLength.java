package io.miglint.rules.naming;

import io.miglint.layout.Migration;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Category;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.SetContext;
import io.miglint.rule.SetRule;
import io.miglint.rule.Severity;
import java.util.List;
import java.util.Set;

/**
 * Past {@code naming.max-words} (default 5) a name narrates the SQL instead of naming the change; under
 * {@code naming.min-words} (default 2) it names a table but not what happens to it. {@code initial}/{@code init} alone
 * are the conventional name of a project's first migration and pass.
 */
@RuleInfo(id = "migration-name-length", summary = "Migration name has too many or too few words",
        severity = Severity.INFO, category = Category.NAMING)
public final class MigrationNameLength implements SetRule {
    private static final Set<String> FIRST_MIGRATION = Set.of("initial", "init");

    @Override
    public void check(MigrationSet set, SetContext ctx) {
        int max = ctx.options().integer("naming.max-words", 5);
        int min = ctx.options().integer("naming.min-words", 2);
        List<String> vague = ctx.options().strings("naming.vague-words", MigrationNameVague.VAGUE_WORDS);
        for (Migration m : set.migrations()) {
            List<String> words = MigrationName.of(m).words();
            // A one-word vague name ("changes") is migration-name-vague's to report; saying it twice helps nobody.
            if (words.size() == 1 && (FIRST_MIGRATION.contains(words.get(0)) || vague.contains(words.get(0)))) {
                continue;
            }
            if (words.size() > max) {
                ctx.reportFile(MigrationName.reportedFile(m), MigrationName.ref(m), "migration name '" + m.name()
                                + "' has " + words.size() + " words (more than " + max + "): it narrates the SQL, "
                                + "and long names get cut off in logs and tracking tables")
                        .help("Keep the action and the object, e.g. `" + String.join("_", words.subList(0, 3))
                                + "`; the details belong in a comment at the top of the file.");
            } else if (words.size() < min) {
                ctx.reportFile(MigrationName.reportedFile(m), MigrationName.ref(m), words.isEmpty()
                                ? "migration has no descriptive name: nothing says what it changes"
                                : "migration name '" + m.name() + "' has " + words.size() + " word" + (words.size() == 1
                                ? "" : "s") + " (fewer than " + min + "): it names a thing, not what happens to it")
                        .help("Say the action and its object, e.g. `create_" + (words.isEmpty() ? "invoices"
                                : words.get(0)) + "_table` or `add_" + (words.isEmpty() ? "orders" : words.get(0))
                                + "_status`.");
            }
        }
    }
}
