package io.miglint.rule;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One key a rule reads under {@code options: {rule-id: {key: value}}} in {@code .miglint.yaml}, declared in the rule's
 * {@link RuleInfo#options()}. The configuration is checked against these at load time: an undeclared key or a value
 * of the wrong type is a usage error at its line, never a setting silently ignored.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface RuleOption {
    /** The key, kebab-case ({@code max-statements}). */
    String name();

    Type type();

    /** One line: what it changes, and its default. */
    String description();

    /** The YAML value a key takes. */
    enum Type {
        INTEGER("a whole number"),
        STRING("a string"),
        STRINGS("a list of strings"),
        BOOLEAN("true or false");

        private final String words;

        Type(String words) {
            this.words = words;
        }

        /** How a message names it. */
        public String words() {
            return words;
        }
    }
}
