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
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A name that starts with what it does ({@code add_orders_status}) reads as a change log. Where the folder names its
 * migrations that way, a name that does not ({@code orders_status}) leaves the reader to open the file. A folder that
 * names them object first ({@code 0050_2.2.0_schema}, {@code user_email_unique}) has its own convention, and its names
 * are not judged against this one ({@link NamingConvention}). {@code naming.verbs} replaces the list,
 * {@code naming.extra-verbs} adds to it; setting either asks for the check whatever the history shows.
 */
@RuleInfo(
        id = "migration-name-verb",
        summary = "Migration name does not start with an action verb, unlike the " + "folder's other names",
        severity = Severity.INFO,
        category = Category.NAMING,
        optIn = true)
public final class MigrationNameVerb implements SetRule {
    static final List<String> VERBS = List.of(
            "add",
            "allow",
            "alter",
            "backfill",
            "bump",
            "change",
            "clean",
            "cleanup",
            "clear",
            "consolidate",
            "constrain",
            "convert",
            "create",
            "decrease",
            "deduplicate",
            "default",
            "delete",
            "disable",
            "drop",
            "enable",
            "ensure",
            "extend",
            "fix",
            "freeze",
            "grant",
            "hide",
            "import",
            "increase",
            "index",
            "init",
            "initial",
            "insert",
            "introduce",
            "limit",
            "make",
            "merge",
            "migrate",
            "modify",
            "move",
            "normalize",
            "populate",
            "prune",
            "rebuild",
            "recompute",
            "recreate",
            "refresh",
            "reindex",
            "remove",
            "rename",
            "replace",
            "reset",
            "restore",
            "restrict",
            "revert",
            "revoke",
            "rework",
            "seed",
            "set",
            "split",
            "strip",
            "trim",
            "truncate",
            "unify",
            "update",
            "upgrade",
            "use",
            "validate");

    /** The share of a folder's names that must start with a verb before the others are reported. */
    private static final int DOMINANT_PERCENT = 90;

    private static final List<String> INFLECTIONS = List.of("", "s", "es", "d", "ed", "ing");
    private static final Pattern TICKET_KEY = Pattern.compile("[a-z]{2,6}");

    @Override
    public void check(MigrationSet set, SetContext ctx) {
        List<String> verbs = new ArrayList<>(ctx.options().strings("naming.verbs", VERBS));
        verbs.addAll(ctx.options().strings("naming.extra-verbs", List.of()));
        verbs.replaceAll(v -> v.toLowerCase(Locale.ROOT));
        boolean configured = ctx.options().strings("naming.verbs", null) != null
                || ctx.options().strings("naming.extra-verbs", null) != null;
        for (NamingConvention convention : NamingConvention.of(set, ctx)) {
            check(convention, ctx, verbs, configured);
        }
    }

    private static void check(NamingConvention convention, SetContext ctx, List<String> verbs, boolean configured) {
        // A lone "update" is vague (migration-name-vague says so); "update_orders_total" is an action.
        Predicate<Migration> counted = m -> {
            List<String> words = MigrationName.of(m).words();
            return !words.isEmpty() && !words.equals(List.of("update"));
        };
        Predicate<Migration> follows = m -> startsWithVerb(MigrationName.of(m).words(), verbs);
        NamingConvention.Share share = convention.seedFeature(ctx.options(), configured, follows, counted);
        // Starting with a verb is a habit more than a rule: where one name in ten or more starts otherwise (marquez's
        // later dataset_symlinks, column_lineage among its alter_… names), the folder names migrations both ways.
        if (!share.applies() || share.learned() && share.following() * 100 < share.judged() * DOMINANT_PERCENT) {
            return;
        }
        for (Migration m : convention.judged()) {
            if (!counted.test(m) || follows.test(m)) {
                continue;
            }
            ctx.reportFile(
                            MigrationName.reportedFile(m),
                            MigrationName.ref(m),
                            "migration name '" + m.name()
                                    + "' does not start with an action verb where " + share.evidence("start with one")
                                    + ", so the folder stops reading as a list of changes")
                    .help("Start the name with what the migration does to its object (`add_…`, `create_…`, "
                            + "`drop_…`, `rename_…`), as the folder's other names do; if the project uses a verb "
                            + "miglint does not know, add it to `naming.extra-verbs` in .miglint.yaml.");
        }
    }

    /**
     * "adds_…", "added_…", "dropped_…" and "creating_…" name the action too. A leading ticket reference ({@code mbs-9708_drop_…})
     * is a project's convention for linking the change; the verb follows it.
     */
    private static boolean startsWithVerb(List<String> words, List<String> verbs) {
        int first = words.size() > 2
                        && TICKET_KEY.matcher(words.get(0)).matches()
                        && words.get(1).chars().allMatch(Character::isDigit)
                ? 2
                : 0;
        String w = words.get(first);
        for (String suffix : INFLECTIONS) {
            if (!w.endsWith(suffix)) {
                continue;
            }
            String stem = w.substring(0, w.length() - suffix.length());
            boolean doubled = stem.length() > 2 && stem.charAt(stem.length() - 1) == stem.charAt(stem.length() - 2);
            if (verbs.contains(stem)
                    || !suffix.isEmpty()
                            && (verbs.contains(stem + "e")
                                    || doubled && verbs.contains(stem.substring(0, stem.length() - 1)))) {
                return true;
            }
        }
        return false;
    }
}
