package io.miglint.verify;

import io.miglint.rule.Finding;
import io.miglint.rule.Location;
import io.miglint.rule.MigrationRef;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.Severity;
import io.miglint.rule.ToolFinding;
import java.util.Arrays;
import java.util.List;

/**
 * The findings the verifier reports. Their ids and metadata are declared in {@link ToolFinding} with every other id;
 * the verifier produces drafts (the finding stage applies selection, severities and suppressions).
 */
public enum VerifyRule {
    UP_FAILED(ToolFinding.VERIFY_UP_FAILED),
    DOWN_FAILED(ToolFinding.VERIFY_DOWN_FAILED),
    REAPPLY_FAILED(ToolFinding.VERIFY_REAPPLY_FAILED),
    DOWN_INCOMPLETE(ToolFinding.VERIFY_DOWN_INCOMPLETE),
    REAPPLY_DIFFERS(ToolFinding.VERIFY_REAPPLY_DIFFERS),
    DANGEROUS_LOCK(ToolFinding.VERIFY_DANGEROUS_LOCK),
    TABLE_REWRITE(ToolFinding.VERIFY_TABLE_REWRITE),
    PSQL_COMMAND_SKIPPED(ToolFinding.VERIFY_PSQL_COMMAND_SKIPPED),
    NEEDS_SUPERUSER(ToolFinding.VERIFY_NEEDS_SUPERUSER),
    TIMEOUT(ToolFinding.VERIFY_TIMEOUT);

    /** The ids only lock tracing observes. */
    public static final List<String> TRACE_LOCK_IDS = List.of(DANGEROUS_LOCK.id(), TABLE_REWRITE.id());

    private final ToolFinding declared;

    VerifyRule(ToolFinding declared) {
        this.declared = declared;
    }

    public String id() {
        return declared.id();
    }

    public Severity severity() {
        return declared.severity();
    }

    Finding finding(String message, String help, Location location, MigrationRef migration, String statementText) {
        return new Finding(
                id(),
                severity(),
                Redaction.redact(message),
                help,
                location,
                migration,
                statementText == null ? "" : statementText,
                null);
    }

    public RuleDescriptor descriptor() {
        return declared.descriptor();
    }

    /** Every verifier id; the trace-lock ones are opt-in (they need {@code --trace-locks}). */
    public static List<RuleDescriptor> descriptors() {
        return Arrays.stream(values()).map(VerifyRule::descriptor).toList();
    }
}
