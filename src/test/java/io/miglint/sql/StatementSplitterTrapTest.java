package io.miglint.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StatementSplitterTrapTest {

    static String trapText() throws IOException {
        try (InputStream in = StatementSplitterTrapTest.class.getResourceAsStream("/sql/traps.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static StatementSplitter.SplitResult split(String text) {
        return StatementSplitter.split(new SourceText("test.sql", text));
    }

    private static void assertStatement(
            RawStatement s, int line, int column, RawStatement.Kind kind, String normalized) {
        assertEquals(
                line + ":" + column + " " + kind + " " + normalized,
                s.span().line() + ":" + s.span().column() + " " + s.kind() + " " + StatementText.normalized(s));
    }

    @Test
    void trapFileSplitsExactlyWherePsqlWould() throws IOException {
        StatementSplitter.SplitResult result = split(trapText());
        List<RawStatement> st = result.statements();
        assertEquals(
                12, st.size(), () -> st.stream().map(StatementText::normalized).collect(Collectors.joining("\n")));
        assertStatement(st.get(0), 2, 1, RawStatement.Kind.PSQL_META, "\\set ON_ERROR_STOP 1");
        assertStatement(st.get(1), 4, 1, RawStatement.Kind.SQL, "create table \"we\"\"ird;name\" ( id int )");
        assertStatement(
                st.get(2),
                5,
                1,
                RawStatement.Kind.SQL,
                "insert into t values ( 'a;b' , 'it''s; fine' , E'esc\\'; still\\\\' , E'\\\\' )");
        assertStatement(st.get(3), 6, 41, RawStatement.Kind.SQL, "select 1");
        assertStatement(
                st.get(4),
                7,
                1,
                RawStatement.Kind.SQL,
                "create function f ( ) returns trigger as $fn$\nBEGIN\n  PERFORM $$ inner; $$;\n  RETURN NEW;\n"
                        + "END;\n$fn$ language plpgsql");
        assertStatement(
                st.get(5),
                13,
                1,
                RawStatement.Kind.SQL,
                "insert into docs values ( 'first line\n-- migrate:down\nDROP TABLE docs;' )");
        assertStatement(
                st.get(6),
                16,
                1,
                RawStatement.Kind.SQL,
                "create function g ( a int ) returns int language sql begin atomic select case when a > 0 then 1"
                        + " else 0 end ; select a ; end");
        assertStatement(st.get(7), 22, 1, RawStatement.Kind.SQL, "copy t ( a , b ) from stdin");
        assertStatement(st.get(8), 23, 1, RawStatement.Kind.COPY_DATA, "1\tx;y\n2\t\\N;\n\\.");
        assertStatement(st.get(9), 26, 1, RawStatement.Kind.SQL, "select 5 , 6 - - 2 , 7 * - 1 , a @- b");
        assertStatement(
                st.get(10),
                28,
                1,
                RawStatement.Kind.SQL,
                "select U&'d\\0061t;a' , u&\"col;x\" , B'1010' , X'1F' , N'nat' , $1 , 0x1F , 1_000 , .5 , 1e-3 ,"
                        + " x :: int");
        assertStatement(st.get(11), 30, 1, RawStatement.Kind.SQL, "alter table t add column c int");
        assertTrue(result.errors().isEmpty(), result.errors()::toString);
    }

    @Test
    void commentsBeforeAStatementBelongToIt() throws IOException {
        StatementSplitter.SplitResult result = split(trapText());
        List<RawStatement> st = result.statements();
        assertEquals(
                List.of("-- Every construct here hides a ';' or SQL where a naive splitter would cut."),
                values(st.get(0).comments()));
        assertEquals(List.of("/* DROP TABLE users; */"), values(st.get(1).comments()));
        assertEquals(List.of("-- DROP TABLE x;"), values(st.get(2).comments()));
        assertEquals(
                List.of("/* outer /* inner; */ still comment; */"),
                values(st.get(3).comments()));
        assertEquals(List.of("--2;"), values(st.get(9).comments()));
        assertEquals(List.of("-- miglint:ignore some-rule"), values(st.get(11).comments()));
        assertEquals(6, result.comments().size());
    }

    @Test
    void statementTokensEndWithTheirSemicolon() throws IOException {
        List<RawStatement> st = split(trapText()).statements();
        assertTrue(st.get(1).tokens().get(st.get(1).tokens().size() - 1).isPunct(';'));
        assertEquals(";", st.get(1).text().substring(st.get(1).text().length() - 1));
        assertEquals("ALTER TABLE t ADD COLUMN c int", st.get(11).text());
        assertEquals(31, st.get(11).span().endColumn());
    }

    @Test
    void crlfAndLoneCrCountAsLineBreaks() {
        List<RawStatement> st = split("SELECT 1;\r\nSELECT 2;\rSELECT\r\n  3;\r-- c\rSELECT 4 -- tail\rFROM t;")
                .statements();
        assertEquals(4, st.size());
        assertStatement(st.get(0), 1, 1, RawStatement.Kind.SQL, "select 1");
        assertStatement(st.get(1), 2, 1, RawStatement.Kind.SQL, "select 2");
        assertStatement(st.get(2), 3, 1, RawStatement.Kind.SQL, "select 3");
        assertEquals(4, st.get(2).span().endLine());
        assertStatement(st.get(3), 6, 1, RawStatement.Kind.SQL, "select 4 from t");
        assertEquals(List.of("-- c", "-- tail"), values(st.get(3).comments()));
    }

    @Test
    void copyDataWithCrlfAndOptionsEndsAtTheBackslashDotLine() {
        List<RawStatement> st = split("copy t FROM STDIN WITH (FORMAT csv); -- load\r\na,\"b;\"\r\n\\.\r\nSELECT 1;")
                .statements();
        assertEquals(3, st.size());
        assertStatement(st.get(0), 1, 1, RawStatement.Kind.SQL, "copy t from stdin with ( format csv )");
        assertStatement(st.get(1), 2, 1, RawStatement.Kind.COPY_DATA, "a,\"b;\"\r\n\\.");
        assertStatement(st.get(2), 4, 1, RawStatement.Kind.SQL, "select 1");
        assertEquals(List.of("-- load"), values(st.get(1).comments()));
    }

    @Test
    void copyDataWithoutEndMarkerRunsToEndOfText() {
        List<RawStatement> st = split("COPY t FROM stdin;\n1\n2;\n\\. \n").statements();
        assertEquals(2, st.size());
        assertEquals(RawStatement.Kind.COPY_DATA, st.get(1).kind());
        assertEquals("1\n2;\n\\. \n", st.get(1).text());
    }

    @Test
    void copyToStdoutAndCopyFromFileHaveNoData() {
        List<RawStatement> st =
                split("COPY t TO stdout;\nCOPY t FROM '/tmp/x';\nSELECT 1;\n").statements();
        assertEquals(
                List.of(RawStatement.Kind.SQL, RawStatement.Kind.SQL, RawStatement.Kind.SQL),
                st.stream().map(RawStatement::kind).toList());
    }

    @Test
    void psqlMetaEndsAPendingStatement() {
        List<RawStatement> st = split("SELECT 1\n-- before meta\n\\gset\nSELECT 2 \\echo hi\nSELECT 3;")
                .statements();
        assertEquals(5, st.size());
        assertStatement(st.get(0), 1, 1, RawStatement.Kind.SQL, "select 1");
        assertStatement(st.get(1), 3, 1, RawStatement.Kind.PSQL_META, "\\gset");
        assertEquals(List.of("-- before meta"), values(st.get(1).comments()));
        assertStatement(st.get(2), 4, 1, RawStatement.Kind.SQL, "select 2");
        assertStatement(st.get(3), 4, 10, RawStatement.Kind.PSQL_META, "\\echo hi");
        assertStatement(st.get(4), 5, 1, RawStatement.Kind.SQL, "select 3");
    }

    @Test
    void semicolonsInsideParenthesesDoNotSplit() {
        List<RawStatement> st = split("SELECT (1; 2); SELECT 3").statements();
        assertEquals(
                List.of("select ( 1 ; 2 )", "select 3"),
                st.stream().map(StatementText::normalized).toList());
    }

    @Test
    void transactionBeginEndIsNotAFunctionBody() {
        List<RawStatement> st = split("BEGIN;\nCREATE TABLE a (id int);\nEND;\nCREATE OR REPLACE PROCEDURE p()\n"
                        + "BEGIN ATOMIC\n  INSERT INTO a VALUES (CASE WHEN true THEN 1 END);\n"
                        + "  SELECT CASE 1 WHEN 1 THEN 2 END;\nEND;\nSELECT 9;")
                .statements();
        assertEquals(
                List.of(
                        "begin",
                        "create table a ( id int )",
                        "end",
                        "create or replace procedure p ( ) begin atomic insert into a values ( case when true then 1 end ) ;"
                                + " select case 1 when 1 then 2 end ; end",
                        "select 9"),
                st.stream().map(StatementText::normalized).toList());
    }

    @Test
    void emptyStatementsAreDroppedAndTheirCommentsCarryOver() {
        List<RawStatement> st = split(";; -- note\n; SELECT 1;").statements();
        assertEquals(1, st.size());
        assertEquals(List.of("-- note"), values(st.get(0).comments()));
        assertStatement(st.get(0), 2, 3, RawStatement.Kind.SQL, "select 1");
    }

    @Test
    void errorTokensAreReportedAndStayInTheirStatement() {
        StatementSplitter.SplitResult result = split("SELECT 1;\nSELECT $fn$ body;\n");
        assertEquals(1, result.errors().size());
        StatementSplitter.LexError error = result.errors().get(0);
        assertEquals("unterminated dollar-quoted string $fn$", error.message());
        assertEquals(2, error.span().line());
        assertEquals(8, error.span().column());
        RawStatement last = result.statements().get(1);
        assertEquals(
                TokenKind.ERROR, last.tokens().get(last.tokens().size() - 1).kind());
    }

    private static List<String> values(List<Token> tokens) {
        return tokens.stream().map(Token::value).toList();
    }

    @Test
    void onlyAMarkerInColumnOneEndsAStatement() {
        // dbmate sees `-- migrate:down` only at the start of a line; indented, it is a comment, and PostgreSQL
        // receives the statement before it and the one after it as one (a syntax error, not two statements).
        List<RawStatement> indented = split(
                        "ALTER TABLE q\n    ADD COLUMN c text\n    -- migrate:down\n    ALTER TABLE q DROP COLUMN c\n")
                .statements();
        assertEquals(1, indented.size());
        assertEquals(
                "alter table q add column c text alter table q drop column c",
                StatementText.normalized(indented.get(0)));
        List<RawStatement> directive = split(
                        "ALTER TABLE q\n    ADD COLUMN c text\n-- migrate:down\nALTER TABLE q DROP COLUMN c\n")
                .statements();
        assertEquals(2, directive.size());
        assertStatement(directive.get(1), 4, 1, RawStatement.Kind.SQL, "alter table q drop column c");
    }
}
