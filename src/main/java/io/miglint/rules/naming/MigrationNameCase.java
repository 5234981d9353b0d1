package io.miglint.rules.naming;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Category;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.SetContext;
import io.miglint.rule.SetRule;
import io.miglint.rule.Severity;
import java.nio.file.Path;

/**
 * Names spelled unlike the rest of the folder ({@code AddAccountOwner} among {@code add-…} names) make it hard to scan
 * and to grep. The folder's own spelling is the convention: a folder of kebab-case names is as consistent as one of
 * snake_case names, and only the names that break its spelling are reported ({@link NamingConvention}). A folder too
 * young to show a spelling gets snake_case, what most tools generate; a folder that already mixes spellings gets no
 * finding, since there is no convention a rename would restore.
 */
@RuleInfo(
        id = "migration-name-case",
        summary = "Migration name is spelled unlike the folder's other names",
        severity = Severity.INFO,
        category = Category.NAMING)
public final class MigrationNameCase implements SetRule {
    /** Names of a kebab-case folder that keep a snake_case identifier, before a folder counts as doing so. */
    private static final int ROUTINE = 3;

    @Override
    public void check(MigrationSet set, SetContext ctx) {
        for (NamingConvention convention : NamingConvention.of(set, ctx)) {
            check(set, convention, ctx);
        }
    }

    private static void check(MigrationSet set, NamingConvention convention, SetContext ctx) {
        if (convention.spelling().isEmpty()) {
            return;
        }
        NamingConvention.Spelling expected = convention.spelling().get();
        NamingConvention.Share share = convention.spellingShare();
        boolean keepsIdentifiers = expected == NamingConvention.Spelling.KEBAB
                && convention.judged().stream()
                                .filter(m -> m.name().contains("_")
                                        && NamingConvention.spelling(m.name()) == NamingConvention.Spelling.KEBAB)
                                .count()
                        >= ROUTINE;
        for (Migration m : convention.judged()) {
            MigrationName name = MigrationName.of(m);
            NamingConvention.Spelling actual = NamingConvention.spelling(name.text());
            if (actual == expected
                    || actual == NamingConvention.Spelling.NONE && expected != NamingConvention.Spelling.CAMEL
                    || name.words().isEmpty()) {
                continue;
            }
            // A kebab-case folder that routinely keeps identifiers as they are ("release_label-not-empty") may name a
            // migration after the one object it changes: "a_upd_release_event" redefines that function.
            if (keepsIdentifiers
                    && actual == NamingConvention.Spelling.SNAKE
                    && NamingConvention.spellsIdentifier(m, ctx)) {
                continue;
            }
            String wanted = expected.spell(name.words());
            Path entry = MigrationName.namedEntry(m);
            String current = entry.getFileName().toString();
            int at = current.lastIndexOf(name.text());
            String renamed = at < 0
                    ? wanted
                    : current.substring(0, at)
                            + wanted
                            + current.substring(at + name.text().length());
            boolean pair = m.up() != null
                    && m.down() != null
                    && !m.up().file().equals(m.down().file())
                    && !entry.equals(m.up().file().getParent());
            ctx.reportFile(
                            MigrationName.reportedFile(m),
                            MigrationName.ref(m),
                            "migration name '" + name.text()
                                    + "' is "
                                    + (actual == NamingConvention.Spelling.OTHER
                                            ? "not spelled one way"
                                            : actual.label())
                                    + " where " + share.evidence("are " + expected.label())
                                    + ": names spelled differently are missed when the folder is scanned or searched")
                    .help("Rename `" + current + "` to `" + renamed + "`" + (pair ? " (and its down the same way)" : "")
                            + " before it is applied anywhere"
                            + (tracksName(set.layout())
                                    ? "; once applied, leave the name: the tool's tracking table records it"
                                            + (set.layout() == LayoutKind.FLYWAY
                                                    ? " (Flyway's validation at migrate fails on a renamed description "
                                                            + "until `flyway repair` runs on every database)"
                                                    : ", and every database that ran the file would need its row "
                                                            + "updated")
                                    : "; the tool tracks applied migrations by version, so the rename is safe"));
        }
    }

    /**
     * Flyway (description), the numbered and rollback-suffix scripts (file name) and Prisma (folder name) record the
     * name when applied.
     */
    private static boolean tracksName(LayoutKind layout) {
        return layout == LayoutKind.FLYWAY
                || layout == LayoutKind.NUMBERED
                || layout == LayoutKind.ROLLBACK_SUFFIX
                || layout == LayoutKind.PRISMA;
    }
}
