package io.miglint.verify;

import io.miglint.rule.Category;
import io.miglint.rule.Finding;
import io.miglint.rule.Location;
import io.miglint.rule.MigrationRef;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.Severity;
import java.util.Arrays;
import java.util.List;

/** The findings the verifier can report, with their metadata for reporters ({@link #descriptors()}). */
public enum VerifyRule {
    UP_FAILED("verify-up-failed", "The up migration fails on a real PostgreSQL", Severity.ERROR, false),
    DOWN_FAILED("verify-down-failed", "The down migration fails on a real PostgreSQL", Severity.ERROR, false),
    REAPPLY_FAILED("verify-reapply-failed", "The up migration fails when applied again after its down",
            Severity.ERROR, false),
    DOWN_INCOMPLETE("verify-down-incomplete", "The down migration does not restore the schema the up started from",
            Severity.ERROR, false),
    REAPPLY_DIFFERS("verify-reapply-differs", "Applying the up again produces a different schema than the first time",
            Severity.ERROR, false),
    DANGEROUS_LOCK("verify-dangerous-lock", "A statement takes a lock that blocks writes or reads on an existing "
            + "relation", Severity.WARNING, true),
    TABLE_REWRITE("verify-table-rewrite", "A statement rewrites an existing table or index", Severity.WARNING, true),
    PSQL_COMMAND_SKIPPED("verify-psql-command-skipped", "A psql meta-command was not run by the verifier",
            Severity.INFO, false),
    NEEDS_SUPERUSER("verify-needs-superuser", "A statement needs a superuser, so the verifier did not run it",
            Severity.WARNING, false),
    TIMEOUT("verify-timeout", "The verification's time limit ended a migration", Severity.ERROR, false);

    private final String id;
    private final String summary;
    private final Severity severity;
    private final boolean needsTraceLocks;

    VerifyRule(String id, String summary, Severity severity, boolean needsTraceLocks) {
        this.id = id;
        this.summary = summary;
        this.severity = severity;
        this.needsTraceLocks = needsTraceLocks;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    Finding finding(String message, String help, Location location, MigrationRef migration, String statementText) {
        return new Finding(id, severity, Redaction.redact(message), help, location, migration,
                statementText == null ? "" : statementText, null);
    }

    public RuleDescriptor descriptor() {
        return new RuleDescriptor(id, summary, severity, Category.VERIFY, "0.1.0", needsTraceLocks, 0, 99);
    }

    /** Every verifier rule; the trace-lock ones are marked opt-in (they need {@code --trace-locks}). */
    public static List<RuleDescriptor> descriptors() {
        return Arrays.stream(values()).map(VerifyRule::descriptor).toList();
    }
}
