package io.miglint.parse;

import static io.miglint.parse.Parsing.node;
import static io.miglint.parse.Parsing.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.model.DataFlow;
import io.miglint.model.DataFlow.Where.Shape;
import io.miglint.model.DataFlow.WriteKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a data statement reads and writes, read when it is parsed: JSqlParser's reading where it accepts the
 * statement, the tokens' guess (marked) where it does not.
 */
class DataFlowTest {

    private static DataFlow flow(String sql) {
        return DataFlow.of(one(sql).node());
    }

    private static List<String> names(List<QualifiedName> tables) {
        return tables.stream().map(QualifiedName::toString).toList();
    }

    private static List<String> writes(DataFlow f) {
        return f.writes().stream().map(w -> w.kind() + " " + w.table()).toList();
    }

    @Test
    void insertSelectWithJoinAndWithQuery() {
        ParsedStatement p = one("WITH recent AS (SELECT o.id, c.name FROM shop.orders o JOIN customers c"
                + " ON c.id = o.customer_id WHERE o.total > 100)"
                + " INSERT INTO archive (id, name) SELECT r.id, lower(r.name) FROM recent r"
                + " JOIN regions g ON g.id = r.id WHERE NOT EXISTS (SELECT 1 FROM archive a WHERE a.id = r.id)");
        assertEquals(ParsedStatement.Origin.JSQLPARSER, p.origin());
        Statement.Insert i = (Statement.Insert) p.node();
        DataFlow f = i.flow();
        assertFalse(f.guessed());
        assertEquals(List.of("INSERT archive"), writes(f));
        assertEquals(
                List.of("shop.orders", "customers", "regions", "archive"),
                names(f.reads()),
                "the WITH query's name is no table; the NOT EXISTS subquery reads archive");
        assertEquals(
                List.of("shop.orders", "customers", "regions"),
                names(f.sources()),
                "a table a WHERE subquery only looks up is no source");
        assertEquals(List.of("lower"), f.functions());
        assertEquals(Shape.ORPHANS, f.where().shape());
        assertEquals(List.of("lower"), i.functions());
    }

    @Test
    void withQueryNamedWithItsColumnsIsNoTableEither() {
        DataFlow f = flow("WITH names(pid, label) AS (VALUES ('a', 'A'), ('b', 'B'))"
                + " INSERT INTO credential SELECT a.id, n.label FROM account a JOIN names n ON n.pid = a.provider");
        assertEquals(List.of("account"), names(f.reads()));
    }

    @Test
    void updateFromReadsItsJoinedTablesAndSubqueries() {
        Statement.Update u = node(
                "UPDATE post_aggregates AS a SET report_count = cnt.count,"
                        + " rank = (SELECT max(r.rank) FROM ranks r WHERE r.post_id = a.post_id)"
                        + " FROM (SELECT post_id, count(*) AS count FROM post_report GROUP BY post_id) cnt"
                        + " JOIN post p ON p.id = cnt.post_id WHERE a.post_id = cnt.post_id",
                Statement.Update.class);
        DataFlow f = u.flow();
        assertTrue(u.hasFrom());
        assertTrue(u.hasWhere());
        assertEquals(List.of("UPDATE post_aggregates"), writes(f));
        assertEquals(List.of("ranks", "post_report", "post"), names(f.reads()));
        assertEquals(List.of("post_report", "post"), names(f.sources()), "the SET subquery looks up, copies nothing");
        assertEquals(List.of("max", "count"), f.functions());
        assertEquals(Shape.OTHER, f.where().shape());
        assertEquals(List.of("a.post_id", "cnt.post_id"), f.where().columns());
        assertTrue(f.where().mentionsQualified("post_id"));
        assertFalse(node("UPDATE t SET a = (SELECT b FROM u LIMIT 1)", Statement.Update.class)
                .hasFrom());
    }

    @Test
    void deleteUsingReadsTheUsingTablesAndWritesItsTarget() {
        Statement.Delete d = node(
                "DELETE FROM public.sessions s USING users u WHERE s.user_id = u.id AND u.banned",
                Statement.Delete.class);
        assertEquals(List.of("DELETE public.sessions"), writes(d.flow()));
        assertEquals(List.of("users"), names(d.flow().reads()), "the target is written, not read");
        assertEquals(List.of("users"), names(d.flow().sources()));
        assertTrue(d.hasWhere());
    }

    @Test
    void subqueryInWhereIsReadButNoSource() {
        DataFlow f = flow("UPDATE users SET active = false WHERE id IN (SELECT user_id FROM bans WHERE until > now())");
        assertEquals(List.of("bans"), names(f.reads()));
        assertEquals(List.of(), f.sources());
        assertEquals(List.of("now"), f.functions());
        assertFalse(
                node("UPDATE users SET a = (SELECT max(x) FROM y WHERE y.id = 1)", Statement.Update.class)
                        .hasWhere(),
                "a WHERE inside a subquery does not restrict the UPDATE");
    }

    @Test
    void functionsCalledAnywhereOnceEachWithoutSchema() {
        DataFlow f = flow("INSERT INTO t (a, b) SELECT pg_catalog.lower(x), row_number() OVER (ORDER BY y)"
                + " FROM s WHERE k = ANY('{1,2}') GROUP BY upper(z) ORDER BY lower(x)"
                + " ON CONFLICT (a) DO UPDATE SET b = now() RETURNING gen_random_uuid()");
        assertEquals(
                List.of("lower", "row_number", "upper", "now", "gen_random_uuid"),
                f.functions(),
                "window functions count; ANY(…) is no call");
        assertEquals(
                List.of("pg_read_file"),
                flow("SELECT pg_read_file('/etc/passwd')").functions());
    }

    @Test
    void dataModifyingWithQueriesWriteTheirTables() {
        DataFlow f = flow("WITH moved AS (DELETE FROM queue WHERE done RETURNING *) INSERT INTO queue_archive"
                + " SELECT * FROM moved");
        assertEquals(List.of("DELETE queue", "INSERT queue_archive"), writes(f));
        assertEquals(List.of(), f.reads(), "moved is the WITH query");
        assertEquals(List.of("UPDATE a"), writes(flow("WITH u AS (UPDATE a SET x = 1 RETURNING id) SELECT * FROM u")));
    }

    @Test
    void createTableAsReadsItsQueryAndMakesTheTable() {
        Statement.CreateTable ct = node(
                "CREATE TABLE backup AS SELECT * FROM orders WHERE id IN (SELECT id FROM keep)" + " WITH NO DATA",
                Statement.CreateTable.class);
        assertTrue(ct.asQuery());
        assertEquals(List.of("CREATE backup"), writes(ct.flow()));
        assertEquals(List.of("orders", "keep"), names(ct.flow().reads()));
        assertEquals(List.of("orders"), names(ct.flow().sources()));
        assertFalse(ct.flow().guessed());
        assertEquals(
                List.of("old"),
                names(node("CREATE TABLE copy AS TABLE old", Statement.CreateTable.class)
                        .flow()
                        .reads()));
        assertEquals(
                DataFlow.NONE,
                node("CREATE TABLE t (id int)", Statement.CreateTable.class).flow());
    }

    @Test
    void theShapeOfTheWhere() {
        assertEquals(Shape.NONE, flow("UPDATE t SET a = 1").where().shape());
        assertEquals(Shape.KEY, flow("UPDATE t SET a = 1 WHERE id = 7").where().shape());
        assertEquals(
                Shape.KEY,
                flow("UPDATE t SET a = 1 WHERE kind IN ('x', 'y') AND note LIKE '%z'")
                        .where()
                        .shape(),
                "one conjunct that pins a key is enough");
        assertEquals(
                Shape.KEY,
                flow("DELETE FROM t WHERE (id = 1 OR id = 2)").where().shape());
        assertEquals(
                Shape.KEY,
                flow("DELETE FROM t WHERE id BETWEEN 1 AND 1000").where().shape());
        assertEquals(
                Shape.KEY,
                flow("DELETE FROM t WHERE id = ANY('{1,2}'::int[])").where().shape());
        assertEquals(Shape.KEY, flow("DELETE FROM t WHERE id < 100000").where().shape());
        assertEquals(
                Shape.KEY,
                flow("INSERT INTO a SELECT * FROM b WHERE b.tenant = :tenant")
                        .where()
                        .shape());
        assertEquals(
                Shape.OTHER,
                flow("DELETE FROM t WHERE id = 1 OR note IS NULL").where().shape());
        assertEquals(
                Shape.OTHER,
                flow("DELETE FROM t WHERE status NOT IN ('a', 'b')").where().shape(),
                "NOT IN a list picks every other row");
        assertEquals(
                Shape.OTHER,
                flow("DELETE FROM t WHERE created < now() - interval '1 year'")
                        .where()
                        .shape());
        assertEquals(
                Shape.OTHER,
                flow("UPDATE t SET a = 1 WHERE active = true").where().shape());
        assertEquals(
                Shape.ORPHANS,
                flow("DELETE FROM c WHERE post_id NOT IN (SELECT id FROM p)")
                        .where()
                        .shape());
        assertEquals(
                "hot_rank",
                flow("UPDATE posts SET hot_rank = score WHERE posts.hot_rank IS NULL")
                        .where()
                        .nullColumn());
        assertNull(
                flow("UPDATE posts SET r = 1 WHERE r IS NULL AND s = 2").where().nullColumn());
        assertTrue(flow("UPDATE t SET a = 1 WHERE id IN (SELECT id FROM t LIMIT 1000)")
                .limited());
        assertFalse(flow("UPDATE t SET a = 1 WHERE b").limited());
    }

    @Test
    void aStatementJsqlparserCannotReadIsGuessedFromItsTokens() {
        ParsedStatement p = one("SELECT n1.id AS old_id, n2.id AS new_id INTO TEMPORARY name_merge"
                + " FROM artist_name n1 JOIN artist_name n2 ON clean_spaces(n1.name) = n2.name"
                + " WHERE n1.id != n2.id AND n1.id IN (SELECT id FROM keep)");
        assertEquals(ParsedStatement.Origin.RECOGNIZER, p.origin());
        DataFlow f = DataFlow.of(p.node());
        assertTrue(f.guessed());
        assertEquals(List.of("CREATE name_merge"), writes(f));
        assertEquals(List.of("artist_name", "keep"), names(f.reads()));
        assertEquals(List.of("artist_name"), names(f.sources()));
        assertEquals(List.of("clean_spaces"), f.functions());
        assertEquals(Shape.OTHER, f.where().shape());

        Statement.Delete d = node(
                "DELETE FROM comment c WHERE NOT EXISTS (SELECT FROM post p WHERE p.id = c.post_id)",
                Statement.Delete.class);
        assertTrue(d.flow().guessed(), "SELECT without a select list is beyond JSqlParser");
        assertEquals(List.of("DELETE comment"), writes(d.flow()));
        assertEquals(List.of("post"), names(d.flow().reads()));
        assertEquals(Shape.ORPHANS, d.flow().where().shape());
        assertTrue(d.hasWhere());
    }

    /**
     * The tokens' guess is the fallback for what JSqlParser cannot read: on statements both read, it must find the
     * same tables, functions and WHERE shape, so that a statement does not change meaning with the reader.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "INSERT INTO archive (id) SELECT o.id FROM orders o JOIN customers c ON c.id = o.cid WHERE o.total > 100",
                "INSERT INTO t (a) (SELECT a FROM s WHERE s.k = 'x')",
                "UPDATE t SET a = u.b FROM u WHERE t.id = u.id",
                "UPDATE t SET a = 1 WHERE id IN (SELECT id FROM bans) AND kind = 'x'",
                "DELETE FROM t USING u WHERE t.id = u.id",
                "DELETE FROM c WHERE NOT EXISTS (SELECT 1 FROM p WHERE p.id = c.pid)",
                "WITH x AS (SELECT id FROM a) INSERT INTO b SELECT id FROM x",
                "WITH x (id) AS (SELECT id FROM a), y AS (SELECT id FROM d) INSERT INTO b SELECT x.id FROM x, y, e",
                "SELECT count(*), max(extract(epoch FROM created_at)) FROM events WHERE id < 5 LIMIT 1",
                "INSERT INTO t SELECT generate_series(1, 10), now()",
                "UPDATE t SET a = 1 WHERE a IS NULL",
                "DELETE FROM t WHERE created IS DISTINCT FROM updated",
            })
    void theTokensGuessWhatJsqlparserReads(String sql) {
        ParsedStatement p = one(sql);
        assertEquals(ParsedStatement.Origin.JSQLPARSER, p.origin(), "JSqlParser reads the reference");
        DataFlow exact = DataFlow.of(p.node());
        DataFlow guess = TokenDataFlow.read(p.raw().body(), List.of());
        assertFalse(exact.guessed());
        assertTrue(guess.guessed());
        assertEquals(exact.writes(), guess.writes());
        assertEquals(exact.reads(), guess.reads());
        assertEquals(exact.sources(), guess.sources());
        assertEquals(
                exact.functions().stream().sorted().toList(),
                guess.functions().stream().sorted().toList());
        assertEquals(exact.where().shape(), guess.where().shape());
        assertEquals(exact.where().nullColumn(), guess.where().nullColumn());
        assertEquals(exact.limited(), guess.limited());
    }

    @Test
    void writeKindsAreListedByKind() {
        DataFlow f = flow("WITH d AS (DELETE FROM a RETURNING id) INSERT INTO b SELECT id FROM d");
        assertEquals(List.of(QualifiedName.of("a")), f.written(WriteKind.DELETE));
        assertEquals(List.of(QualifiedName.of("b")), f.written(WriteKind.INSERT));
        assertTrue(flow("INSERT INTO b SELECT * FROM Users").reads("users"));
    }
}
