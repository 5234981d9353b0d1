package io.miglint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.parse.StatementParser;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NestedStatementsTest {
    private final StatementParser parser = new StatementParser();

    /** Every top-level statement followed by what its DO block runs, as the engine lists them. */
    private List<ParsedStatement> read(String sql) {
        List<ParsedStatement> out = new ArrayList<>();
        NestedStatements nested = new NestedStatements(parser);
        // one instance per file, as the engine does
        for (RawStatement raw :
                StatementSplitter.split(new SourceText("t.sql", sql)).statements()) {
            ParsedStatement p = parser.parse(raw, out.size());
            out.add(p);
            out.addAll(nested.of(p));
        }
        return out;
    }

    private static String at(ParsedStatement p) {
        return p.span().line() + ":" + p.span().column();
    }

    @Test
    void statementsOfTheBodyKeepTheirPositionInTheFile() {
        List<ParsedStatement> all = read("""
                SELECT 1;
                DO $$
                DECLARE
                    n int := 0;
                BEGIN
                    n := n + 1;
                    RAISE NOTICE 'step %', n;
                    ALTER TABLE orders ADD COLUMN note text;
                  PERFORM pg_sleep(0);   CREATE INDEX orders_note ON orders (note);
                END $$;
                ALTER TABLE orders DROP COLUMN legacy;
                """);
        assertEquals(5, all.size());
        assertInstanceOf(Statement.DoBlock.class, all.get(1).node());
        assertInstanceOf(Statement.AlterTable.class, all.get(2).node());
        assertEquals("8:5", at(all.get(2)));
        assertEquals(
                "ALTER TABLE orders ADD COLUMN note text;", all.get(2).raw().text());
        assertInstanceOf(Statement.CreateIndex.class, all.get(3).node());
        assertEquals("9:26", at(all.get(3)));
        assertTrue(all.get(2).isNested() && !all.get(2).isConditional());
        assertFalse(all.get(4).isNested());
        assertEquals("11:1", at(all.get(4)));
    }

    @Test
    void aTaggedBodyHoldsDollarQuotedExecuteTextAndAnotherBlock() {
        List<ParsedStatement> all = read("""
                DO $body$
                BEGIN
                    EXECUTE $$ALTER TABLE orders ADD COLUMN a int$$;
                    EXECUTE $x$DO $$ BEGIN DROP TABLE old_orders; END $$$x$;
                END $body$;
                """);
        assertEquals(
                List.of("DoBlock", "AlterTable", "DoBlock", "Drop"),
                all.stream().map(p -> p.node().getClass().getSimpleName()).toList());
        assertEquals("3:15", at(all.get(1)));
        assertEquals("4:28", at(all.get(3)));
        assertTrue(all.get(1).nesting().orElseThrow().dynamic());
        assertEquals(all.get(0).raw(), all.get(3).nesting().orElseThrow().block());
    }

    @Test
    void executeOfStringLiteralsReadsDoubledQuotesAndConcatenation() {
        List<ParsedStatement> all = read("""
                DO $$ BEGIN
                  EXECUTE 'ALTER TABLE orders ADD COLUMN note text DEFAULT ''n/a''';
                  EXECUTE 'ALTER TABLE orders ' || 'DROP COLUMN legacy';
                  EXECUTE 'UPDATE orders SET note = ''it''''s''';
                  EXECUTE 'ALTER TABLE ' || quote_ident(t) || ' ADD COLUMN x int';
                  EXECUTE format('DROP TABLE %I', t);
                END $$;
                """);
        assertEquals(3, all.size(), "the escaped quote, a non-literal part and format() are left alone");
        Statement.AlterTable add = (Statement.AlterTable) all.get(1).node();
        assertEquals("2:12", at(all.get(1)));
        AlterAction.AddColumn column = (AlterAction.AddColumn) add.actions().get(0);
        assertEquals("'n/a'", column.column().defaultExpr().text());
        Statement.AlterTable drop = (Statement.AlterTable) all.get(2).node();
        assertEquals("3:12", at(all.get(2)));
        assertInstanceOf(AlterAction.DropColumn.class, drop.actions().get(0));
    }

    @Test
    void aBlockThatOnlyMovesDataYieldsItsDataStatementsWithoutPlpgsqlInto() {
        List<ParsedStatement> all = read("""
                DO $$
                DECLARE
                    r record;
                    new_id bigint;
                BEGIN
                    FOR r IN SELECT * FROM schedule LOOP
                        INSERT INTO execution (vendor_id) VALUES (r.id) RETURNING id INTO new_id;
                        IF r.status = 'Pending' THEN
                            UPDATE task SET status_code = 0 WHERE execution_id = new_id;
                        ELSIF r.status = 'Done' THEN
                            status := 3;
                        ELSE
                            DELETE FROM task WHERE execution_id = new_id;
                        END IF;
                    END LOOP;
                    SELECT count(*) INTO n FROM task;
                    UPDATE schedule SET migrated = true;
                END $$;
                """);
        assertEquals(
                List.of("DoBlock", "Insert", "Update", "Delete", "Update"),
                all.stream().map(p -> p.node().getClass().getSimpleName()).toList());
        assertEquals(
                "INSERT INTO execution (vendor_id) VALUES (r.id) RETURNING id",
                all.get(1).raw().text());
        assertTrue(all.get(1).isConditional()
                && all.get(2).isConditional()
                && all.get(3).isConditional());
        assertFalse(all.get(4).isConditional());
        assertEquals("17:5", at(all.get(4)));
    }

    @Test
    void guardsWrittenInPlpgsqlMarkTheirStatementsConditional() {
        List<ParsedStatement> all = read("""
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE column_name = 'note') THEN
                        ALTER TABLE orders ADD COLUMN note text;
                    END IF;
                    BEGIN
                        CREATE TYPE mood AS ENUM ('happy');
                    EXCEPTION WHEN duplicate_object THEN NULL;
                    END;
                    <<outer>>
                    BEGIN
                        CREATE TABLE audit (id int);
                    END outer;
                END $$;
                """);
        assertEquals(
                List.of(true, true, false),
                all.subList(1, 4).stream().map(ParsedStatement::isConditional).toList());
        assertEquals("12:9", at(all.get(3)));
    }

    @Test
    void aFileOfManyBlocksStopsReadingThemPastItsBudget() {
        String block = "DO $$ BEGIN UPDATE orders SET note = 'x' WHERE id = 1; END $$;\n";
        int count = 9_000;
        List<ParsedStatement> all = read(block.repeat(count));
        long expanded = all.stream().filter(ParsedStatement::isNested).count();
        assertTrue(all.get(1).isNested(), "the first blocks are read");
        assertTrue(expanded > 0 && expanded < count, "read " + expanded);
        long cost = 0;
        for (int i = 1; i <= expanded; i++) {
            cost += (long) i * block.length() - 1;
        }
        assertTrue(cost <= NestedStatements.BUDGET, "no more than the budget is spent");
        assertFalse(all.get(all.size() - 1).isNested(), "the last block stays opaque");
    }

    @Test
    void otherLanguagesFunctionBodiesAndUnreadableTextAddNothing() {
        List<ParsedStatement> all = read("""
                DO LANGUAGE plpython3u $$ plpy.execute("DROP TABLE t") $$;
                CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DROP TABLE t; END $$;
                DO $$ BEGIN COMMIT; SELECT 1 INTO x; UPDATE ((; END $$;
                """);
        assertEquals(
                List.of("DoBlock", "CreateFunction", "DoBlock"),
                all.stream().map(p -> p.node().getClass().getSimpleName()).toList());
    }
}
