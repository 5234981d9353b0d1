package io.miglint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The first sentence of helps miglint gives on real migrations (the corpus and migrations-samples/). */
class HelpSentenceTest {

    @Test
    void endsAtTheFirstFullStopBeforeACapital() {
        assertEquals(
                "First deploy code that no longer reads or writes verified_at; drop it in a later migration.",
                HelpSentence.first("First deploy code that no longer reads or writes verified_at; drop it in a later "
                        + "migration. Keep the data if it may be needed: `CREATE TABLE users_verified_at_backup AS "
                        + "SELECT id, verified_at FROM users;` (with the table's key in place of id)."));
    }

    @Test
    void codeSpansParenthesesAbbreviationsAndFileNamesDoNotEndIt() {
        String lockTimeout = "Put `SET lock_timeout = '5s';` (or `SET LOCAL lock_timeout = '5s';` inside the "
                + "transaction) before the first locking statement and retry the migration when it times out; if your "
                + "runner sets it for every session, set `lock-timeout: provided-by-runner` in .miglint.yaml.";
        assertEquals(lockTimeout, HelpSentence.first(lockTimeout));
        String vague = "Name the action and the object it changes, e.g. `add_orders_status`, `create_invoices_table`, "
                + "`drop_users_legacy_email`.";
        assertEquals(vague, HelpSentence.first(vague));
        String frozen = "Write `now()`, which is evaluated each time the definition is used (`CURRENT_TIMESTAMP` and "
                + "`CURRENT_DATE` are too).";
        assertEquals(frozen, HelpSentence.first(frozen));
        String length = "Name the action and its object in at most 5 words and move the details to a comment at the "
                + "top of the file; or set `naming.max-words` in .miglint.yaml if the project names migrations at "
                + "length.";
        assertEquals(length, HelpSentence.first(length));
    }

    @Test
    void aCodeSpanMaySpanLines() {
        String help = "Add a new column instead and move to it in steps: `UPDATE builds SET s_new = (CASE\n    WHEN s\n"
                + "        THEN 'success'::build_status\n    ELSE 'failure'::build_status\nEND) WHERE <key> BETWEEN … "
                + "AND …;` per batch. Then switch readers.";
        assertEquals(help.substring(0, help.indexOf(" Then")), HelpSentence.first(help));
    }

    @Test
    void aLineBreakOutsideCodeEndsIt() {
        assertEquals(
                "use CREATE INDEX CONCURRENTLY in a migration of its own:",
                HelpSentence.first(
                        "use CREATE INDEX CONCURRENTLY in a migration of its own:\nCREATE INDEX CONCURRENTLY idx ON t (id);"));
    }

    @Test
    void anUnclosedBacktickIsText() {
        assertEquals("Quote it with ` like this.", HelpSentence.first("Quote it with ` like this. Then go."));
    }
}
