package io.miglint.rules.transactions;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.Statement.Transaction.TxKind;
import io.miglint.rule.ScriptView;
import java.util.Optional;

/** The explicit BEGIN written in a script that is still open at a statement. */
final class OpenTransaction {
    private OpenTransaction() {}

    static Optional<ParsedStatement> explicitBegin(ScriptView script, ParsedStatement at) {
        ParsedStatement open = null;
        for (ParsedStatement s : script.statements()) {
            if (s.index() >= at.index()) {
                break;
            }
            if (s.node() instanceof Statement.Transaction t) {
                if (t.kind() == TxKind.BEGIN && open == null) {
                    open = s;
                } else if (t.kind() == TxKind.COMMIT || t.kind() == TxKind.ROLLBACK || t.kind() == TxKind.PREPARE) {
                    open = null;
                }
            }
        }
        return Optional.ofNullable(open);
    }

    static boolean endsTransaction(Statement node) {
        return node instanceof Statement.Transaction t
                && (t.kind() == TxKind.COMMIT || t.kind() == TxKind.ROLLBACK || t.kind() == TxKind.PREPARE);
    }
}
