package io.miglint.rule;

import io.miglint.model.ParsedStatement;

/**
 * Inspects one statement at a time, in script order. {@link RuleContext#schema()} is the schema as it stands just
 * before this statement runs. Rules return early when the statement is not their kind; Unparsed statements are
 * never handed to them.
 */
public non-sealed interface StatementRule extends Rule {
    void check(ParsedStatement statement, RuleContext ctx);
}
