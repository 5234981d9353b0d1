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

/**
 * Past {@code naming.max-words} (default 5) a name narrates the SQL instead of naming the change; under
 * {@code naming.min-words} (default 2) it names a table but not what happens to it. {@code initial}/{@code init} alone
 * are the conventional name of a project's first migration and pass. The bounds apply where the folder's names keep
 * to them, or where the configuration sets them; a folder whose names are usually longer or shorter has its own
 * convention ({@link NamingConvention}). No shorter name is proposed: cutting a name to its first words loses what
 * made it specific.
 */
@RuleInfo(id = "migration-name-length", summary = "Migration name has too many or too few words",
        severity = Severity.INFO, category = Category.NAMING)
public final class MigrationNameLength implements SetRule {
    private static final Set<String> FIRST_MIGRATION = Set.of("initial", "init");

    @Override
    public void check(MigrationSet set, SetContext ctx) {
        int seedMax = ctx.options().integer("naming.max-words", 5);
        int seedMin = ctx.options().integer("naming.min-words", 2);
        boolean configured = ctx.options().string("naming.max-words", null) != null
                || ctx.options().string("naming.min-words", null) != null;
        List<String> vague = ctx.options().strings("naming.vague-words", MigrationNameVague.VAGUE_WORDS);
        // A one-word vague name ("changes") is migration-name-vague's to report; saying it twice helps nobody.
        Predicate<Migration> counted = m -> {
            List<String> words = MigrationName.of(m).words();
            return !words.isEmpty() && !(words.size() == 1 && (FIRST_MIGRATION.contains(words.get(0)) || vague.contains(words.get(0))));
        };
        Predicate<Migration> follows = m -> {
            int n = MigrationName.of(m).words().size();
            return n >= seedMin && n <= seedMax;
        };
        NamingConvention convention = NamingConvention.of(set, ctx);
        NamingConvention.Share share = convention.seedFeature(ctx.options(), configured, follows, counted);
        List<Integer> lengths = convention.judged().stream().filter(counted)
                .map(m -> MigrationName.of(m).words().size()).sorted().toList();
        int max = seedMax;
        int min = seedMin;
        if (share.learned()) {
            // A folder with a history of its own: a name is only out of line when it is far longer than the folder's
            // usual one (twice its median), and a one-word name ("contacts") is how some folders name a feature.
            int median = lengths.get(lengths.size() / 2);
            max = Math.max(max, 2 * median);
            min = 1;
        }
        for (Migration m : convention.judged()) {
            List<String> words = MigrationName.of(m).words();
            if (!counted.test(m) || words.size() >= min && words.size() <= max) {
                continue;
            }
            if (words.size() > max) {
                String usual = share.learned() ? "where this folder's names usually have " + lengths.get(
                        lengths.size() / 2) + " (" + share.judged() + " names)" : "where " + share.evidence(
                        "have " + min + " to " + max);
                ctx.reportFile(MigrationName.reportedFile(m), MigrationName.ref(m), "migration name '" + m.name()
                                + "' has " + words.size() + " words " + usual + ": it narrates the SQL, and long "
                                + "names get cut off in logs and tracking tables")
                        .help("Name the action and its object in at most " + max + " words and move the details to "
                                + "a comment at the top of the file; or set `naming.max-words` in .miglint.yaml if "
                                + "the project names migrations at length.");
            } else {
                ctx.reportFile(MigrationName.reportedFile(m), MigrationName.ref(m), "migration name '" + m.name()
                                + "' has " + words.size() + " word" + (words.size() == 1 ? "" : "s") + " where "
                                + share.evidence("have " + min + " to " + max) + ": it names a thing, not what "
                                + "happens to it")
                        .help("Say the action and its object, as in `add_" + words.get(0) + "_…` or `drop_"
                                + words.get(0) + "_…`, with the column or constraint the migration changes.");
            }
        }
    }
}
