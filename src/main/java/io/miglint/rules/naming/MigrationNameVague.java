package io.miglint.rules.naming;

import io.miglint.layout.Migration;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Category;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.SetContext;
import io.miglint.rule.SetRule;
import io.miglint.rule.Severity;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A name like {@code changes} or {@code fix_stuff} tells the reader of a failed deploy nothing about what the
 * migration touches. {@code naming.vague-words} replaces the word list. A folder where most names are vague has made
 * that its convention and is not judged, unless the word list is set.
 */
@RuleInfo(
        id = "migration-name-vague",
        summary = "Migration name does not say what changes",
        severity = Severity.INFO,
        category = Category.NAMING)
public final class MigrationNameVague implements SetRule {
    static final List<String> VAGUE_WORDS = List.of(
            "change",
            "changes",
            "fix",
            "fixes",
            "misc",
            "migration",
            "migrations",
            "new",
            "stuff",
            "temp",
            "test",
            "tests",
            "tmp",
            "update",
            "updates",
            "wip");

    @Override
    public void check(MigrationSet set, SetContext ctx) {
        List<String> vague = ctx.options().strings("naming.vague-words", VAGUE_WORDS).stream()
                .map(w -> w.toLowerCase(Locale.ROOT))
                .toList();
        boolean configured = ctx.options().strings("naming.vague-words", null) != null;
        Predicate<Migration> isVague = m -> {
            List<String> words = MigrationName.of(m).words();
            return !words.isEmpty()
                    && !RELEASE.matcher(m.name()).matches()
                    && words.stream().allMatch(w -> isVague(w, vague));
        };
        for (NamingConvention convention : NamingConvention.of(set, ctx)) {
            check(convention, ctx, configured, isVague);
        }
    }

    private static void check(
            NamingConvention convention, SetContext ctx, boolean configured, Predicate<Migration> isVague) {
        NamingConvention.Share share = convention.seedFeature(
                ctx.options(),
                configured,
                isVague.negate(),
                m -> !MigrationName.of(m).words().isEmpty());
        // Not judged: a group too young to be held to the seed word list (repeatable migrations), or a folder
        // where most names are vague, which has made that its convention.
        if (!share.applies() && !share.learned() || share.learned() && share.following() * 2 < share.judged()) {
            return;
        }
        for (Migration m : convention.judged()) {
            if (!isVague.test(m)) {
                continue;
            }
            ctx.reportFile(
                            MigrationName.reportedFile(m),
                            MigrationName.ref(m),
                            "migration name '" + m.name()
                                    + "' is vague: it does not say which table or object changes, so nobody can tell from "
                                    + "the folder or the tracking table what this migration did")
                    .help("Name the action and the object it changes, e.g. `add_orders_status`, "
                            + "`create_invoices_table`, `drop_users_legacy_email`.");
        }
    }

    /**
     * A name that is a release number ({@code 0_42_3}, {@code v1_0_21}, {@code 2.2.0}): the folder names each
     * migration for the release it ships in (hatchet, Harbor), which says when, if not what; no vaguer than the
     * release notes it points to.
     */
    private static final java.util.regex.Pattern RELEASE =
            java.util.regex.Pattern.compile("(?i)v?\\d+([._]\\d+){2,3}([._-]?(rc|beta|alpha)\\d*)?");

    /** {@code migration1}, {@code temp2}: a vague word with a counter is just as vague; a bare number says nothing. */
    private static boolean isVague(String word, List<String> vague) {
        String stem = word.replaceFirst("\\d+$", "");
        return stem.isEmpty() || vague.contains(stem) || vague.contains(word);
    }
}
