package io.miglint.rules.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import io.miglint.testing.LintFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch statement the help proposes, pasted as written, does what the one big UPDATE did. */
class UnbatchedBackfillHelpTest {
    @TempDir
    Path tmp;

    private String help(String setup, String example) {
        LintFixture.Example ex = new LintFixture.Example("golang-migrate", 15, setup, "", example, false, null, false);
        List<Finding> f =
                LintFixture.lint(tmp.resolve("p" + example.hashCode()), ex, Map.of("unbatched-backfill", "on"))
                        .findings()
                        .stream()
                        .filter(x -> x.ruleId().equals("unbatched-backfill"))
                        .toList();
        assertEquals(1, f.size(), f::toString);
        return f.get(0).help();
    }

    private static String firstSql(String help) {
        Matcher m = Pattern.compile("`(WITH batch[^`]*)`").matcher(help);
        assertTrue(m.find(), help);
        return m.group(1);
    }

    @Test
    void updateHelpKeepsTheSetListTheConditionAndThePrimaryKey() throws Exception {
        String sql = firstSql(help(
                "CREATE TABLE posts (id bigint PRIMARY KEY, score integer, hot_rank integer);\n",
                "UPDATE posts SET hot_rank = score\n  WHERE hot_rank IS NULL;\n"));
        assertEquals(
                "WITH batch AS (SELECT id FROM posts WHERE hot_rank IS NULL LIMIT 10000) UPDATE posts SET "
                        + "hot_rank = score WHERE id IN (SELECT id FROM batch);",
                sql);
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL is not reachable on 127.0.0.1:5432: " + e.getMessage());
            return;
        }
        try (c;
                Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = '30s'");
            st.execute("CREATE TEMP TABLE posts (id bigint PRIMARY KEY, score integer, hot_rank integer)");
            st.execute("INSERT INTO pg_temp.posts SELECT g, g % 7, NULL FROM generate_series(1, 25000) g");
            int rounds = 0;
            while (st.executeUpdate(sql) > 0) {
                rounds++;
                assertTrue(rounds < 10, "the batch never stops matching");
            }
            assertEquals(3, rounds);
            try (ResultSet rs =
                    st.executeQuery("SELECT count(*) FROM pg_temp.posts WHERE hot_rank IS DISTINCT FROM " + "score")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
    }

    @Test
    void deleteHelpKeepsTheCondition() {
        String sql = firstSql(help(
                "CREATE TABLE likes (id bigint PRIMARY KEY, published timestamptz);\n",
                "DELETE FROM likes WHERE published < now() - interval '1 year';\n"));
        assertEquals(
                "WITH batch AS (SELECT id FROM likes WHERE published < now() - interval '1 year' LIMIT 10000) "
                        + "DELETE FROM likes WHERE id IN (SELECT id FROM batch);",
                sql);
    }
}
