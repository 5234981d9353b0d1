package io.miglint.rules.pairing;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Category;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.SetContext;
import io.miglint.rule.SetRule;
import io.miglint.rule.Severity;
import io.miglint.rules.naming.MigrationName;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the tool pairs every up with a down, an up without one cannot be rolled back: the rollback fails or does
 * nothing while the schema keeps the change. Numbered scripts have no downs by convention, and a Flyway project
 * without any undo script does not use them, so neither is checked. A folder with no down at all (golang-migrate
 * used up-only) is one deliberate choice: it gets a single info finding, not one warning per file. sqlx's simple
 * {@code N_x.sql} files are checked only when the folder has downs elsewhere (sqlx pairs {@code N_x.sql} with
 * {@code N_x.down.sql} too). dbmate is the exception: since 2.0 it refuses a file without a down section, so a missing
 * one is an error ({@link #dbmate}).
 */
@RuleInfo(
        id = "down-missing",
        summary = "Up migration has no down",
        severity = Severity.INFO,
        category = Category.PAIRING)
public final class DownMissing implements SetRule {
    /** dbmate's own words (ErrParseMissingDown, pkg/dbmate/migration.go). */
    private static final String MISSING_DOWN =
            "dbmate requires each migration to define a down block with '-- migrate:down'";

    private static final Pattern INDENTED_DOWN = Pattern.compile("^[\\t ]+--[\\t ]*migrate:down\\b", Pattern.MULTILINE);

    @Override
    public void check(MigrationSet set, SetContext ctx) {
        LayoutKind layout = set.layout();
        List<Migration> ups = set.migrations().stream()
                .filter(m -> m.up() != null && !"R".equals(m.kind()))
                .toList();
        boolean anyDown = set.migrations().stream().anyMatch(m -> m.down() != null);
        // Prisma Migrate and Drizzle Kit have no down migrations at all: there is nothing to add
        if (layout == LayoutKind.NUMBERED
                || layout == LayoutKind.PRISMA
                || layout == LayoutKind.DRIZZLE
                || ups.isEmpty()
                || layout == LayoutKind.FLYWAY && !anyDown
                || layout == LayoutKind.SQLX && !anyDown && ups.stream().noneMatch(DownMissing::reversibleUp)) {
            return;
        }
        if (layout == LayoutKind.DBMATE) {
            dbmate(ups, anyDown, ctx);
            return;
        }
        if (!anyDown) {
            Migration first = ups.get(0);
            ctx.reportFile(
                            first.up().file(),
                            MigrationName.ref(first),
                            "no migration of this folder has a down: " + "none of its " + ups.size()
                                    + " migrations can be rolled back with the tool")
                    .help("If the project is deliberately up-only, disable the rule for this folder (`rules: "
                            + "{down-missing: off}`); otherwise add `"
                            + counterpartName(layout, first.up().file(), false) + "` and the other downs.")
                    .severity(Severity.INFO);
            return;
        }
        for (Migration m : ups) {
            if (m.down() != null) {
                continue;
            }
            String down = counterpartName(layout, m.up().file(), false);
            ctx.reportFile(
                            m.up().file(),
                            MigrationName.ref(m),
                            "'" + m.up().file().getFileName() + "' has no down ("
                                    + down + "): rolling back past version "
                                    + m.version().text() + " fails or leaves its "
                                    + "changes in place while the other migrations of this folder can be reverted")
                    .help("Add `" + down + "` with the statements that undo the up; if the change cannot be undone, "
                            + "make the down fail loudly (`DO $$ BEGIN RAISE EXCEPTION 'irreversible'; END $$;`).");
        }
    }

    /**
     * dbmate 2.0 and later (pkg/dbmate/migration.go since v2.0.0, 2023) refuse a file without a {@code -- migrate:down}
     * line in column 1 ("dbmate requires each migration to define a down block with '-- migrate:down'"): such a file
     * never applies, so each is an error, or one for a folder none of whose files has one. An indented marker is
     * named: it is no marker to dbmate, and older versions ran the statements after it as part of the up.
     */
    private static void dbmate(List<Migration> ups, boolean anyDown, SetContext ctx) {
        String refused = "dbmate 2.0 and later refuse the file (\"" + MISSING_DOWN + "\"), so it never applies";
        if (!anyDown && ups.size() > 1) {
            Migration first = ups.get(0);
            ctx.reportFile(
                            first.up().file(),
                            MigrationName.ref(first),
                            "none of this folder's " + ups.size() + " migrations has a '-- migrate:down' line: dbmate "
                                    + "2.0 and later refuse every one of them (\"" + MISSING_DOWN + "\"), so none of "
                                    + "them applies")
                    .help("Give every file a `-- migrate:down` line at the start of a line, followed by the statements "
                            + "that undo its up (it may stay empty when the change cannot be undone); dbmate versions "
                            + "before 2.0 accepted files without one.")
                    .severity(Severity.ERROR);
            return;
        }
        for (Migration m : ups) {
            if (m.down() != null) {
                continue;
            }
            String text = ctx.text(m.up().file());
            boolean indented = text != null && INDENTED_DOWN.matcher(text).find();
            ctx.reportFile(
                            m.up().file(),
                            MigrationName.ref(m),
                            (indented
                                            ? "the '-- migrate:down' line is indented, so dbmate does not see it: "
                                            : "'" + m.up().file().getFileName() + "' has no '-- migrate:down' line: ")
                                    + refused
                                    + (indented
                                            ? " (older versions ran the statements after it as part of the up)"
                                            : ""))
                    .help(
                            indented
                                    ? "Move `-- migrate:down` to the start of its line (dbmate matches `^-- migrate:down`), "
                                            + "then read the statements after it as a down: they have only ever run as part of "
                                            + "the up, never on their own (a syntax-error finding in them is reported at its line)."
                                    : "Add a `-- migrate:down` line at the start of a line after the up, followed by the "
                                            + "statements that undo it (it may stay empty when the change cannot be undone).")
                    .severity(Severity.ERROR);
        }
    }

    private static boolean reversibleUp(Migration m) {
        return m.up().file().getFileName().toString().endsWith(".up.sql");
    }

    /** The file (or dbmate section) that would pair with {@code file}: its down when {@code wantUp} is false. */
    static String counterpartName(LayoutKind layout, Path file, boolean wantUp) {
        String n = file.getFileName().toString();
        return switch (layout) {
            case GOLANG_MIGRATE, SQLX ->
                wantUp ? n.replaceFirst("\\.down\\.sql$", ".up.sql") : n.replaceFirst("(\\.up)?\\.sql$", ".down.sql");
            case DIESEL -> file.getParent().getFileName() + (wantUp ? "/up.sql" : "/down.sql");
            case FLYWAY -> (wantUp ? "V" : "U") + n.substring(1);
            case ROLLBACK_SUFFIX ->
                wantUp ? n.replaceFirst("_rollback\\.sql$", ".sql") : n.replaceFirst("\\.sql$", "_rollback.sql");
            case DBMATE -> wantUp ? "a '-- migrate:up' section in " + n : "a '-- migrate:down' section in " + n;
            case NUMBERED, PRISMA, DRIZZLE -> n;
        };
    }
}
