package io.miglint.verify;

import io.miglint.diagnostic.ToolError;
import io.miglint.rule.Finding;
import java.util.List;

/**
 * What a verification run produced.
 *
 * @param findings verify-* findings in migration order
 * @param errors   problems of the tool (an unreadable file, a lost connection); the run continues with the next set
 * @param timings  per statement (or per single-query script), in execution order
 */
public record VerifyOutcome(List<Finding> findings, List<ToolError> errors, List<StatementTiming> timings) {
    public VerifyOutcome {
        findings = List.copyOf(findings);
        errors = List.copyOf(errors);
        timings = List.copyOf(timings);
    }
}
