package io.miglint.rules.tool;

import io.miglint.layout.DbmateSections;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Category;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.SetContext;
import io.miglint.rule.SetRule;
import io.miglint.rule.Severity;
import io.miglint.rules.naming.MigrationName;

/**
 * A dbmate file with a second {@code -- migrate:up} line. dbmate 2.29 and later split such a file into sections and
 * run each in turn, recording the migration's version after each (pkg/dbmate/db.go, Migrate): on PostgreSQL the
 * second record violates {@code schema_migrations}' primary key, so the second section's transaction rolls back while
 * the version stays recorded from the first, dbmate exits with an error, and a re-run applies nothing (dbmate 2.36.0:
 * the second section's column never appears). A section marked {@code transaction:false} keeps its statements but
 * fails the same way. A rollback runs the downs in file order, the first section's first. Older dbmate read everything
 * after the first down line as the down. miglint reads the first section only.
 */
@RuleInfo(
        id = "dbmate-multiple-sections",
        summary = "A dbmate file with more than one migrate:up section",
        severity = Severity.ERROR,
        category = Category.TOOL)
public final class DbmateMultipleSections implements SetRule {
    @Override
    public void check(MigrationSet set, SetContext ctx) {
        if (set.layout() != LayoutKind.DBMATE) {
            return;
        }
        for (Migration m : set.migrations()) {
            if (m.up() == null) {
                continue;
            }
            String text = ctx.text(m.up().file());
            if (text == null) {
                continue;
            }
            DbmateSections sections = DbmateSections.parse(text);
            if (sections.laterSections().isEmpty()) {
                continue;
            }
            int at = sections.laterSections().get(0);
            int line = 1
                    + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
            int eol = text.indexOf('\n', at);
            int length = (eol < 0 ? text.length() : eol) - at;
            int count = sections.laterSections().size() + 1;
            boolean inTransaction = !text.substring(at, at + length).matches("(?s).*\\stransaction:false(\\s.*)?");
            ctx.reportAt(
                            m.up().file(),
                            MigrationName.ref(m),
                            line,
                            1,
                            length,
                            "a second '-- migrate:up' section (of " + count + "): dbmate records the version after "
                                    + "each section, and on PostgreSQL the second record fails on schema_migrations' "
                                    + "primary key, so "
                                    + (inTransaction
                                            ? "this section is rolled back while the version stays recorded: its "
                                                    + "changes never apply, and running dbmate again does not retry them"
                                            : "dbmate fails after running this section outside a transaction, with the "
                                                    + "version recorded once: a rollback then runs the downs in file "
                                                    + "order, the first section's first"))
                    .help("Move each section after the first into a migration file of its own, with the next "
                            + "version; a section that must run outside a transaction (`-- migrate:up "
                            + "transaction:false`) is then that file's only section.");
        }
    }
}
