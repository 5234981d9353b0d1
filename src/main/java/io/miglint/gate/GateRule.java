package io.miglint.gate;

import io.miglint.rule.Category;
import io.miglint.rule.Finding;
import io.miglint.rule.Location;
import io.miglint.rule.MigrationRef;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.Severity;
import io.miglint.verify.Redaction;
import java.util.Arrays;
import java.util.List;

/** What {@code miglint gate} reports besides lint and verify findings; each id has a rules/&lt;id&gt;.md page. */
public enum GateRule {
    DIRTY("gate-dirty", "A migration is marked dirty or failed on the target"),
    EDITED("gate-edited", "An applied migration's file changed after it was applied"),
    MISSING_LOCALLY("gate-missing-locally", "The target records a migration that has no file here"),
    OUT_OF_ORDER("gate-out-of-order", "A pending migration is older than the newest applied one"),
    FAILED("gate-failed", "A migration failed when its applied history was replayed"),
    SCHEMA_DRIFT("schema-drift", "The target's schema differs from what its applied migrations produce");

    private final String id;
    private final String summary;

    GateRule(String id, String summary) {
        this.id = id;
        this.summary = summary;
    }

    public String id() {
        return id;
    }

    public RuleDescriptor descriptor() {
        return new RuleDescriptor(id, summary, Severity.ERROR, Category.GATE, "0.1.0", false, 0, 99);
    }

    public static List<RuleDescriptor> descriptors() {
        return Arrays.stream(values()).map(GateRule::descriptor).toList();
    }

    Finding finding(String message, String help, Location location, MigrationRef ref) {
        return new Finding(id, Severity.ERROR, Redaction.redact(message), help, location, ref, "", null);
    }
}
