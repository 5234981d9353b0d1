package io.miglint.rule;

/**
 * A lint rule: one final, stateless class carrying {@link RuleInfo}, implementing exactly one of
 * {@link StatementRule}, {@link ScriptRule} or {@link SetRule}, and listed in {@code io.miglint.rules.registry.RuleRegistry}.
 */
public sealed interface Rule permits StatementRule, ScriptRule, SetRule {

    default RuleDescriptor descriptor() {
        return RuleDescriptor.of(getClass());
    }
}
