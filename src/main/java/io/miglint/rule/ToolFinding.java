package io.miglint.rule;

/**
 * The finding ids no lint rule class declares: what the verifier, the release gate and the baseline report. With the
 * lint rules' {@link RuleInfo}, these are every id miglint reports ({@link Catalog}); each has its page
 * rules/&lt;id&gt;.md like a lint rule, and is selected, given a severity and suppressed the same way.
 */
public enum ToolFinding {
    VERIFY_UP_FAILED(
            "verify-up-failed",
            "The up migration fails on a real PostgreSQL",
            Severity.ERROR,
            FindingSource.VERIFY,
            false),
    VERIFY_DOWN_FAILED(
            "verify-down-failed",
            "The down migration fails on a real PostgreSQL",
            Severity.ERROR,
            FindingSource.VERIFY,
            false),
    VERIFY_REAPPLY_FAILED(
            "verify-reapply-failed",
            "The up migration fails when applied again after its down",
            Severity.ERROR,
            FindingSource.VERIFY,
            false),
    VERIFY_DOWN_INCOMPLETE(
            "verify-down-incomplete",
            "The down migration does not restore the schema the up started " + "from",
            Severity.ERROR,
            FindingSource.VERIFY,
            false),
    VERIFY_REAPPLY_DIFFERS(
            "verify-reapply-differs",
            "Applying the up again produces a different schema than the " + "first time",
            Severity.ERROR,
            FindingSource.VERIFY,
            false),
    /** Opt-in: only lock tracing ({@code --trace-locks}, or enabling the id) observes it. */
    VERIFY_DANGEROUS_LOCK(
            "verify-dangerous-lock",
            "A statement takes a lock that blocks writes or reads on an " + "existing relation",
            Severity.WARNING,
            FindingSource.VERIFY,
            true),
    /** Opt-in: only lock tracing ({@code --trace-locks}, or enabling the id) observes it. */
    VERIFY_TABLE_REWRITE(
            "verify-table-rewrite",
            "A statement rewrites an existing table or index",
            Severity.WARNING,
            FindingSource.VERIFY,
            true),
    VERIFY_PSQL_COMMAND_SKIPPED(
            "verify-psql-command-skipped",
            "A psql meta-command was not run by the verifier",
            Severity.INFO,
            FindingSource.VERIFY,
            false),
    VERIFY_NEEDS_SUPERUSER(
            "verify-needs-superuser",
            "A statement needs a superuser, so the verifier did not run it",
            Severity.WARNING,
            FindingSource.VERIFY,
            false),
    VERIFY_TIMEOUT(
            "verify-timeout",
            "The verification's time limit ended a migration",
            Severity.ERROR,
            FindingSource.VERIFY,
            false),
    BASELINE_STALE(
            "baseline-stale",
            "Baseline entry matches no finding any more",
            Severity.INFO,
            FindingSource.BASELINE,
            false),
    GATE_DIRTY(
            "gate-dirty",
            "A migration is marked dirty or failed on the target",
            Severity.ERROR,
            FindingSource.GATE,
            false),
    GATE_EDITED(
            "gate-edited",
            "An applied migration's file changed after it was applied",
            Severity.ERROR,
            FindingSource.GATE,
            false),
    GATE_MISSING_LOCALLY(
            "gate-missing-locally",
            "The target records a migration that has no file here",
            Severity.ERROR,
            FindingSource.GATE,
            false),
    GATE_OUT_OF_ORDER(
            "gate-out-of-order",
            "A pending migration is older than the newest applied one",
            Severity.ERROR,
            FindingSource.GATE,
            false),
    GATE_FAILED(
            "gate-failed",
            "A migration failed when its applied history was replayed",
            Severity.ERROR,
            FindingSource.GATE,
            false),
    SCHEMA_DRIFT(
            "schema-drift",
            "The target's schema differs from what its applied migrations produce",
            Severity.ERROR,
            FindingSource.GATE,
            false),
    GATE_REPLAY_VERSION(
            "gate-replay-version",
            "The drift check replayed on another PostgreSQL major than the " + "target's",
            Severity.INFO,
            FindingSource.GATE,
            false);

    private final RuleDescriptor descriptor;
    private final FindingSource source;

    ToolFinding(String id, String summary, Severity severity, FindingSource source, boolean optIn) {
        Category category = switch (source) {
            case VERIFY -> Category.VERIFY;
            case GATE -> Category.GATE;
            case BASELINE, LINT -> Category.TOOL;
        };
        this.descriptor = new RuleDescriptor(id, summary, severity, category, "0.1.0", optIn, 0, 99);
        this.source = source;
    }

    public String id() {
        return descriptor.id();
    }

    public Severity severity() {
        return descriptor.defaultSeverity();
    }

    public RuleDescriptor descriptor() {
        return descriptor;
    }

    public FindingSource source() {
        return source;
    }
}
