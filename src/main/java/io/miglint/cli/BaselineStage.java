package io.miglint.cli;

import io.miglint.engine.FindingStage;
import io.miglint.engine.RuleSelection;
import io.miglint.layout.Discovery;
import io.miglint.layout.MigrationSet;
import io.miglint.report.Baseline;
import io.miglint.report.BaselineException;
import io.miglint.report.Escape;
import io.miglint.rule.Finding;
import io.miglint.rule.FindingSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The baseline step of a command's finding stage ({@code --baseline FILE}), the same for check, verify and gate:
 * suppresses the baselined findings and drafts a notice for each entry that matches nothing. An entry counts as
 * stale only when this run could have seen its finding: its id is selected and its producer ran, and its file was
 * reported on (or, for a full run, is gone).
 */
final class BaselineStage {
    private BaselineStage() {}

    /**
     * @param producers    what produced this run's drafts (lint, verify, gate)
     * @param reportOn     the files the run reports on (exclude:, --changed-since, the files named, the pending ones)
     * @param partialScope whether the run reports on a part of its folders only ({@code --changed-since}): a
     *                     deleted file's entries are then not stale
     */
    static FindingStage.BaselineStep load(
            Path baseline,
            RuleSelection selection,
            Discovery discovery,
            List<Path> roots,
            Predicate<Path> reportOn,
            Set<FindingSource> producers,
            boolean partialScope,
            PrintWriter err) {
        Baseline known;
        io.miglint.layout.MigrationDiscovery.outsideRepository(baseline).ifPresent(why -> {
            throw new UsageException(why);
        });
        try {
            known = Baseline.load(baseline);
        } catch (BaselineException e) {
            throw new UsageException(e.getMessage());
        }
        if (known.legacyFormat()) {
            err.println("miglint: " + Escape.inline(CheckPipeline.display(baseline)) + " was written by an earlier "
                    + "miglint (baseline format 1): its entries still match, but those about a whole file (a name, "
                    + "a missing down) only while their message is unchanged; run `miglint baseline` again to record "
                    + "identities that survive new migrations");
        }
        return findings -> {
            Baseline.Applied applied = known.apply(findings);
            List<Finding> notices = new ArrayList<>();
            for (Baseline.Entry e : applied.stale()) {
                boolean ran = selection.isSelected(e.ruleId())
                        && selection
                                .catalog()
                                .find(e.ruleId())
                                .map(c -> producers.contains(c.source()))
                                .orElse(false);
                Path file = Path.of(e.file());
                if (ran && inScope(file, discovery, roots, reportOn, partialScope)) {
                    notices.add(Baseline.staleFinding(e, file));
                }
            }
            return new FindingStage.BaselineStep.Result(applied.findings(), notices);
        };
    }

    private static boolean inScope(
            Path file, Discovery discovery, List<Path> roots, Predicate<Path> reportOn, boolean partialScope) {
        if (!Files.exists(file)) {
            Path abs = file.toAbsolutePath().normalize();
            return !partialScope
                    && roots.stream()
                            .filter(Files::isDirectory)
                            .anyMatch(
                                    root -> abs.startsWith(root.toAbsolutePath().normalize()));
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            return false;
        }
        boolean read = discovery.sets().stream().map(MigrationSet::folder).anyMatch(real::startsWith);
        return read && reportOn.test(real);
    }
}
