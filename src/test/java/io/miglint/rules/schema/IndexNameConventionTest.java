package io.miglint.rules.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** index-name-convention learns the folder's templates and never proposes a name another index has. */
class IndexNameConventionTest {
    private static final String RULE = "index-name-convention";

    @TempDir
    Path dir;

    private IndexFolder folder;

    @org.junit.jupiter.api.BeforeEach
    void folder() {
        folder = new IndexFolder(dir);
    }

    @Test
    void theFolderTemplatesOfLinkAndEditTablesAreItsOwn() {
        folder.linkTables();
        folder.migration(2, """
                CREATE TABLE l_area_instrument (id int PRIMARY KEY, entity0 int, entity1 int, link int);
                CREATE TABLE edit_area (edit int, area int);
                CREATE TABLE medium_index (medium int, toc text);
                CREATE UNIQUE INDEX l_area_instrument_idx_uniq ON l_area_instrument (entity0, entity1, link);
                CREATE INDEX edit_area_idx ON edit_area (area);
                CREATE INDEX medium_index_idx ON medium_index (toc);
                """);
        List<Finding> found = folder.findings(RULE);
        // edit_area_idx needs no columns, its table's name says "area"; medium_index_idx names no column at all.
        assertEquals(
                List.of("index medium_index_idx"),
                found.stream()
                        .map(f -> f.message().substring(0, f.message().indexOf(" is ")))
                        .toList());
        assertTrue(
                found.get(0).help().contains("`medium_index_idx_toc`"),
                found.get(0).help());
    }

    @Test
    void aRenameNeverProposesANameAnotherIndexHas() {
        folder.migration(1, """
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int, status text, placed_at timestamptz);
                CREATE INDEX idx_orders_status ON orders (status);
                CREATE INDEX idx_orders_placed_at ON orders (placed_at);
                CREATE INDEX idx_orders_status_placed_at ON orders (status, placed_at);
                CREATE INDEX idx_orders_customer_id ON orders (customer_id, placed_at);
                CREATE INDEX idx_orders_id_status ON orders (id, status);
                """);
        folder.migration(2, "CREATE INDEX orders_by_customer ON orders (customer_id);\n");
        List<Finding> found = folder.findings(RULE);
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0).help().contains("`idx_orders_customer_id` is taken"),
                found.get(0).help());
        assertFalse(
                found.get(0).help().contains("Name it `idx_orders_customer_id`"),
                found.get(0).help());
    }

    @Test
    void aFolderThatMixesTemplatesGetsNoFinding() {
        folder.migration(1, """
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int, status text, placed_at timestamptz);
                CREATE INDEX idx_orders_status ON orders (status);
                CREATE INDEX orders_placed_at_index ON orders (placed_at);
                CREATE INDEX orders_status_placed_at_idx ON orders (status, placed_at);
                CREATE INDEX idx_orders_id_status ON orders (id, status);
                CREATE INDEX orders_id_placed_at_index ON orders (id, placed_at);
                CREATE INDEX orders_id_customer_id_idx ON orders (id, customer_id);
                """);
        folder.migration(2, "CREATE INDEX orders_by_customer ON orders (customer_id);\n");
        assertEquals(
                List.of(), folder.findings(RULE).stream().map(Finding::message).toList());
    }

    @Test
    void theFirstIndexOfAScriptIsJudgedByTheOnesItCreatesAfterIt() {
        folder.migration(1, """
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int, status text, number text, placed_at date);
                CREATE INDEX by_customer ON orders (customer_id);
                CREATE INDEX ix_orders_status ON orders (status);
                CREATE INDEX ix_orders_number ON orders (number);
                CREATE INDEX ix_orders_placed_at ON orders (placed_at);
                CREATE INDEX ix_orders_status_number ON orders (status, number);
                CREATE INDEX ix_orders_status_placed_at ON orders (status, placed_at);
                """);
        List<Finding> found = folder.findings(RULE);
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0).message().startsWith("index by_customer "),
                found.get(0).message());
    }

    @Test
    void aFamilyOfTablesMayHaveATemplateOfItsOwn() {
        folder.migration(
                1,
                IntStream.range(0, 30)
                        .mapToObj(i -> "CREATE TABLE t" + i + " (a int, b int);\n" + "CREATE INDEX idx_t" + i
                                + "_a ON t" + i + " (a);\nCREATE INDEX idx_t" + i + "_b ON t" + i + " (b);\n")
                        .collect(Collectors.joining()));
        // Three audit tables, each indexed the same way: the family's template, though not the folder's.
        folder.migration(2, """
                CREATE TABLE audit_orders (at timestamptz);
                CREATE TABLE audit_users (at timestamptz);
                CREATE TABLE audit_invoices (at timestamptz);
                CREATE INDEX audit_orders_brin ON audit_orders USING brin (at);
                CREATE INDEX audit_users_brin ON audit_users USING brin (at);
                CREATE INDEX audit_invoices_brin ON audit_invoices USING brin (at);
                """);
        folder.migration(3, """
                CREATE TABLE audit_payments (at timestamptz);
                CREATE INDEX audit_payments_brin ON audit_payments USING brin (at);
                CREATE TABLE invoices (at timestamptz);
                CREATE INDEX invoices_brin ON invoices USING brin (at);
                """);
        List<Finding> found = folder.findings(RULE);
        assertEquals(
                List.of("index invoices_brin"),
                found.stream()
                        .map(f -> f.message().substring(0, f.message().indexOf(" is ")))
                        .toList());
    }
}
