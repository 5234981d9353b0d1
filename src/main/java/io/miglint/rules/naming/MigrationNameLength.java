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
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Past {@code naming.max-words} (default 5) a name narrates the SQL instead of naming the change; under
 * {@code naming.min-words} (default 2) it names a table but not what happens to it. {@code initial}/{@code init} alone
 * are the conventional name of a project's first migration and pass. Numbers are not words ({@code 3_6_9_months} has
 * one), a release label ({@code 1.7.0}) is. The bounds hold for a folder too young to show its own way, or where the
 * configuration sets them. A folder with a history has its own usual length ({@link NamingConvention}), and many have
 * a long tail of descriptive names; a name is out of line there only when it stands apart from all of them, at least
 * {@value #APART} words longer than any other name of the folder (and longer than {@code naming.max-words}). A name that spells out the identifier of an object
 * its migration names (the trigger {@code inserting_edits_requires_confirmed_email_address}) is as long as that
 * identifier and is not judged. No shorter name is proposed: cutting a name to its first words loses what made it
 * specific.
 */
@RuleInfo(
        id = "migration-name-length",
        summary = "Migration name has too many or too few words",
        severity = Severity.INFO,
        category = Category.NAMING,
        optIn = true)
public final class MigrationNameLength implements SetRule {
    private static final Set<String> FIRST_MIGRATION = Set.of("initial", "init");
    private static final Pattern RELEASE_LABEL = Pattern.compile("\\d+(\\.\\d+)+");
    private static final int APART = 2;

    @Override
    public void check(MigrationSet set, SetContext ctx) {
        for (NamingConvention convention : NamingConvention.of(set, ctx)) {
            check(convention, ctx);
        }
    }

    private static void check(NamingConvention convention, SetContext ctx) {
        int seedMax = ctx.options().integer("naming.max-words", 5);
        int seedMin = ctx.options().integer("naming.min-words", 2);
        boolean configured = ctx.options().string("naming.max-words", null) != null
                || ctx.options().string("naming.min-words", null) != null;
        List<String> vague = ctx.options().strings("naming.vague-words", MigrationNameVague.VAGUE_WORDS);
        // A one-word vague name ("changes") is migration-name-vague's to report; saying it twice helps nobody.
        Predicate<Migration> counted = m -> {
            List<String> words = MigrationName.of(m).words();
            return length(m) > 0
                    && !(words.size() == 1 && (FIRST_MIGRATION.contains(words.get(0)) || vague.contains(words.get(0))));
        };
        Predicate<Migration> follows = m -> length(m) >= seedMin && length(m) <= seedMax;
        NamingConvention.Share share = convention.seedFeature(ctx.options(), configured, follows, counted);
        if (!share.applies() && !share.learned()) {
            return;
        }
        List<Integer> lengths = convention.judged().stream()
                .filter(counted)
                .map(MigrationNameLength::length)
                .sorted()
                .toList();
        for (Migration m : convention.judged()) {
            if (!counted.test(m)) {
                continue;
            }
            int n = length(m);
            if (share.learned()) {
                int longestOther = longestOther(lengths, n);
                if (n > seedMax && n >= longestOther + APART && !NamingConvention.spellsIdentifier(m, ctx)) {
                    tooLong(
                            m,
                            n,
                            "where no other name of this folder has more than " + longestOther + " (its "
                                    + lengths.size() + " names usually have " + lengths.get(lengths.size() / 2) + ")",
                            longestOther,
                            ctx);
                }
            } else if (n > seedMax && !NamingConvention.spellsIdentifier(m, ctx)) {
                tooLong(m, n, "where " + share.evidence("have " + seedMin + " to " + seedMax), seedMax, ctx);
            } else if (n < seedMin) {
                List<String> words = MigrationName.of(m).words();
                ctx.reportFile(
                                MigrationName.reportedFile(m),
                                MigrationName.ref(m),
                                "migration name '" + m.name()
                                        + "' has " + n + " word" + (n == 1 ? "" : "s") + " where "
                                        + share.evidence("have " + seedMin + " to " + seedMax)
                                        + ": it names a thing, not what "
                                        + "happens to it")
                        .help("Say the action and its object, as in `add_" + words.get(0) + "_…` or `drop_"
                                + words.get(0) + "_…`, with the column or constraint the migration changes.");
            }
        }
    }

    private static void tooLong(Migration m, int n, String usual, int max, SetContext ctx) {
        ctx.reportFile(
                        MigrationName.reportedFile(m),
                        MigrationName.ref(m),
                        "migration name '" + m.name() + "' has "
                                + n + " words " + usual
                                + ": a name that long narrates the SQL instead of naming the change, "
                                + "and is hard to take in when the folder or a log lists it")
                .help("Name the action and its object in at most " + max + " words and move the details to a "
                        + "comment at the top of the file; or set `naming.max-words` in .miglint.yaml if the project "
                        + "names migrations at length.");
    }

    /** The most words any other name has: the longest length, or the one before it when this name is the longest. */
    private static int longestOther(List<Integer> sorted, int own) {
        int last = sorted.get(sorted.size() - 1);
        return last == own && sorted.size() > 1 ? sorted.get(sorted.size() - 2) : last;
    }

    /** Words that carry meaning: numbers ("3_6_9_months", a ticket's "1424") are not counted, a release label is. */
    static int length(Migration m) {
        int n = 0;
        for (String w : MigrationName.of(m).words()) {
            if (w.chars().anyMatch(Character::isLetter)
                    || RELEASE_LABEL.matcher(w).matches()) {
                n++;
            }
        }
        return n;
    }
}
