package io.miglint.rules.tool;

import io.miglint.layout.MigrationSet;
import io.miglint.rule.Category;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.SetContext;
import io.miglint.rule.SetRule;
import io.miglint.rule.Severity;
import io.miglint.rules.naming.MigrationFilename;
import java.nio.file.Path;

/**
 * A {@code .sql} file the tool will never run, sitting among migrations, is usually a misnamed migration (a README,
 * a {@code .gitkeep} or a settings file is not). Files that carry a version but miss the pattern are
 * {@code migration-filename}'s (an error); this rule notes the rest.
 */
@RuleInfo(
        id = "unrecognized-file",
        summary = "File in a migrations folder is not a migration of its layout",
        severity = Severity.INFO,
        category = Category.TOOL)
public final class UnrecognizedFile implements SetRule {
    @Override
    public void check(MigrationSet set, SetContext ctx) {
        for (Path p : set.otherFiles()) {
            String name =
                    p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            boolean candidate = name.endsWith(".sql") || java.nio.file.Files.isDirectory(p); // diesel's are folders
            if (!candidate || MigrationFilename.misnamed(set.layout(), p).isPresent()) {
                continue; // a README, a .keep file or a tool's settings is no misnamed migration
            }
            if (set.layout() == io.miglint.layout.LayoutKind.POPX && name.endsWith(".sql")) {
                // popx walks the whole folder and stops at a .sql file outside its pattern (findMigrations in
                // popx/migration_box.go: "Found a migration file that does not match the file pattern")
                ctx.reportFile(
                                p,
                                null,
                                "not a popx migration, and popx refuses to load a folder holding a .sql file outside "
                                        + "its pattern, so none of the folder's migrations runs")
                        .help("Rename it to popx's pattern `{version}_{name}[.{dialect}][.autocommit].(up|down).sql`, "
                                + "or move it out of the migrations folder.")
                        .severity(io.miglint.rule.Severity.ERROR);
                continue;
            }
            if (set.layout() == io.miglint.layout.LayoutKind.SQITCH) {
                ctx.reportFile(p, null, "no change of sqitch.plan names this script, so sqitch never runs it")
                        .help("If it belongs to a change, plan the change (`sqitch add`, or a line in sqitch.plan); "
                                + "if it is left over from a change that was renamed or dropped, delete it.");
                continue;
            }
            ctx.reportFile(p, null, "not a " + set.layout().id() + " migration: the tool will not run this file")
                    .help("If it is meant to be a migration, rename it to the layout's pattern; if something else "
                            + "runs it (DSpace's update-sequences.sql is run by a command of its own), leave it: "
                            + "`-- miglint:ignore-file unrecognized-file <reason>` in it says so.");
        }
    }
}
