package io.miglint.engine;

import io.miglint.diagnostic.ToolError;
import io.miglint.rule.Finding;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.Severity;
import java.util.List;

/**
 * Everything one run produced, handed to the reporters.
 *
 * @param findings     all findings, suppressed ones included (reporters decide whether to show them), sorted by file,
 *                     line, column, rule id
 * @param errors       tool errors (unreadable files, crashed rules)
 * @param rules        every rule that could report in this run (for SARIF {@code tool.driver.rules})
 * @param stats        per-folder statistics, empty unless asked for
 * @param exitCode     the process exit code this report leads to (SARIF {@code invocations[].exitCode})
 * @param filesChecked how many migration files were read (the "in 12 files" of every summary)
 * @param timings      per-statement durations when the verifier ran (JSON {@code timings}); empty otherwise
 */
public record LintReport(
        String toolVersion,
        List<Finding> findings,
        List<ToolError> errors,
        List<RuleDescriptor> rules,
        List<FolderStats> stats,
        int exitCode,
        int filesChecked,
        List<Timing> timings) {

    public LintReport(
            String toolVersion,
            List<Finding> findings,
            List<ToolError> errors,
            List<RuleDescriptor> rules,
            List<FolderStats> stats,
            int exitCode,
            int filesChecked) {
        this(toolVersion, findings, errors, rules, stats, exitCode, filesChecked, List.of());
    }

    /** Without an explicit file count: counts the files of {@code stats}. Prefer the canonical constructor. */
    public LintReport(
            String toolVersion,
            List<Finding> findings,
            List<ToolError> errors,
            List<RuleDescriptor> rules,
            List<FolderStats> stats,
            int exitCode) {
        this(
                toolVersion,
                findings,
                errors,
                rules,
                stats,
                exitCode,
                stats.stream().mapToInt(FolderStats::files).sum());
    }

    public List<Finding> active() {
        return findings.stream().filter(f -> !f.suppressed()).toList();
    }

    public long count(Severity severity) {
        return findings.stream()
                .filter(f -> !f.suppressed() && f.severity() == severity)
                .count();
    }

    public long suppressedCount() {
        return findings.stream().filter(Finding::suppressed).count();
    }

    public LintReport withFindings(List<Finding> replaced) {
        return new LintReport(toolVersion, replaced, errors, rules, stats, exitCode, filesChecked, timings);
    }
}
