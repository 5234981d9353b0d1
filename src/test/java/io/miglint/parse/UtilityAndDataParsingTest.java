package io.miglint.parse;

import static io.miglint.parse.Parsing.node;
import static io.miglint.parse.Parsing.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.ParsedStatement.Origin;
import io.miglint.model.Statement;
import io.miglint.model.Statement.Transaction.TxKind;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import java.util.List;
import org.junit.jupiter.api.Test;

class UtilityAndDataParsingTest {

    @Test
    void transactions() {
        assertEquals(TxKind.BEGIN, node("BEGIN", Statement.Transaction.class).kind());
        assertEquals(
                TxKind.BEGIN,
                node("BEGIN ISOLATION LEVEL SERIALIZABLE", Statement.Transaction.class)
                        .kind());
        assertEquals(
                TxKind.BEGIN,
                node("START TRANSACTION", Statement.Transaction.class).kind());
        assertEquals(TxKind.COMMIT, node("COMMIT", Statement.Transaction.class).kind());
        assertEquals(TxKind.COMMIT, node("END", Statement.Transaction.class).kind());
        assertEquals(
                TxKind.ROLLBACK, node("ROLLBACK", Statement.Transaction.class).kind());
        assertEquals(
                TxKind.ROLLBACK_TO,
                node("ROLLBACK TO SAVEPOINT sp", Statement.Transaction.class).kind());
        assertEquals(
                TxKind.SAVEPOINT,
                node("SAVEPOINT sp", Statement.Transaction.class).kind());
        assertEquals(
                TxKind.RELEASE,
                node("RELEASE SAVEPOINT sp", Statement.Transaction.class).kind());
        // a savepoint named savepoint, as PostgreSQL reads these (a mutant the differential test drew)
        assertEquals(
                TxKind.RELEASE,
                node("RELEASE SAVEPOINT", Statement.Transaction.class).kind());
        assertEquals(
                TxKind.RELEASE,
                node("RELEASE savepoint", Statement.Transaction.class).kind());
        assertEquals(
                TxKind.ROLLBACK_TO,
                node("ROLLBACK TO SAVEPOINT", Statement.Transaction.class).kind());
    }

    @Test
    void setAndReset() {
        Statement.SetParameter s = node("SET lock_timeout TO '5s'", Statement.SetParameter.class);
        assertEquals("lock_timeout", s.name());
        assertEquals("'5s'", s.value());
        assertFalse(s.local());
        Statement.SetParameter local = node("SET LOCAL statement_timeout = 0", Statement.SetParameter.class);
        assertTrue(local.local());
        assertEquals("0", local.value());
        assertEquals(
                "search_path",
                node("SET SESSION search_path TO app, public", Statement.SetParameter.class)
                        .name());
        Statement.SetParameter reset = node("RESET lock_timeout", Statement.SetParameter.class);
        assertTrue(reset.reset());
        assertEquals("lock_timeout", reset.name());
        assertEquals(
                "work_mem",
                node("ALTER SYSTEM SET work_mem = '64MB'", Statement.AlterSystem.class)
                        .setting());
    }

    @Test
    void maintenanceCommands() {
        Statement.Vacuum v = node("VACUUM FULL ANALYZE orders", Statement.Vacuum.class);
        assertTrue(v.full());
        assertEquals("orders", v.tables().get(0).name());
        assertTrue(node("VACUUM (FULL, VERBOSE) a, b", Statement.Vacuum.class).full());
        assertFalse(node("VACUUM (ANALYZE) a", Statement.Vacuum.class).full());
        assertEquals(
                "orders",
                node("CLUSTER orders USING orders_pkey", Statement.Cluster.class)
                        .table()
                        .name());
        assertNull(node("CLUSTER", Statement.Cluster.class).table());
        Statement.Reindex r = node("REINDEX (VERBOSE) INDEX CONCURRENTLY idx", Statement.Reindex.class);
        assertEquals(ObjectKind.INDEX, r.kind());
        assertTrue(r.concurrently());
        assertEquals("idx", r.name().name());
        assertEquals(
                ObjectKind.TABLE,
                node("REINDEX TABLE t", Statement.Reindex.class).kind());
    }

    @Test
    void lockAndTruncate() {
        Statement.LockTable l =
                node("LOCK TABLE orders, items IN ACCESS EXCLUSIVE MODE NOWAIT", Statement.LockTable.class);
        assertEquals(2, l.tables().size());
        assertEquals("ACCESS EXCLUSIVE", l.mode());
        assertEquals(
                "SHARE ROW EXCLUSIVE",
                node("LOCK t IN SHARE ROW EXCLUSIVE MODE", Statement.LockTable.class)
                        .mode());
        assertEquals(
                "ACCESS EXCLUSIVE", node("LOCK t", Statement.LockTable.class).mode());
        Statement.Truncate t = node("TRUNCATE TABLE a, ONLY b RESTART IDENTITY CASCADE", Statement.Truncate.class);
        assertTrue(t.restartIdentity() && t.cascade());
        assertEquals(List.of("a", "b"), t.tables().stream().map(q -> q.name()).toList());
    }

    @Test
    void copyEndpoints() {
        Statement.Copy in = node("COPY t (a, b) FROM STDIN WITH (FORMAT csv)", Statement.Copy.class);
        assertTrue(in.from());
        assertEquals(Statement.Copy.Endpoint.STDIN, in.endpoint());
        Statement.Copy prog = node("COPY t TO PROGRAM 'gzip > /tmp/x'", Statement.Copy.class);
        assertEquals(Statement.Copy.Endpoint.PROGRAM, prog.endpoint());
        assertEquals("gzip > /tmp/x", prog.target());
        Statement.Copy file = node("COPY t FROM '/etc/passwd'", Statement.Copy.class);
        assertEquals(Statement.Copy.Endpoint.FILE, file.endpoint());
        assertEquals(
                Statement.Copy.Endpoint.STDOUT,
                node("COPY (SELECT 1) TO STDOUT", Statement.Copy.class).endpoint());
    }

    @Test
    void doBlocks() {
        Statement.DoBlock d = node("DO $$ BEGIN RAISE NOTICE 'x'; END $$;", Statement.DoBlock.class);
        assertEquals("plpgsql", d.language());
        assertTrue(d.body().contains("RAISE NOTICE"));
        assertEquals(
                "plperl",
                node("DO LANGUAGE plperl $x$ 1; $x$", Statement.DoBlock.class).language());
    }

    @Test
    void psqlMetaCommandsAndCopyData() {
        List<ParsedStatement> all = Parsing.all("\\set ON_ERROR_STOP 1\nCOPY t (a) FROM stdin;\n1\n2\n\\.\n");
        Statement.PsqlMeta meta = (Statement.PsqlMeta) all.get(0).node();
        assertEquals("\\set", meta.command());
        assertEquals("ON_ERROR_STOP 1", meta.arguments());
        assertEquals(Origin.META, all.get(0).origin());
        assertEquals(Statement.Copy.class, all.get(1).node().getClass());
        assertEquals(Statement.CopyData.class, all.get(2).node().getClass());
        assertEquals(Origin.META, all.get(2).origin());
    }

    @Test
    void updateDeleteInsertSelectGoThroughJsqlparser() {
        ParsedStatement p = one("UPDATE app.users SET name = lower(name), n = n + 1 WHERE id = 1;");
        assertEquals(Origin.JSQLPARSER, p.origin());
        Statement.Update u = (Statement.Update) p.node();
        assertEquals("users", u.table().name());
        assertTrue(u.hasWhere());
        assertEquals(List.of("name", "n"), u.setColumns());
        assertEquals("n + 1", u.assignments().get(1).value().text());
        assertEquals(List.of("lower"), u.functions());
        Statement.Update noWhere = node("UPDATE users SET active = true", Statement.Update.class);
        assertFalse(noWhere.hasWhere());
        Statement.Update subWhere =
                node("UPDATE users SET a = (SELECT max(x) FROM y WHERE y.id = 1)", Statement.Update.class);
        assertFalse(subWhere.hasWhere(), "a WHERE inside a sub-query does not restrict the UPDATE");
        Statement.Delete d = node("DELETE FROM users WHERE id IN (SELECT id FROM old)", Statement.Delete.class);
        assertTrue(d.hasWhere());
        Statement.Insert i = node("INSERT INTO t (a, b) VALUES (1, 'x'), (2, now())", Statement.Insert.class);
        assertEquals(List.of("a", "b"), i.columns());
        assertEquals(2, i.values().size());
        assertEquals("now()", i.values().get(1).get(1).text());
        assertEquals(List.of("now"), i.functions());
        Statement.Select s = node("SELECT pg_read_file('/etc/passwd')", Statement.Select.class);
        assertEquals(List.of("pg_read_file"), s.functions());
        assertEquals(
                Origin.JSQLPARSER, one("WITH x AS (SELECT 1) SELECT * FROM x").origin());
    }

    @Test
    void updateJsqlparserRejectsIsStillReadFromTokens() {
        ParsedStatement p = one("UPDATE t SET a = 1 WHERE b = ANY(ARRAY[1,2]) AND c ~ 'x' RETURNING *;");
        Statement.Update u = (Statement.Update) p.node();
        assertTrue(u.hasWhere());
        ParsedStatement deep = one("UPDATE t SET a = " + "(".repeat(150) + "1" + ")".repeat(150));
        assertEquals(Origin.RECOGNIZER, deep.origin(), "too deep for JSqlParser: read from tokens");
        assertFalse(((Statement.Update) deep.node()).hasWhere());
    }

    @Test
    void deeplyNestedInputNeverThrows() {
        ParsedStatement p = one("SELECT " + "(".repeat(5000) + "1" + ")".repeat(5000));
        assertTrue(p.node() instanceof Statement.Select);
    }

    @Test
    void unknownCommandsAndInvalidText() {
        Statement.Unparsed typo = node("CRATE TABLE t (a int)", Statement.Unparsed.class);
        assertTrue(typo.certainlyInvalid());
        Statement.Unparsed unbalanced = node("SELECT (1", Statement.Unparsed.class);
        assertTrue(unbalanced.certainlyInvalid());
        Statement.Unparsed lexical = node("SELECT 'unterminated", Statement.Unparsed.class);
        assertTrue(lexical.certainlyInvalid());
        assertEquals("analyze", node("ANALYZE orders", Statement.Other.class).command());
        assertEquals(
                "import foreign",
                node("IMPORT FOREIGN SCHEMA s FROM SERVER x INTO y", Statement.Other.class)
                        .command());
        assertEquals(
                "security label",
                node("SECURITY LABEL ON TABLE t IS 'x'", Statement.Other.class).command());
        assertEquals(Origin.RECOGNIZER, one("CHECKPOINT").origin());
        Statement.Unparsed unknownKind = node("CREATE FROBNICATOR x", Statement.Unparsed.class);
        assertTrue(unknownKind.certainlyInvalid(), "PostgreSQL creates no kind of object named FROBNICATOR");
        // schema elements are valid PostgreSQL that is not modelled: the statement is still the schema's creation
        assertEquals(
                "s",
                node("CREATE SCHEMA s CREATE TABLE t (a int)", Statement.Create.class)
                        .name()
                        .name());
    }

    @Test
    void parserNeverThrowsOnArbitraryTokens() {
        StatementParser parser = new StatementParser();
        String[] inputs = {
            "ALTER",
            "ALTER TABLE",
            "ALTER TABLE t ADD",
            "CREATE INDEX",
            "DROP",
            "GRANT",
            "CREATE TABLE t (",
            "COPY",
            "SET",
            "LOCK",
            "ALTER TABLE t ALTER COLUMN",
            "CREATE TYPE t AS ENUM (1)",
            "UPDATE",
            "INSERT INTO",
            "COMMENT ON",
            "DO",
            "REINDEX",
            "VACUUM ("
        };
        for (String input : inputs) {
            for (RawStatement raw :
                    StatementSplitter.split(new SourceText("x.sql", input)).statements()) {
                ParsedStatement p = parser.parse(raw, 0);
                assertTrue(p.node() != null, input);
            }
        }
    }
}
