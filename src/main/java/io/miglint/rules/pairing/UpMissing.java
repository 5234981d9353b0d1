package io.miglint.rules.pairing;

import io.miglint.layout.Migration;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Category;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.SetContext;
import io.miglint.rule.SetRule;
import io.miglint.rule.Severity;
import io.miglint.rules.naming.MigrationName;

/**
 * A down or rollback whose up is gone (renamed, deleted, or a typo in its name) is never part of a migration: the
 * tool has nothing to apply for that version, and a rollback that ran it would undo a change that was never made.
 */
@RuleInfo(
        id = "up-missing",
        summary = "Down migration has no matching up",
        severity = Severity.WARNING,
        category = Category.PAIRING)
public final class UpMissing implements SetRule {
    @Override
    public void check(MigrationSet set, SetContext ctx) {
        for (Migration m : set.migrations()) {
            if (m.up() != null || m.down() == null) {
                continue;
            }
            String up = DownMissing.counterpartName(set.layout(), m.down().file(), true);
            ctx.reportFile(
                            m.down().file(),
                            MigrationName.ref(m),
                            "'" + m.down().file().getFileName() + "' has no up ("
                                    + up + "): the tool never applies a change for version "
                                    + m.version().text()
                                    + ", so this rollback would undo something that was never made")
                    .help("Restore or rename the up to `" + up + "` if it was renamed, or delete the orphaned "
                            + "down.");
        }
    }
}
