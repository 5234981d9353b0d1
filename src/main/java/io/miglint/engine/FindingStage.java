package io.miglint.engine;

import io.miglint.rule.Finding;
import io.miglint.rule.Severity;
import io.miglint.rule.Suppression;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one way from what producers report to what a run reports. The lint engine, the verifier and the gate hand over
 * drafts ({@link Finding}s with the producer's severity and no suppression); every draft, whatever produced it, then
 * passes the same steps in this order:
 *
 * <ol>
 *   <li>selection: dropped unless its id is selected ({@code --enable}, {@code --disable}, {@code rules:}, opt-in
 *       defaults, the PostgreSQL version);</li>
 *   <li>severity: the one the user set for its id ({@code rules: {id: warning}}) replaces the producer's;</li>
 *   <li>suppressions: {@code -- miglint:ignore-file id} in its file, or {@code -- miglint:ignore id} before its
 *       statement, marks it suppressed ({@link SourceSuppressions});</li>
 *   <li>exclude: dropped when its file matches {@code exclude:};</li>
 *   <li>scope: dropped when outside what the user asked about ({@code --changed-since}, the files named on the
 *       command line, the gate's pending migrations);</li>
 *   <li>baseline: the findings a baseline knows are marked suppressed, and a notice is drafted for each entry that
 *       matches nothing; notices pass steps 1–3 like any draft;</li>
 * </ol>
 * then the findings are sorted in {@link Finding#REPORT_ORDER} for the reporters.
 *
 * <p>A stage is immutable; the {@code with…} methods return a changed copy.
 */
public final class FindingStage {

    /** The baseline step (see {@code io.miglint.report.Baseline}). */
    public interface BaselineStep {
        /**
         * @param findings the findings that passed the earlier steps
         * @return those findings, the ones the baseline knows now suppressed, and notice drafts for its entries that
         *         matched nothing and that this run could have matched
         */
        Result apply(List<Finding> findings);

        record Result(List<Finding> findings, List<Finding> notices) {}
    }

    private final RuleSelection selection;
    private final Map<Path, SourceSuppressions> sources;
    private final Predicate<Path> excluded;
    private final Predicate<Finding> inScope;
    private final BaselineStep baseline;

    private FindingStage(
            RuleSelection selection,
            Map<Path, SourceSuppressions> sources,
            Predicate<Path> excluded,
            Predicate<Finding> inScope,
            BaselineStep baseline) {
        this.selection = selection;
        this.sources = sources;
        this.excluded = excluded;
        this.inScope = inScope;
        this.baseline = baseline;
    }

    /** Selection, severities and suppressions only: nothing excluded, everything in scope, no baseline. */
    public static FindingStage of(RuleSelection selection) {
        return new FindingStage(selection, Map.of(), p -> false, f -> true, null);
    }

    /**
     * Files already parsed (by the lint engine), to look suppression comments up in; any other file a finding points
     * into is read when needed.
     */
    public FindingStage withSources(Map<Path, SourceSuppressions> parsed) {
        return new FindingStage(selection, Map.copyOf(parsed), excluded, inScope, baseline);
    }

    /** Drops findings in files {@code excluded} accepts ({@code exclude:}). */
    public FindingStage excluding(Predicate<Path> excluded) {
        return new FindingStage(selection, sources, excluded, inScope, baseline);
    }

    /** Keeps only the findings {@code inScope} accepts ({@code --changed-since}, the files named). */
    public FindingStage scopedTo(Predicate<Finding> inScope) {
        return new FindingStage(selection, sources, excluded, inScope, baseline);
    }

    public FindingStage withBaseline(BaselineStep step) {
        return new FindingStage(selection, sources, excluded, inScope, step);
    }

    public RuleSelection selection() {
        return selection;
    }

    /** Runs every step over {@code drafts}; the result is sorted for the reporters. */
    public List<Finding> run(List<Finding> drafts) {
        Map<Path, SourceSuppressions> read = new HashMap<>();
        List<Finding> kept = new ArrayList<>(drafts.size());
        for (Finding draft : drafts) {
            judge(draft, read)
                    .filter(f -> !excluded.test(f.location().file()) && inScope.test(f))
                    .ifPresent(kept::add);
        }
        if (baseline != null) {
            BaselineStep.Result b = baseline.apply(kept);
            kept = new ArrayList<>(b.findings());
            for (Finding notice : b.notices()) {
                judge(notice, read).ifPresent(kept::add);
            }
        }
        kept.sort(Finding.REPORT_ORDER);
        return List.copyOf(kept);
    }

    /** Steps 1–3: selection, severity, suppressions. Empty when the draft's id is not selected. */
    private Optional<Finding> judge(Finding draft, Map<Path, SourceSuppressions> read) {
        String id = draft.ruleId();
        if (!selection.isSelected(id)) {
            return Optional.empty();
        }
        Finding f = draft;
        Optional<Severity> set = selection.severitySetByUser(id);
        if (set.isPresent() && set.get() != f.severity()) {
            f = f.withSeverity(set.get());
        }
        if (!f.suppressed()) {
            Suppression s = suppressions(f, read).find(id, f.location());
            if (s != null) {
                f = f.withSuppression(s);
            }
        }
        return Optional.of(f);
    }

    private SourceSuppressions suppressions(Finding f, Map<Path, SourceSuppressions> read) {
        Path file = f.location().file();
        SourceSuppressions known = sources.get(file);
        if (known != null) {
            return known;
        }
        return read.computeIfAbsent(
                file,
                p -> java.nio.file.Files.isRegularFile(p)
                        ? SourceSuppressions.read(p, f.location().displayPath())
                        : SourceSuppressions.NONE);
    }
}
