package io.miglint.testing;

import io.miglint.rule.RuleOptions;
import java.util.List;
import java.util.Map;

/** Rule options from a map of dotted keys, as .miglint.yaml would give them, for rule tests. */
public record MapRuleOptions(Map<String, Object> values) implements RuleOptions {
    @Override
    public String string(String key, String defaultValue) {
        return values.containsKey(key) ? values.get(key).toString() : defaultValue;
    }

    @Override
    public int integer(String key, int defaultValue) {
        return values.containsKey(key) ? (Integer) values.get(key) : defaultValue;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> strings(String key, List<String> defaultValue) {
        return values.containsKey(key) ? (List<String>) values.get(key) : defaultValue;
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
        return values.containsKey(key) ? (Boolean) values.get(key) : defaultValue;
    }
}
