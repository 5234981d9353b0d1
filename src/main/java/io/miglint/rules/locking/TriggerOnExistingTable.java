package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import io.miglint.rules.SchemaChanges;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * CREATE TRIGGER and ALTER TABLE … ENABLE/DISABLE TRIGGER take SHARE ROW EXCLUSIVE on the table, DROP TRIGGER takes
 * ACCESS EXCLUSIVE (https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES; DROP TRIGGER
 * measured on PostgreSQL 15 through pg_locks). The change itself is instant, but the request waits behind every open
 * transaction that wrote to the table and every later write queues behind it; lock_timeout bounds that wait.
 * lock-timeout-missing reports only the first unguarded lock of a script, so trigger statements after it stay silent
 * there. Reported once per table and script, where no lock_timeout is in effect.
 */
@RuleInfo(id = "trigger-on-existing-table", summary = "Trigger DDL locks an existing table with no lock_timeout set",
        severity = Severity.WARNING, category = Category.LOCKING)
public final class TriggerOnExistingTable implements ScriptRule {
    @Override
    public void check(ScriptView script, RuleContext ctx) {
        if (ctx.options().string("lock-timeout", "required").equals("provided-by-runner")) {
            return;
        }
        boolean[] guarded = TimeoutGuard.setAt(script, "lock_timeout");
        Optional<ParsedStatement> reported = TimeoutGuard.firstUnguarded(script, "lock_timeout")
                .map(TimeoutGuard::statement);
        Optional<SchemaChanges> up = SchemaChanges.upOf(script);
        Set<String> done = new HashSet<>();
        for (ParsedStatement s : script.statements()) {
            Trigger t = triggerDdl(s.node());
            if (t == null || t.table() == null || guarded[s.index()]
                    || script.tableCreatedBefore(t.table(), s.index()) || undoesUp(up, t)
                    || reported.filter(r -> r == s).isPresent() || !done.add(t.table().key())) {
                continue;
            }
            ctx.report(s, t.verb() + " on " + t.table() + " takes " + t.lock() + " lock with no lock_timeout: it waits "
                            + "behind every open transaction on " + t.table() + ", and every write"
                            + (t.lock().startsWith("an") ? " and read" : "") + " to " + t.table()
                            + " queues behind it until the migration commits")
                    .help("Put `SET lock_timeout = '5s';` (or `SET LOCAL lock_timeout = '5s';` inside the "
                            + "transaction) before it, keep the trigger change in a short transaction of its own, and "
                            + "retry the migration when it times out.");
        }
    }

    /** @param name the trigger's name, null for ENABLE/DISABLE TRIGGER ALL/USER */
    private record Trigger(QualifiedName table, String name, String verb, String lock, boolean create) {
    }

    private static Trigger triggerDdl(Statement n) {
        if (n instanceof Statement.CreateTrigger ct) {
            return new Trigger(ct.table(), ct.name(), "creating trigger " + ct.name(),
                    "a " + TableLock.SHARE_ROW_EXCLUSIVE, true);
        }
        if (n instanceof Statement.Drop d && d.kind() == ObjectKind.TRIGGER && !d.names().isEmpty()) {
            String name = d.names().get(0).name();
            return new Trigger(d.onTable(), name, "dropping trigger " + name, "an " + TableLock.ACCESS_EXCLUSIVE,
                    false);
        }
        if (n instanceof Statement.AlterTable at) {
            for (AlterAction a : at.actions()) {
                if (a instanceof AlterAction.Other o) {
                    String text = o.text().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
                    if (text.matches("(enable|disable) (always |replica )?trigger .*")) {
                        return new Trigger(at.table(), null, text.startsWith("enable") ? "enabling a trigger"
                                : "disabling a trigger", "a " + TableLock.SHARE_ROW_EXCLUSIVE, false);
                    }
                }
            }
        }
        return null;
    }

    /** A down that removes or restores a trigger its own up created or dropped, or works on a table the up made. */
    private static boolean undoesUp(Optional<SchemaChanges> up, Trigger t) {
        if (up.isEmpty()) {
            return false;
        }
        SchemaChanges u = up.get();
        SchemaChanges.DbObject trigger = new SchemaChanges.DbObject(ObjectKind.TRIGGER, t.name(), t.table().key());
        return u.createsTable(t.table()) || t.name() != null && (u.creates(trigger) || u.dropped().contains(trigger));
    }
}
