package io.miglint.rules;

import io.miglint.rule.Rule;
import java.util.List;

/**
 * Every rule, one line each, sorted by id. A test fails when a rule class is missing here or an id is reused.
 */
public final class RuleRegistry {
    private RuleRegistry() {
    }

    public static final List<Class<? extends Rule>> RULES = List.of(
            io.miglint.rules.pairing.DownEmpty.class,
            io.miglint.rules.syntax.SyntaxError.class,
            io.miglint.rules.tool.UnknownSuppression.class,
            io.miglint.rules.tool.UnrecognizedFile.class
    );

    public static List<Rule> instances() {
        return RULES.stream().map(RuleRegistry::instantiate).toList();
    }

    private static Rule instantiate(Class<? extends Rule> c) {
        try {
            return c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("rule " + c.getName() + " needs a public no-argument constructor", e);
        }
    }
}
