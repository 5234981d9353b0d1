package io.miglint.rule;

/**
 * Inspects a whole script (one direction of one migration) after its statement rules ran; the schema is the state
 * after the script.
 */
public non-sealed interface ScriptRule extends Rule {
    void check(ScriptView script, RuleContext ctx);
}
