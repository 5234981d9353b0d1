package io.miglint.rules.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.rule.Finding;
import io.miglint.testing.LintFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names the rules must accept: the conventions of real projects that are not mistakes. */
class NamingRulesTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} accepts {1} {2}")
    @CsvSource({
        "version-duplicate, dbmate, 1_add_orders_status.sql",
        "migration-filename, numbered, 002_add_orders_status.sql",
        "migration-filename, diesel, 2025-09-19-132648-0000_add_orders_status",
        "migration-name-verb, numbered, 002_mbs-9708_dropped_area_view.sql",
        "migration-name-verb, numbered, 002_adds_orders_status.sql",
        "migration-name-verb, numbered, 002_default_created_edited_date.sql",
        "migration-name-length, sqlx, 20231021111635_initial",
        "migration-name-length, golang-migrate, 0002_1.7.0_schema",
        "migration-name-case, golang-migrate, 0002_1.7.0_schema",
        "down-missing, numbered, 002_add_orders_status.sql",
        "down-missing, sqlx, 20240102000000_add_orders_status",
        "version-timestamp-invalid, diesel, 2025-09-19-132648-0000_add_orders_status",
    })
    void accepts(String rule, String layout, String file) {
        LintFixture.Example ex = new LintFixture.Example(
                layout, 15, "CREATE TABLE orders (id bigint);", "", "SELECT 1;", false, file, false);
        List<Finding> findings = LintFixture.lint(tmp, ex, Map.of(rule, "on")).findings().stream()
                .filter(f -> f.ruleId().equals(rule))
                .toList();
        assertEquals(List.of(), findings);
    }
}
