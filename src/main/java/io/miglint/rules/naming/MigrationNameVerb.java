package io.miglint.rules.naming;

import io.miglint.layout.Migration;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Category;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.SetContext;
import io.miglint.rule.SetRule;
import io.miglint.rule.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A name that starts with what it does ({@code add_orders_status}) reads as a change log; {@code orders_status}
 * leaves the reader to open the file. {@code naming.verbs} replaces the list, {@code naming.extra-verbs} adds to it.
 */
@RuleInfo(id = "migration-name-verb", summary = "Migration name does not start with an action verb",
        severity = Severity.WARNING, category = Category.NAMING)
public final class MigrationNameVerb implements SetRule {
    static final List<String> VERBS = List.of("add", "allow", "alter", "backfill", "change", "clean", "cleanup",
            "convert", "create", "delete", "disable", "drop", "enable", "ensure", "extend", "fix", "grant", "index",
            "init", "initial", "insert", "introduce", "make", "merge", "migrate", "modify", "move", "populate",
            "recreate", "reindex", "remove", "rename", "replace", "restore", "revert", "revoke", "seed", "set",
            "split", "truncate", "update", "upgrade");

    @Override
    public void check(MigrationSet set, SetContext ctx) {
        List<String> verbs = new ArrayList<>(ctx.options().strings("naming.verbs", VERBS));
        verbs.addAll(ctx.options().strings("naming.extra-verbs", List.of()));
        verbs.replaceAll(v -> v.toLowerCase(Locale.ROOT));
        for (Migration m : set.migrations()) {
            List<String> words = MigrationName.of(m).words();
            // A lone "update" is vague (migration-name-vague says so); "update_orders_total" is an action.
            if (words.isEmpty() || verbs.contains(words.get(0)) && !(words.size() == 1 && words.get(0).equals("update"))) {
                continue;
            }
            ctx.reportFile(MigrationName.reportedFile(m), MigrationName.ref(m), "migration name '" + m.name()
                            + "' does not start with an action verb, so the folder does not read as a list of "
                            + "changes")
                    .help("Start the name with what the migration does: `add_" + String.join("_", words)
                            + "`, `create_…`, `drop_…`, `rename_…`; if the project uses another verb, add it to "
                            + "`naming.extra-verbs` in .miglint.yaml.");
        }
    }
}
