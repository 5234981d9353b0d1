package io.miglint.gate;

import io.miglint.diagnostic.ToolError;
import io.miglint.rule.Finding;
import java.util.List;

/**
 * The database half of {@code miglint gate}: status problems, drift and the verification of the pending migrations.
 *
 * @param replayed      how many applied migrations were replayed for the drift check
 * @param targetVersion the target's server_version_num (150020 for 15.20)
 * @param replayVersion the server_version_num of the server the replay ran on: the target's major unless it could
 *                      not be had (a gate-replay-version finding then says why)
 */
public record GateOutcome(
        MigrationStatus status,
        List<Finding> findings,
        List<ToolError> errors,
        int replayed,
        int targetVersion,
        int replayVersion) {
    public GateOutcome {
        findings = List.copyOf(findings);
        errors = List.copyOf(errors);
    }

    /** The target's major version: 15 for 15.20. */
    public int targetMajor() {
        return targetVersion / 10000;
    }
}
