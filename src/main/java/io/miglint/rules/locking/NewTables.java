package io.miglint.rules.locking;

import io.miglint.model.QualifiedName;
import io.miglint.rule.RuleContext;

/** Tables nobody can have filled or be using yet when the statement runs. */
final class NewTables {
    private NewTables() {
    }

    /**
     * Created by an earlier script of the same version (the schema model's "current script" spans the scripts of one
     * version): MusicBrainz creates a release's tables in one script and adds their keys in the next.
     */
    static boolean createdEarlierInVersion(RuleContext ctx, QualifiedName table) {
        return table != null && ctx.schema().tableCreatedInCurrentScript(table);
    }
}
