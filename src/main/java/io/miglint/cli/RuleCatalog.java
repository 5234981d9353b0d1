package io.miglint.cli;

import io.miglint.report.Baseline;
import io.miglint.rule.Rule;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rules.RuleRegistry;
import io.miglint.verify.VerifyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every id miglint can report: the lint rules of the registry, plus the findings the verifier and the baseline
 * produce themselves (they are not lint rules, but users look them up the same way).
 */
public final class RuleCatalog {
    private RuleCatalog() {
    }

    /** Findings that come from a command rather than a lint rule. */
    public static List<RuleDescriptor> toolFindings() {
        List<RuleDescriptor> all = new ArrayList<>(VerifyRule.descriptors());
        all.add(Baseline.STALE);
        all.addAll(io.miglint.gate.GateRule.descriptors());
        return all;
    }

    public static List<RuleDescriptor> all() {
        List<RuleDescriptor> all = new ArrayList<>(RuleRegistry.instances().stream().map(Rule::descriptor).toList());
        all.addAll(toolFindings());
        return all;
    }

    public static Optional<RuleDescriptor> find(String id) {
        return all().stream().filter(d -> d.id().equals(id)).findFirst();
    }
}
