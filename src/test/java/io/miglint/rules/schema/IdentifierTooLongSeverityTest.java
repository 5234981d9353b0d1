package io.miglint.rules.schema;

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
 * A long name a naming scheme composed of its table's and columns' names works as written (every statement spelling
 * it out is cut the same way): not reported. A hand-chosen long name is an info; one whose cut collides, a warning.
 */
class IdentifierTooLongSeverityTest {
    @TempDir
    Path tmp;

    private List<Finding> all(String setup, String example) {
        LintFixture.Example ex = new LintFixture.Example("numbered", 15, setup, "", example, false, null, false);
        return LintFixture.lint(
                        tmp.resolve("p" + (setup + example).hashCode()), ex, Map.of("identifier-too-long", "on"))
                .findings()
                .stream()
                .filter(x -> x.ruleId().equals("identifier-too-long"))
                .toList();
    }

    private Finding one(String setup, String example) {
        List<Finding> f = all(setup, example);
        assertEquals(1, f.size(), f::toString);
        return f.get(0);
    }

    @Test
    void aForeignKeyNamedAfterItsTableAndColumnIsNotReported() {
        List<Finding> f = all(
                "CREATE TABLE release_group_attribute_type (id int PRIMARY KEY);\n"
                        + "CREATE TABLE release_group_attribute_type_allowed_value (id int PRIMARY KEY,"
                        + " release_group_attribute_type int);\n",
                "ALTER TABLE release_group_attribute_type_allowed_value\n"
                        + "  ADD CONSTRAINT release_group_attribute_type_allowed_value_fk_release_group_attribute_type\n"
                        + "  FOREIGN KEY (release_group_attribute_type) REFERENCES release_group_attribute_type (id);\n");
        assertEquals(List.of(), f);
    }

    @Test
    void anIndexNamedIdxTableColumnsIsNotReported() {
        List<Finding> f = all(
                "CREATE TABLE post_aggregates (community_id int, featured_community boolean,"
                        + " newest_comment_time_necro timestamptz);\n",
                "CREATE INDEX idx_post_aggregates_featured_community_newest_comment_time_necro ON post_aggregates "
                        + "(community_id, featured_community DESC, newest_comment_time_necro DESC);\n");
        assertEquals(List.of(), f);
    }

    /** Nothing has its first 63 bytes yet: every statement spelling it out is cut the same way, so it works. */
    @Test
    void aNameChosenByHandIsAnInfoUntilItsCutCollides() {
        Finding f = one(
                "CREATE TABLE authenticator_entity (id int);\n",
                "CREATE INDEX authenticator_entity_rows_that_were_updated_after_the_key_rotation_of_2024 "
                        + "ON authenticator_entity (id);\n");
        assertEquals(Severity.INFO, f.severity());
    }

    @Test
    void aComposedNameWhoseCutIsAlreadyTakenStaysAWarningAndSaysByWhat() {
        String cut = "idx_post_aggregates_featured_community_newest_comment_time_necr";
        assertEquals(63, cut.length());
        Finding f = one(
                "CREATE TABLE post_aggregates (featured_community boolean, newest_comment_time_necro int,"
                        + " newest_comment_time_necro_2 int);\n"
                        + "CREATE INDEX " + cut + " ON post_aggregates (featured_community);\n",
                "CREATE INDEX IF NOT EXISTS idx_post_aggregates_featured_community_newest_comment_time_necro "
                        + "ON post_aggregates (featured_community, newest_comment_time_necro);\n");
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.message().contains("which is already the name of the existing index " + cut), f.message());
    }
}
