package io.miglint.rule;

import java.util.Comparator;

/**
 * One result. {@code message} states the consequence; {@code help} the safe alternative. {@code suppression} is null
 * unless silenced.
 *
 * <p>Its identity (baseline entries, SARIF fingerprints) is the rule, the file, {@code statementText} and {@code key},
 * never the message or the line: {@code statementText} is the normalised text of the statement it points at
 * (whitespace folded, comments removed), so the identity survives lines moving above it, and is empty for a finding
 * about a whole file; {@code key} is what the rule says tells two of its findings on the same statement or file
 * apart ({@link FindingDraft#key}), empty when one per statement or file is all there is.
 *
 * <p>Producers (the lint engine, the verifier, the gate) hand findings over as drafts: severity as the producer
 * chose it (the rule's default, or its own for that finding) and no suppression. The run's finding stage then applies
 * the user's selection, severities, suppressions, scope and baseline.
 */
public record Finding(
        String ruleId,
        Severity severity,
        String message,
        String help,
        Location location,
        MigrationRef migration,
        String statementText,
        Suppression suppression,
        String key,
        java.util.List<Related> related) {

    /**
     * Another place the finding is about, in the same file: the other statements of a finding told once for a whole
     * transaction block. SARIF's {@code relatedLocations}, JSON's {@code related}.
     */
    public record Related(Location location, String message) {}

    /** File, line, column, rule id: the order {@code LintReport} promises, whichever stages produced the findings. */
    public static final Comparator<Finding> REPORT_ORDER = Comparator.comparing(
                    (Finding f) -> f.location().displayPath())
            .thenComparingInt(f -> f.location().line())
            .thenComparingInt(f -> f.location().column())
            .thenComparing(Finding::ruleId);

    public Finding {
        statementText = statementText == null ? "" : statementText;
        key = key == null ? "" : key;
        related = related == null ? java.util.List.of() : java.util.List.copyOf(related);
    }

    /** Without other places. */
    public Finding(
            String ruleId,
            Severity severity,
            String message,
            String help,
            Location location,
            MigrationRef migration,
            String statementText,
            Suppression suppression,
            String key) {
        this(ruleId, severity, message, help, location, migration, statementText, suppression, key, null);
    }

    /** Without a key: one finding per statement (or per file) of its rule. */
    public Finding(
            String ruleId,
            Severity severity,
            String message,
            String help,
            Location location,
            MigrationRef migration,
            String statementText,
            Suppression suppression) {
        this(ruleId, severity, message, help, location, migration, statementText, suppression, "", null);
    }

    public Finding withSeverity(Severity s) {
        return new Finding(ruleId, s, message, help, location, migration, statementText, suppression, key, related);
    }

    public Finding withSuppression(Suppression s) {
        return new Finding(ruleId, severity, message, help, location, migration, statementText, s, key, related);
    }

    public boolean suppressed() {
        return suppression != null;
    }
}
