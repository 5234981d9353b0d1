package io.miglint.engine;

import io.miglint.diagnostic.ToolError;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationScript;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Finding;
import io.miglint.rule.FindingDraft;
import io.miglint.rule.Location;
import io.miglint.rule.MigrationRef;
import io.miglint.rule.RuleOptions;
import io.miglint.rule.SetContext;
import io.miglint.rule.SetRule;
import io.miglint.rule.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the selected set rules over one migration set (its file names, its pairing) and turns what they report about
 * whole files into drafts. A rule that throws is a {@link ToolError.Kind#RULE_CRASH} tool error for the folder.
 */
final class SetRuleRunner {
    private final LintEngine.Settings settings;
    private final SourceFiles sources;
    private final Consumer<ToolError> errors;

    SetRuleRunner(LintEngine.Settings settings, SourceFiles sources, Consumer<ToolError> errors) {
        this.settings = settings;
        this.sources = sources;
        this.errors = errors;
    }

    List<Finding> run(MigrationSet set) {
        Map<Path, String> display = new HashMap<>();
        for (Migration m : set.migrations()) {
            for (MigrationScript s : new MigrationScript[] {m.up(), m.down()}) {
                if (s != null) {
                    display.put(s.file(), s.displayPath());
                }
            }
        }
        List<SetDraft> reported = new ArrayList<>();
        for (RuleSelection.Active a : settings.rules().active()) {
            if (!(a.rule() instanceof SetRule rule)) {
                continue;
            }
            SetContext ctx = new SetContext() {
                @Override
                public int pgVersion() {
                    return settings.pgVersion();
                }

                @Override
                public RuleOptions options() {
                    return settings.options();
                }

                @Override
                public String text(Path file) {
                    return sources.text(file, displayOf(set, display, file));
                }

                @Override
                public FindingDraft reportFile(Path file, MigrationRef migration, String message) {
                    FindingDraft d = new FindingDraft(message);
                    reported.add(new SetDraft(a, file, displayOf(set, display, file), migration, d, null));
                    return d;
                }

                @Override
                public FindingDraft reportAt(
                        Path file, MigrationRef migration, int line, int column, int length, String message) {
                    FindingDraft d = new FindingDraft(message);
                    String shown = displayOf(set, display, file);
                    reported.add(new SetDraft(
                            a,
                            file,
                            shown,
                            migration,
                            d,
                            new Location(file, shown, line, column, line, column + Math.max(0, length))));
                    return d;
                }
            };
            try {
                rule.check(set, ctx);
            } catch (RuntimeException | StackOverflowError e) {
                errors.accept(RuleDispatcher.crash(a, e, set.displayFolder(), 0, 0));
            }
        }
        List<Finding> out = new ArrayList<>(reported.size());
        for (SetDraft d : reported) {
            // A finding's own severity (down-missing's one info for an up-only folder) stands unless the user set one.
            Severity severity = d.draft.severity() != null
                    ? d.draft.severity()
                    : d.rule.descriptor().defaultSeverity();
            out.add(new Finding(
                    d.rule.descriptor().id(),
                    severity,
                    d.draft.message(),
                    d.draft.help(),
                    d.at != null ? d.at : Location.wholeFile(d.file, d.display),
                    d.ref,
                    "",
                    null,
                    d.draft.key()));
        }
        return out;
    }

    /** @param at where in the file, or null for the whole file (1:1) */
    private record SetDraft(
            RuleSelection.Active rule, Path file, String display, MigrationRef ref, FindingDraft draft, Location at) {}

    private static String displayOf(MigrationSet set, Map<Path, String> known, Path file) {
        String d = known.get(file);
        if (d != null) {
            return d;
        }
        Path name = file.getFileName();
        String folder = set.displayFolder();
        String base = name == null ? file.toString() : name.toString();
        if (file.getParent() != null && file.getParent().equals(set.folder())) {
            return folder.isEmpty() || folder.equals(".") ? base : folder + "/" + base;
        }
        if (file.startsWith(set.folder())) {
            // a file below the set's folder (a Liquibase changelog's changes/, a sqitch project's deploy/)
            String below = set.folder().relativize(file).toString().replace('\\', '/');
            return folder.isEmpty() || folder.equals(".") ? below : folder + "/" + below;
        }
        return io.miglint.layout.DisplayPath.of(file);
    }
}
