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
 * Mixed spellings ({@code AddAccountOwner}, {@code add-account-owner}) make a folder hard to scan and to grep; one
 * convention, snake_case, is what migration tools generate and what the rest of the file name already uses. Kebab case
 * is reported in dbmate folders too: dbmate accepts it, but the rename is mechanical and the help gives it exactly.
 */
@RuleInfo(id = "migration-name-case", summary = "Migration name is not snake_case", severity = Severity.INFO,
        category = Category.NAMING)
public final class MigrationNameCase implements SetRule {
    @Override
    public void check(MigrationSet set, SetContext ctx) {
        for (Migration m : set.migrations()) {
            MigrationName name = MigrationName.of(m);
            if (name.isSnakeCase() || name.snakeCase().isEmpty()) {
                continue;
            }
            Path entry = MigrationName.namedEntry(m);
            String current = entry.getFileName().toString();
            int at = current.lastIndexOf(name.text());
            String renamed = at < 0 ? name.snakeCase()
                    : current.substring(0, at) + name.snakeCase() + current.substring(at + name.text().length());
            boolean pair = m.up() != null && m.down() != null && !m.up().file().equals(m.down().file())
                    && !entry.equals(m.up().file().getParent());
            ctx.reportFile(MigrationName.reportedFile(m), MigrationName.ref(m), "migration name '" + name.text()
                            + "' is not snake_case: the folder mixes spellings, so names cannot be scanned, sorted "
                            + "or searched consistently")
                    .help("Rename `" + current + "` to `" + renamed + "`" + (pair ? " (and its down the same way)"
                            : "") + " before it is applied anywhere" + (tracksName(set.layout())
                            ? "; where it is applied, update its row in the tool's tracking table, which records the "
                            + "name" : "; the tool tracks applied migrations by version, so the rename is safe"));
        }
    }

    /** Flyway (description), the numbered and rollback-suffix scripts (file name) record the name when applied. */
    private static boolean tracksName(LayoutKind layout) {
        return layout == LayoutKind.FLYWAY || layout == LayoutKind.NUMBERED || layout == LayoutKind.ROLLBACK_SUFFIX;
    }
}
