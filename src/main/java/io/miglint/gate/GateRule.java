package io.miglint.gate;

import io.miglint.rule.Finding;
import io.miglint.rule.Location;
import io.miglint.rule.MigrationRef;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.ToolFinding;
import io.miglint.verify.Redaction;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code miglint gate} reports besides lint and verify findings. Ids and metadata are declared in
 * {@link ToolFinding}; each id has a rules/&lt;id&gt;.md page.
 */
public enum GateRule {
    DIRTY(ToolFinding.GATE_DIRTY),
    EDITED(ToolFinding.GATE_EDITED),
    MISSING_LOCALLY(ToolFinding.GATE_MISSING_LOCALLY),
    OUT_OF_ORDER(ToolFinding.GATE_OUT_OF_ORDER),
    FAILED(ToolFinding.GATE_FAILED),
    SCHEMA_DRIFT(ToolFinding.SCHEMA_DRIFT),
    REPLAY_VERSION(ToolFinding.GATE_REPLAY_VERSION);

    private final ToolFinding declared;

    GateRule(ToolFinding declared) {
        this.declared = declared;
    }

    public String id() {
        return declared.id();
    }

    public RuleDescriptor descriptor() {
        return declared.descriptor();
    }

    public static List<RuleDescriptor> descriptors() {
        return Arrays.stream(values()).map(GateRule::descriptor).toList();
    }

    Finding finding(String message, String help, Location location, MigrationRef ref) {
        return new Finding(id(), declared.severity(), Redaction.redact(message), help, location, ref, "", null);
    }
}
