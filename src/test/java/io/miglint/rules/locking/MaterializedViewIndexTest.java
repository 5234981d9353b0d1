package io.miglint.rules.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import io.miglint.rule.Severity;
import io.miglint.testing.LintFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain CREATE INDEX on a materialized view blocks only REFRESH MATERIALIZED VIEW: a note saying so, unless a
 * function of the folder refreshes the view (a trigger's, which makes writes to its tables wait for the build).
 */
class MaterializedViewIndexTest {
    @TempDir
    Path dir;

    private static final String VIEW = "CREATE TABLE student_profiles (user_id uuid PRIMARY KEY, grade text);\n"
            + "CREATE MATERIALIZED VIEW current_grades AS SELECT user_id, grade FROM student_profiles;\n";

    private List<Finding> lint(String name, String setup) {
        LintFixture.Example ex = new LintFixture.Example(
                "dbmate",
                15,
                setup,
                "",
                "CREATE INDEX current_grades_user_id_idx ON current_grades (user_id);\n",
                false,
                null,
                false);
        return LintFixture.lint(dir.resolve(name), ex, Map.of("require-concurrent-index", "on")).findings().stream()
                .filter(f -> f.ruleId().equals("require-concurrent-index"))
                .toList();
    }

    @Test
    void anIndexOnAMaterializedViewIsANoteNamingTheRefreshItBlocks() {
        List<Finding> found = lint("note", VIEW);
        assertEquals(1, found.size(), found.toString());
        Finding f = found.get(0);
        assertEquals(Severity.INFO, f.severity());
        assertTrue(
                f.message()
                        .contains("current_grades, a materialized view: queries of it go on and nothing writes "
                                + "it but REFRESH MATERIALIZED VIEW, which waits until the build finishes"),
                f.message());
        assertTrue(
                f.help()
                        .startsWith("Nothing else waits for the build. If a REFRESH of current_grades may run while "
                                + "it builds, run the migration between refreshes, or build it with CONCURRENTLY, `CREATE INDEX "
                                + "CONCURRENTLY current_grades_user_id_idx ON current_grades (user_id);`"),
                f.help());
    }

    @Test
    void aViewATriggerFunctionRefreshesStaysAWarning() {
        List<Finding> found = lint(
                "trigger",
                VIEW + "CREATE FUNCTION refresh_grades() RETURNS trigger "
                        + "LANGUAGE plpgsql AS $$ BEGIN REFRESH MATERIALIZED VIEW current_grades; RETURN NULL; END $$;\n"
                        + "CREATE TRIGGER grades_refresh AFTER INSERT OR UPDATE ON student_profiles "
                        + "FOR EACH STATEMENT EXECUTE FUNCTION refresh_grades();\n");
        assertEquals(1, found.size(), found.toString());
        assertEquals(Severity.WARNING, found.get(0).severity());
        assertTrue(
                found.get(0).message().contains("whatever calls refresh_grades, which refreshes it"),
                found.get(0).message());
    }

    @Test
    void aPlainTableKeepsItsWarning() {
        LintFixture.Example ex = new LintFixture.Example(
                "dbmate",
                15,
                VIEW,
                "",
                "CREATE INDEX student_profiles_grade_idx ON student_profiles (grade);\n",
                false,
                null,
                false);
        List<Finding> found =
                LintFixture.lint(dir.resolve("table"), ex, Map.of("require-concurrent-index", "on")).findings().stream()
                        .filter(f -> f.ruleId().equals("require-concurrent-index"))
                        .toList();
        assertEquals(1, found.size(), found.toString());
        assertEquals(Severity.WARNING, found.get(0).severity());
    }
}
