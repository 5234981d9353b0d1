package io.miglint.cli;

import io.miglint.rule.FindingSource;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rules.registry.RuleRegistry;
import java.util.List;
import java.util.Optional;

/**
 * The descriptors of {@link RuleRegistry#catalog()}, the one catalog of every id miglint reports (lint rules, the
 * verifier's, the gate's and the baseline's), for commands and documentation.
 */
public final class RuleCatalog {
    private RuleCatalog() {}

    /** Findings that come from a command rather than a lint rule. */
    public static List<RuleDescriptor> toolFindings() {
        return RuleRegistry.catalog().entries().stream()
                .filter(e -> e.source() != FindingSource.LINT)
                .map(e -> e.descriptor())
                .toList();
    }

    public static List<RuleDescriptor> all() {
        return RuleRegistry.catalog().descriptors();
    }

    public static Optional<RuleDescriptor> find(String id) {
        return RuleRegistry.catalog().find(id).map(e -> e.descriptor());
    }
}
