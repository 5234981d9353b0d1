package io.miglint.gate;

import io.miglint.diagnostic.ToolError;
import io.miglint.rule.Finding;
import java.util.List;

/**
 * The database half of {@code miglint gate}: status problems, drift and the verification of the pending migrations.
 *
 * @param replayed how many applied migrations were replayed for the drift check
 */
public record GateOutcome(MigrationStatus status, List<Finding> findings, List<ToolError> errors, int replayed) {
    public GateOutcome {
        findings = List.copyOf(findings);
        errors = List.copyOf(errors);
    }
}
