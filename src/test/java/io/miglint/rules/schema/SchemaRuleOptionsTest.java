package io.miglint.rules.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.rule.Finding;
import io.miglint.rule.RuleOptions;
import io.miglint.testing.LintFixture;
import io.miglint.testing.MapRuleOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options .miglint.yaml gives these rules change what they report. */
class SchemaRuleOptionsTest {
    @TempDir
    Path dir;

    private static RuleOptions options(Map<String, Object> values) {
        return new MapRuleOptions(values);
    }

    private List<String> lint(String rule, String setup, String sql, RuleOptions options) {
        LintFixture.Example ex = new LintFixture.Example("numbered", 15, setup, "", sql, false, null, false);
        LintFixture.Result r = LintFixture.lint(dir, ex, Map.of(rule, "on"), options);
        return r.findings().stream()
                .filter(f -> f.ruleId().equals(rule))
                .map(Finding::message)
                .toList();
    }

    @Test
    void aConfiguredTemplateReplacesTheDefault() {
        String sql = "CREATE TABLE orders (id bigint, customer_id bigint);\n"
                + "CREATE INDEX orders_customer_id_ix ON orders (customer_id);\n"
                + "CREATE INDEX idx_orders_customer_id ON orders (customer_id);\n";
        RuleOptions custom = options(Map.of("options.index-name-convention.template", "{table}_{columns}_ix"));
        List<String> found = lint("index-name-convention", "", sql, custom);
        assertEquals(1, found.size(), found.toString());
        assertEquals(true, found.get(0).startsWith("index idx_orders_customer_id "), found.get(0));
    }

    @Test
    void postgresNamesCanBeRefused() {
        String sql = "CREATE TABLE orders (id bigint, customer_id bigint);\n"
                + "CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n";
        assertEquals(
                0, lint("index-name-convention", "", sql, RuleOptions.EMPTY).size());
        RuleOptions strict = options(Map.of("options.index-name-convention.allow-postgres-names", false));
        assertEquals(1, lint("index-name-convention", "", sql, strict).size());
    }

    @Test
    void migrationSizeLimitsAreConfigurable() {
        String setup = IntStream.rangeClosed(1, 3)
                .mapToObj(i -> "CREATE TABLE t" + i + " (id bigint);\n")
                .collect(Collectors.joining());
        String sql = IntStream.range(0, 6)
                .mapToObj(i -> "UPDATE t" + (i % 3 + 1) + " SET id = id;\n")
                .collect(Collectors.joining());
        assertEquals(
                0, lint("migration-too-large", setup, sql, RuleOptions.EMPTY).size());
        RuleOptions small = options(
                Map.of("options.migration-too-large.max-statements", 5, "options.migration-too-large.max-tables", 2));
        List<String> found = lint("migration-too-large", setup, sql, small);
        assertEquals(
                List.of("this migration has 6 statements touching 3 tables: it is hard to review, holds all "
                        + "their locks until it commits, and can only succeed or roll back as a whole"),
                found);
    }
}
