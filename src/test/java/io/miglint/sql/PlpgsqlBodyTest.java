package io.miglint.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlpgsqlBodyTest {
    private static PlpgsqlBody.Walk walk(String body) {
        return PlpgsqlBody.walk(
                Lexer.lex(body).stream().filter(t -> !t.isComment()).toList());
    }

    /** Each kept statement as its first word, with '?' when conditional. */
    private static List<String> kept(PlpgsqlBody.Walk w) {
        return w.pieces().stream()
                .map(p -> (p.execute() ? "execute" : p.first().lower()) + (p.conditional() ? "?" : ""))
                .toList();
    }

    @Test
    void controlStructureIsWalkedAndOnlySqlCommandsAreKept() {
        PlpgsqlBody.Walk w = walk("""
                <<main>>
                DECLARE
                    c CURSOR FOR SELECT id FROM t;
                    i int := 0;
                BEGIN
                    ALTER TABLE a ADD COLUMN x int;
                    CASE i
                        WHEN 0 THEN UPDATE a SET x = 0;
                        ELSE DELETE FROM a WHERE x IS NULL;
                    END CASE;
                    WHILE i < 3 LOOP
                        i := i + 1;
                        EXIT WHEN i > 2;
                        INSERT INTO a (x) VALUES (i);
                    END LOOP;
                    FOREACH i IN ARRAY ARRAY[1, 2] LOOP
                        PERFORM pg_notify('c', i::text);
                    END LOOP;
                    FOR r IN EXECUTE 'SELECT 1' LOOP
                        NULL;
                    END LOOP main;
                    DECLARE
                        n int;
                    BEGIN
                        GET DIAGNOSTICS n = ROW_COUNT;
                        RAISE NOTICE '%', n;
                        CREATE INDEX a_x ON a (x);
                    END;
                    SELECT 1 INTO i;
                    RETURN;
                    EXECUTE 'DROP TABLE b' USING i;
                    COMMENT ON TABLE a IS 'x';
                END main;
                """);
        assertEquals(List.of("alter", "update?", "delete?", "insert?", "create", "execute", "comment"), kept(w));
        assertEquals(List.of(), w.handlers());
    }

    @Test
    void handlersKnowTheirConditionsWhetherTheyAreQuietAndWhatTheyGuard() {
        PlpgsqlBody.Walk w = walk("""
                BEGIN
                    UPDATE a SET x = 1;
                    BEGIN
                        ALTER TABLE a ADD CONSTRAINT c CHECK (x > 0);
                        EXECUTE stmt;
                    EXCEPTION
                        WHEN duplicate_object OR duplicate_table THEN NULL;
                        WHEN others THEN RAISE WARNING 'skipped: %', SQLERRM;
                    END;
                EXCEPTION WHEN others THEN
                    IF true THEN NULL; END IF;
                END
                """);
        assertEquals(List.of("update?", "alter?", "execute?"), kept(w));
        assertEquals(3, w.handlers().size());
        PlpgsqlBody.Handler narrow = w.handlers().get(0);
        assertEquals(List.of("duplicate_object", "duplicate_table"), narrow.conditions());
        assertEquals(2, narrow.guarded().size());
        PlpgsqlBody.Handler quiet = w.handlers().get(1);
        assertEquals(List.of("others"), quiet.conditions());
        assertEquals(true, quiet.quiet());
        PlpgsqlBody.Handler outer = w.handlers().get(2);
        assertEquals(false, outer.quiet(), "a handler that branches does work of its own");
        assertEquals(3, outer.guarded().size());
    }

    @Test
    void transactionControlIsFoundButNotKept() {
        PlpgsqlBody.Walk w = walk("BEGIN UPDATE a SET x = 1; COMMIT; IF y THEN ROLLBACK; END IF; END");
        assertEquals(List.of("update"), kept(w));
        assertEquals(
                List.of("COMMIT", "ROLLBACK"),
                w.transactionControl().stream().map(Token::value).toList());
    }

    @Test
    void textTheWalkerDoesNotFollowEndsTheWalkWithWhatWasFound() {
        assertEquals(List.of("alter"), kept(walk("BEGIN ALTER TABLE a ADD COLUMN x int; IF x THEN")));
        assertEquals(List.of(), kept(walk("")));
        String deep = "BEGIN ALTER TABLE a ADD COLUMN x int; " + "BEGIN ".repeat(100_000) + "DROP TABLE b;"
                + " END;".repeat(100_000) + " END";
        assertEquals(List.of("alter"), kept(walk(deep)), "nesting past the limit ends the walk, never the stack");
    }
}
