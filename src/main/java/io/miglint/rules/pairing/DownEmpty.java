package io.miglint.rules.pairing;

import io.miglint.layout.LayoutKind;
import io.miglint.model.ParsedStatement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import io.miglint.sql.Span;

/**
 * An empty down is an irreversible migration that does not say so. Diesel refuses to run an empty migration
 * file; the other tools run it as a no-op, so there it is only worth a note.
 */
@RuleInfo(id = "down-empty", summary = "Down migration contains no statement", severity = Severity.INFO,
        category = Category.PAIRING)
public final class DownEmpty implements ScriptRule {
    @Override
    public void check(ScriptView script, RuleContext ctx) {
        if (!script.isDown() || script.statements().stream().anyMatch(ParsedStatement::isSql)) {
            return;
        }
        int start = script.script().start();
        Span at = script.source().span(start, start);
        boolean toolAccepts = script.layout() != LayoutKind.DIESEL;
        ctx.report(at, toolAccepts
                        ? "the down does nothing: rolling back leaves this migration's changes in place while the "
                        + "tool records it as reverted"
                        : "the down is empty: diesel refuses to run an empty migration, so the rollback fails")
                .help("Write the statements that undo the up, or, if the change cannot be undone, say so in a "
                        + "comment and make the down fail loudly (e.g. `DO $$ BEGIN RAISE EXCEPTION 'irreversible'; "
                        + "END $$;`).")
                .severity(toolAccepts ? Severity.INFO : Severity.WARNING);
    }
}
