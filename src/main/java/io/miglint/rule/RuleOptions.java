package io.miglint.rule;

import java.util.List;

/**
 * Read access to configuration for rules, by dotted key ({@code naming.max-words},
 * {@code options.index-name-convention.template}). Unset keys give the default.
 */
public interface RuleOptions {
    String string(String key, String defaultValue);

    int integer(String key, int defaultValue);

    List<String> strings(String key, List<String> defaultValue);

    boolean bool(String key, boolean defaultValue);

    RuleOptions EMPTY = new RuleOptions() {
        @Override
        public String string(String key, String defaultValue) {
            return defaultValue;
        }

        @Override
        public int integer(String key, int defaultValue) {
            return defaultValue;
        }

        @Override
        public List<String> strings(String key, List<String> defaultValue) {
            return defaultValue;
        }

        @Override
        public boolean bool(String key, boolean defaultValue) {
            return defaultValue;
        }
    };
}
