package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.cli.CheckPipeline;
import io.miglint.rule.Finding;
import io.miglint.testing.Corpus;
import io.miglint.testing.HelpSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every complete SQL statement a help proposes on the supported corpus projects (see {@link HelpSql}) is valid
 * PostgreSQL grammar: each is sent to the server at 127.0.0.1:5432, as the scratch database's unprivileged runner,
 * inside a transaction that is rolled back, and a syntax error (SQLSTATE 42601) fails the test. Other errors (an
 * object the scratch database lacks, CONCURRENTLY refused inside a transaction) say nothing about the grammar.
 * Skipped when the corpus or the server is absent.
 */
@Tag("slow")
class HelpSqlCorpusTest {

    @Test
    void everyHelpStatementParses() throws Exception {
        Path corpus = Corpus.require();
        ThrowawayDatabase db;
        try {
            db = ThrowawayDatabase.open(VerifyOptions.forUrl(TestDatabases.LOCAL_URL));
        } catch (DatabaseUnavailableException e) {
            Assumptions.abort("PostgreSQL is not reachable at " + TestDatabases.LOCAL_URL + ": " + e.getMessage());
            return;
        }
        try (db) {
            // statement -> one finding that proposed it (rule and place), for the failure message
            Map<String, String> sql = new LinkedHashMap<>();
            Map<String, int[]> perRule = new TreeMap<>();
            for (String project : Corpus.SUPPORTED.keySet()) {
                Path root = corpus.resolve(project);
                CheckPipeline.Outcome o = CheckPipeline.run(new CheckPipeline.Request(
                        List.of(root), null, null, null, "never", List.of(), List.of(), p -> true, false));
                for (Finding f : o.result().findings()) {
                    List<String> statements = HelpSql.statements(f.help());
                    int[] counts = perRule.computeIfAbsent(f.ruleId(), k -> new int[2]);
                    counts[0]++;
                    counts[1] += statements.size();
                    for (String s : statements) {
                        sql.putIfAbsent(
                                s,
                                f.ruleId() + " at " + f.location().displayPath() + ":"
                                        + f.location().line());
                    }
                }
            }
            List<String> syntaxErrors = new ArrayList<>();
            int other = 0;
            ScratchDatabase scratch = db.createScratch();
            try (Connection conn = scratch.connect(false)) {
                conn.setAutoCommit(false);
                try (Statement st = conn.createStatement()) {
                    st.setQueryTimeout(10);
                    st.execute("SET statement_timeout = '5s'");
                    conn.commit();
                    for (Map.Entry<String, String> e : sql.entrySet()) {
                        try {
                            st.execute(e.getKey());
                        } catch (SQLException ex) {
                            if ("42601".equals(ex.getSQLState())) {
                                syntaxErrors.add(e.getValue() + ": " + e.getKey() + " -- " + ex.getMessage());
                            } else {
                                other++;
                            }
                        } finally {
                            conn.rollback();
                        }
                    }
                }
            } finally {
                db.drop(scratch);
            }
            StringBuilder report = new StringBuilder("help SQL on the corpus: " + sql.size()
                    + " distinct statements, " + syntaxErrors.size() + " syntax errors, " + other
                    + " other errors (missing objects, CONCURRENTLY in a transaction); per rule (findings, "
                    + "statements):");
            perRule.forEach((r, c) -> report.append(' ')
                    .append(r)
                    .append('=')
                    .append(c[0])
                    .append('/')
                    .append(c[1]));
            System.out.println(report);
            assertEquals(List.of(), syntaxErrors, report.toString());
        }
    }
}
