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

    private static final Pattern CHANGESET_HEADER = Pattern.compile("(?im)^[ \\t]*--[ \\t]*changeset\\b");
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
        if (layout == LayoutKind.LIQUIBASE) {
            liquibase(ups, ctx);
            return;
        }
        if (layout == LayoutKind.SQITCH) {
            sqitch(ups, ctx);
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
        if (layout == LayoutKind.POPX) {
            popx(ups, ctx);
            return;
        }
        // the folder took up downs at its first migration that has one: those before it are of its up-only years
        // (hatchet's first 86 goose files have no Down section), not downs forgotten since
        int firstWithDown = 0;
        while (ups.get(firstWithDown).down() == null) {
            firstWithDown++;
        }
        for (Migration m : ups.subList(firstWithDown, ups.size())) {
            if (m.down() != null) {
                continue;
            }
            // goose runs a missing Down section as an empty one (provider_run.go, isEmpty): where the up only
            // changes rows or adds enum values, an empty down is what anyone would write
            if (layout == LayoutKind.GOOSE && nothingToUndo(m, ctx)) {
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
                    .help("Add " + (down.startsWith("a '") ? down : "`" + down + "`")
                            + " with the statements that undo the up; if the change cannot be undone and a rollback "
                            + "past it would leave a schema the older release cannot use, make the down fail loudly "
                            + "(`DO $$ BEGIN RAISE EXCEPTION 'irreversible'; END $$;`).");
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

    /**
     * popx refuses to load a folder in which an up has no down of the same version, of any dialect ("migration V has
     * no corresponding down migration", MigrationBox.check in popx/migration_box.go): nothing in it runs. A down of
     * another dialect only satisfies that check, but on PostgreSQL there is then nothing to run for the rollback.
     * An empty down is popx's way of saying there is nothing to undo, and is a down.
     */
    private static void popx(List<Migration> ups, SetContext ctx) {
        for (Migration m : ups) {
            if (m.down() != null) {
                continue;
            }
            String down = counterpartName(LayoutKind.POPX, m.up().file(), false);
            boolean otherDialect = downOfAnotherDialect(m);
            ctx.reportFile(
                            m.up().file(),
                            MigrationName.ref(m),
                            otherDialect
                                    ? "'" + m.up().file().getFileName() + "' has a down only for another database: on "
                                            + "PostgreSQL popx has nothing to run when it rolls back version "
                                            + m.version().text()
                                    : "'" + m.up().file().getFileName() + "' has no down (" + down + "): popx refuses "
                                            + "to load a folder in which an up has no down (\"migration "
                                            + m.version().text() + " has no corresponding down migration\"), so none "
                                            + "of its migrations runs")
                    .help("Add `" + down + "` with the statements that undo the up; an empty file says there is "
                            + "nothing to undo, and popx runs it as a no-op.")
                    .severity(otherDialect ? Severity.WARNING : Severity.ERROR);
        }
    }

    /** A {@code {version}_….down.sql} of another dialect next to the up, which popx's own check accepts. */
    private static boolean downOfAnotherDialect(Migration m) {
        Path folder = m.up().file().getParent();
        String prefix = m.version().text() + "_";
        try (var files = java.nio.file.Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.startsWith(prefix) && n.endsWith(".down.sql"));
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Liquibase rolls a changeset of SQL back only with the rollback written for it ({@code --rollback} lines or a
     * {@code /* liquibase rollback *}{@code /} block, a changelog's {@code rollback}); a plain SQL file has none and
     * cannot have one. As for the other tools, a folder without any rollback is one choice, said once.
     */
    private static void liquibase(List<Migration> ups, SetContext ctx) {
        List<Migration> changeSets =
                ups.stream().filter(m -> m.changeSet() != null).toList();
        if (changeSets.isEmpty()) {
            return;
        }
        // a plain SQL file cannot carry a rollback, and rewriting it as a formatted changeset gives it a new
        // identity that Liquibase runs again: it is not told to have one
        List<Migration> formatted = changeSets.stream().filter(m -> !plain(m)).toList();
        long withRollback =
                formatted.stream().filter(m -> m.changeSet().hasRollback()).count();
        if (withRollback * 2 < formatted.size() || formatted.isEmpty()) {
            // the folder's practice is forward-only (CMSgov's ab2d: 5 of 102 files have a rollback): said once
            Migration first = changeSets.get(0);
            ctx.reportFile(
                            first.up().file(),
                            MigrationName.ref(first),
                            (withRollback == 0
                                            ? "no changeset of this changelog has a rollback: none of its "
                                            : "only " + withRollback
                                                    + " of this changelog's changesets have a rollback: "
                                                    + "most of its ")
                                    + changeSets.size() + " changesets cannot be rolled back with `liquibase rollback`")
                    .help("If the project is deliberately forward-only, disable the rule for this folder (`rules: "
                            + "{down-missing: off}`); otherwise write `--rollback` lines under each formatted "
                            + "changeset you add.")
                    .severity(Severity.INFO);
            return;
        }
        for (Migration m : formatted) {
            if (m.changeSet().hasRollback()) {
                continue;
            }
            int[] at = changeSetHeader(ctx.text(m.up().file()), m.up().start());
            ctx.reportAt(
                            m.up().file(),
                            MigrationName.ref(m),
                            at[0],
                            1,
                            at[1],
                            "changeset " + m.changeSet().author() + ":"
                                    + m.changeSet().id() + " has no rollback: "
                                    + "`liquibase rollback` past it fails while " + withRollback + " of this "
                                    + "changelog's " + formatted.size() + " changesets can be rolled back")
                    .help("Write the statements that undo it on `--rollback` lines under the changeset (or "
                            + "`--rollback empty` when nothing needs undoing).");
        }
    }

    /**
     * Where a changeset starts, for a finding on it: the line (1-based) of the last {@code --changeset} header before
     * its SQL at {@code start}, and that line's length; the SQL's own line when no header precedes it (a changelog's
     * {@code sql} value), line 1 when the text is unknown.
     */
    private static int[] changeSetHeader(String text, int start) {
        if (text == null || start < 0 || start > text.length()) {
            return new int[] {1, 0};
        }
        java.util.regex.Matcher h = CHANGESET_HEADER.matcher(text);
        int from = start;
        while (h.find() && h.start() <= start) {
            from = h.start();
        }
        int line = 1;
        for (int i = 0; i < from; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        int lineStart = text.lastIndexOf('\n', from - 1) + 1;
        int lineEnd = text.indexOf('\n', from);
        lineEnd = lineEnd < 0 ? text.length() : lineEnd;
        if (lineEnd > lineStart && text.charAt(lineEnd - 1) == '\r') {
            lineEnd--;
        }
        return new int[] {line, lineEnd - lineStart};
    }

    /**
     * The up only changes rows (INSERT, UPDATE, DELETE, MERGE, a SELECT), sets a setting, or adds enum values: nothing a
     * down would undo (an enum value cannot be removed, a data fix is kept). False when the text cannot be read.
     */
    private static boolean nothingToUndo(Migration m, SetContext ctx) {
        String text = ctx.text(m.up().file());
        if (text == null) {
            return false;
        }
        int end = m.up().end() < 0 || m.up().end() > text.length() ? text.length() : m.up().end();
        String up = m.up().seen(text).substring(Math.min(m.up().start(), end), end);
        List<io.miglint.sql.RawStatement> statements = io.miglint.sql.StatementSplitter.split(
                        new io.miglint.sql.SourceText(m.up().displayPath(), up))
                .statements();
        boolean any = false;
        for (io.miglint.sql.RawStatement r : statements) {
            List<io.miglint.sql.Token> t =
                    r.body().stream().filter(x -> !x.isComment()).toList();
            if (t.isEmpty()) {
                continue;
            }
            any = true;
            String first = t.get(0).lower();
            boolean data = switch (first) {
                case "insert", "update", "delete", "merge", "select", "set", "with" -> true;
                case "alter" ->
                    t.size() > 4
                            && t.get(1).is("type")
                            && t.stream().anyMatch(x -> x.is("add"))
                            && t.stream().anyMatch(x -> x.is("value"));
                default -> false;
            };
            if (!data) {
                return false;
            }
        }
        return any;
    }

    /** A plain SQL file, which Liquibase runs as one changeset with id {@code raw}, author {@code includeAll}. */
    private static boolean plain(Migration m) {
        return "raw".equals(m.changeSet().id())
                && "includeAll".equals(m.changeSet().author());
    }

    /**
     * sqitch reverts a change by running its revert script with psql (Engine.pm {@code revert_change}, pg.pm
     * {@code run_file}); {@code sqitch add} always writes one. Without it, {@code sqitch revert} past the change, and the
     * revert of what a failed {@code sqitch deploy} had deployed, stop at psql's "No such file": an error for each.
     */
    private static void sqitch(List<Migration> ups, SetContext ctx) {
        for (Migration m : ups) {
            if (m.down() != null) {
                continue;
            }
            String down = counterpartName(LayoutKind.SQITCH, m.up().file(), false);
            ctx.reportFile(
                            m.up().file(),
                            MigrationName.ref(m),
                            "change " + m.name() + " has no revert script (" + down + "): `sqitch revert` past it, "
                                    + "and the revert after a failed `sqitch deploy`, stop when psql cannot open it")
                    .help("Add `" + down + "` with the statements that undo the deploy script; if the change cannot "
                            + "be undone, make it fail loudly (`DO $$ BEGIN RAISE EXCEPTION 'irreversible'; END $$;`).")
                    .severity(Severity.ERROR);
        }
    }

    /** A sqitch script's path from its project's top folder, with its script folder swapped for {@code folder}. */
    private static String sqitchCounterpart(Path file, String folder) {
        for (Path d = file.getParent(); d != null && d.getParent() != null; d = d.getParent()) {
            String name = d.getFileName().toString();
            if ((name.equals("deploy") || name.equals("revert") || name.equals("verify"))
                    && java.nio.file.Files.isRegularFile(d.getParent().resolve("sqitch.plan"))) {
                return folder + "/" + d.relativize(file).toString().replace('\\', '/');
            }
        }
        return folder + "/" + file.getFileName();
    }

    private static boolean reversibleUp(Migration m) {
        return m.up().file().getFileName().toString().endsWith(".up.sql");
    }

    /** The file (or dbmate section) that would pair with {@code file}: its down when {@code wantUp} is false. */
    static String counterpartName(LayoutKind layout, Path file, boolean wantUp) {
        String n = file.getFileName().toString();
        return switch (layout) {
            case GOLANG_MIGRATE, SQLX, POPX ->
                wantUp ? n.replaceFirst("\\.down\\.sql$", ".up.sql") : n.replaceFirst("(\\.up)?\\.sql$", ".down.sql");
            case DIESEL -> file.getParent().getFileName() + (wantUp ? "/up.sql" : "/down.sql");
            case FLYWAY -> (wantUp ? "V" : "U") + n.substring(1);
            case ROLLBACK_SUFFIX ->
                wantUp ? n.replaceFirst("_rollback\\.sql$", ".sql") : n.replaceFirst("\\.sql$", "_rollback.sql");
            case DBMATE -> wantUp ? "a '-- migrate:up' section in " + n : "a '-- migrate:down' section in " + n;
            case NUMBERED, PRISMA, DRIZZLE -> n;
            case LIQUIBASE -> "--rollback lines in " + n;
            case SQITCH -> sqitchCounterpart(file, wantUp ? "deploy" : "revert");
            case GOOSE -> wantUp ? "a '-- +goose Up' section in " + n : "a '-- +goose Down' section in " + n;
        };
    }
}
