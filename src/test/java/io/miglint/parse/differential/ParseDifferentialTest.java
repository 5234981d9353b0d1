package io.miglint.parse.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.miglint.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The syntax-error verdict against PostgreSQL's own parser on 127.0.0.1:5432 (started by .ci/run; without it these
 * tests fail, as the other tests on that server do). A seeded sample of mutants runs here; the full run over 100,000
 * mutants is {@code bench/parse-differential.sh} (figures in docs/parse-coverage.md).
 */
@Tag("slow")
class ParseDifferentialTest {
    /** Mutants in the unit sample. */
    private static final int SAMPLE = 4_000;

    private static final long SEED = 7L;

    /**
     * Corpus statements the test server (PostgreSQL 15) rejects that are valid in another version, which miglint does
     * not report: named NOT NULL table constraints (PostgreSQL 18), a subquery in FROM without an alias (16) and
     * CREATE EXTENSION … FROM (before 13).
     */
    private static final Pattern OTHER_VERSION = Pattern.compile("(?is).*(CONSTRAINT\\s+\\S+\\s+NOT\\s+NULL\\s+\\w+.*"
            + "\\[42601 syntax error at or near \"NOT\"]|\\[42601 subquery in FROM must have an alias]"
            + "|\\[0A000 CREATE EXTENSION \\.\\.\\. FROM is no longer supported])");

    private static List<List<ParseDifferential.Unit>> sources;

    /** The corpus's statements, or the project's own SQL when the corpus is absent; read once for the class. */
    private static synchronized List<List<ParseDifferential.Unit>> sources() {
        if (sources == null) {
            List<Path> corpus = ParseDifferential.corpusFiles();
            sources = corpus.isEmpty()
                    ? ParseDifferential.projectSql(Path.of(System.getProperty("miglint.projectDir", ".")))
                    : ParseDifferential.load(corpus);
        }
        return sources;
    }

    @Test
    void seededMutantsGetPostgresqlsVerdict() throws IOException {
        List<List<ParseDifferential.Unit>> sources = sources();
        List<ParseDifferential.Case> cases = ParseDifferential.mutants(sources, SAMPLE, SEED);
        assertEquals(SAMPLE, cases.size());
        ParseDifferential.Tally tally;
        try (PostgresParserOracle pg = PostgresParserOracle.local()) {
            tally = ParseDifferential.run(cases, pg);
        }
        String report = report(tally);
        System.out.print(report);
        // A false error (reported, but PostgreSQL parses it) is worse than a miss: none at all.
        assertEquals(0, tally.falseErrors, report);
        double modelled = ParseDifferential.Tally.pct(tally.modelledAgree, tally.modelledTotal);
        assertTrue(
                modelled >= 97.0,
                String.format(Locale.ROOT, "%.2f%% agreement on modelled kinds%n%s", modelled, report));
    }

    @Test
    void everyCorpusStatementGetsPostgresqlsVerdict() throws IOException {
        assumeTrue(Files.isDirectory(Corpus.location()), "corpus absent");
        List<ParseDifferential.Case> cases = ParseDifferential.statements(sources());
        ParseDifferential.Tally tally;
        try (PostgresParserOracle pg = PostgresParserOracle.local()) {
            tally = ParseDifferential.run(cases, pg);
        }
        String report = report(tally);
        assertEquals(0, tally.falseErrors, report);
        for (String text : tally.missedTexts) {
            assertTrue(OTHER_VERSION.matcher(text).matches(), "PostgreSQL rejects, miglint is silent:\n" + text);
        }
    }

    @Test
    void theOracleTellsParsedFromRejectedWithoutRunningAnything() throws IOException {
        try (PostgresParserOracle pg = PostgresParserOracle.local()) {
            assertEquals(null, pg.parseError("ALTER TABLE no_such_table DROP COLUMN x;"));
            assertTrue(pg.parseError("ALTER TABLE t DROP_COLUMN x;").startsWith("42601 "));
            // parsed, never run: the COMMIT, the DROP DATABASE and the COPY would each fail or change something
            assertEquals(null, pg.parseError("COMMIT; DROP DATABASE postgres; COPY t FROM STDIN;"));
            assertEquals(null, pg.parseError("CREATE INDEX CONCURRENTLY i ON t (a); VACUUM;"));
        }
    }

    /** Valid PostgreSQL that looks wrong, and invalid text that looks right: PostgreSQL's verdict is miglint's. */
    @Test
    void edgeCasesGetPostgresqlsVerdict() throws IOException {
        List<String> valid = List.of(
                "ALTER TABLE t ALTER COLUMN c SET DEFAULT DEFAULT;",
                "CREATE TABLE t (a text DEFAULT current_schema(), b int DEFAULT user::int, c double);",
                "CREATE TABLE t (a int CHECK (a SIMILAR TO 'x' ESCAPE '!'), b text COLLATE \"C\" DEFAULT 'x');",
                "CREATE TABLE t (a timestamptz DEFAULT (now() AT TIME ZONE 'utc'), b int DEFAULT - 1);",
                "CREATE TEMPORARY TABLE t (public like.contract);",
                "GRANT USAGE ON schema TO r; GRANT EXECUTE ON function.f TO r;",
                "SET LOCAL = 0; SET SESSION TO 1;",
                "CREATE INDEX i ON t (a nulls, b NULLS NULLS FIRST) INCLUDE (c c);",
                "CREATE INDEX i ON t (a) WHERE t.\"context\" 'workspace' AND c = varchar(3) 'abc';",
                "CREATE FUNCTION f(a int DEFAULT 1, OUT b tbl.col%TYPE, VARIADIC c text[]) RETURNS SETOF record"
                        + " LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS 'select 1';",
                "DO LANGUAGE plpgsql;",
                "CREATE TABLE t AS SELECT 1 AS create;",
                "COMMENT ON COLUMN t.c IS 'a'\n'b';");
        List<String> invalid = List.of(
                "ALTER TABLE t DROP_COLUMN x;",
                "ALTER TABLE t DROP COLUMN x VARCHAR;",
                "ALTER TABLE t DROP COLUMN x\nALTER TABLE t DROP COLUMN y;",
                "CREATE TABLE t (a bool DEFAULT true AND false);",
                "CREATE TABLE t (a timestamp DEFAULT now() AT TIME ZONE 'utc');",
                "CREATE FUNCTION f(time timestamp) RETURNS int LANGUAGE sql AS 'select 1';",
                "CREATE INDEX i ON t (a) WHERE a IN (1,);",
                "COMMENT ON COLUMN t.c IS 'a' 'b';",
                "DROP INDEX IF NOT EXISTS i;",
                "CREATE VIEW v AS SELECT 1 CREATE TABLE t (a int);");
        try (PostgresParserOracle pg = PostgresParserOracle.local()) {
            for (String sql : valid) {
                assertEquals(null, pg.parseError(sql), sql);
                assertEquals(false, ParseDifferential.miglintReports(sql), sql);
            }
            for (String sql : invalid) {
                assertTrue(pg.parseError(sql) != null, sql);
                assertEquals(true, ParseDifferential.miglintReports(sql), sql);
            }
        }
    }

    private static String report(ParseDifferential.Tally tally) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        tally.print(out, "texts");
        tally.printExamples(out);
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
