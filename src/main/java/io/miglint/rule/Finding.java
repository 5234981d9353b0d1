package io.miglint.rule;

import java.util.Comparator;

/**
 * One result. {@code message} states the consequence; {@code help} the safe alternative. {@code statementText} is
 * the normalised text of the statement it points at (whitespace folded, comments removed), used for fingerprints that
 * survive lines moving above it; empty for file-level findings. {@code suppression} is null unless silenced.
 *
 * <p>Producers (the lint engine, the verifier, the gate) hand findings over as drafts: severity as the producer
 * chose it (the rule's default, or its own for that finding) and no suppression. The run's finding stage then applies
 * the user's selection, severities, suppressions, scope and baseline.
 */
public record Finding(String ruleId, Severity severity, String message, String help, Location location,
                      MigrationRef migration, String statementText, Suppression suppression) {

    /** File, line, column, rule id: the order {@code LintReport} promises, whichever stages produced the findings. */
    public static final Comparator<Finding> REPORT_ORDER =
            Comparator.comparing((Finding f) -> f.location().displayPath())
                    .thenComparingInt(f -> f.location().line()).thenComparingInt(f -> f.location().column())
                    .thenComparing(Finding::ruleId);

    public Finding withSeverity(Severity s) {
        return new Finding(ruleId, s, message, help, location, migration, statementText, suppression);
    }

    public Finding withSuppression(Suppression s) {
        return new Finding(ruleId, severity, message, help, location, migration, statementText, s);
    }

    public boolean suppressed() {
        return suppression != null;
    }
}
