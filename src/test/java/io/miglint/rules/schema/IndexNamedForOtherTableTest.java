package io.miglint.rules.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * index-named-for-other-table: a name that gives another table where the folder's template puts the table, with helps
 * built on the table the name gives; index-name-convention leaves these to it.
 */
class IndexNamedForOtherTableTest {
    private static final String RULE = "index-named-for-other-table";

    @TempDir
    Path dir;

    private IndexFolder folder;

    @org.junit.jupiter.api.BeforeEach
    void folder() {
        folder = new IndexFolder(dir);
    }

    @Test
    void onTheTableItsNameGivesTheHelpUsesThatTablesOwnColumns() {
        folder.linkTables();
        folder.migration(2, """
                CREATE TABLE edit_label (edit int, label int);
                CREATE INDEX edit_label_idx ON edit_label (label);
                CREATE TABLE edit_area (edit int, area int);
                CREATE INDEX edit_area_idx ON edit_area (area);
                CREATE TABLE edit_instrument (edit int, instrument int);
                CREATE INDEX edit_instrument_idx ON edit_label (label);
                CREATE TABLE edit_series (edit int, series int);
                CREATE INDEX edit_series_idx ON edit_label (edit, label, note);
                """);
        List<Finding> found = folder.findings(RULE).stream()
                .filter(f -> f.message().contains("its name gives"))
                .toList();
        assertEquals(2, found.size(), found.toString());
        // edit_label (label) named for edit_instrument: edit_instrument's column is instrument (it has no label).
        assertTrue(
                found.get(0)
                        .help()
                        .contains("`CREATE INDEX edit_instrument_idx ON edit_instrument (instrument);`"
                                + " (edit_instrument's own column where edit_label has label)"),
                found.get(0).help());
        // A column neither table name explains: no statement to paste, the missing column named.
        assertTrue(
                found.get(1)
                        .help()
                        .contains("build it on edit_series instead, over the columns of edit_series it "
                                + "should cover (edit_series has no note)"),
                found.get(1).help());
    }

    @Test
    void anIndexNamedAfterAnotherTableSaysSoAndOffersNoRename() {
        folder.linkTables();
        folder.migration(2, """
                CREATE TABLE l_area_instrument (id int PRIMARY KEY, entity0 int, entity1 int, link int);
                CREATE UNIQUE INDEX l_area_instrument_idx_uniq ON l_area_label (entity0, entity1, link);
                CREATE INDEX l_area_instrument_idx_entity1 ON l_area_label (entity1);
                """);
        List<Finding> found = folder.findings(RULE);
        assertEquals(2, found.size(), found.toString());
        Finding unique = found.get(0);
        assertTrue(
                unique.message().contains("built on l_area_label, but its name gives l_area_instrument"),
                unique.message());
        assertTrue(
                unique.message().contains("l_area_label already has l_area_label_idx_uniq on the same columns"),
                unique.message());
        assertTrue(
                unique.help()
                        .contains("`CREATE UNIQUE INDEX l_area_instrument_idx_uniq ON l_area_instrument "
                                + "(entity0, entity1, link);`"),
                unique.help());
        assertFalse(unique.help().contains("Name it `"), "no rename: " + unique.help());
        Finding plain = found.get(1);
        assertTrue(plain.message().contains("its name gives l_area_instrument"), plain.message());
        assertFalse(plain.message().contains("already has"), plain.message());
        assertFalse(plain.help().contains("l_area_label_idx_entity1"), "no rename: " + plain.help());
    }

    @Test
    void indexNameConventionDoesNotReportThemAsWell() {
        folder.linkTables();
        folder.migration(2, """
                CREATE TABLE l_area_instrument (id int PRIMARY KEY, entity0 int, entity1 int, link int);
                CREATE UNIQUE INDEX l_area_instrument_idx_uniq ON l_area_label (entity0, entity1, link);
                """);
        assertEquals(1, folder.findings(RULE).size());
        assertEquals(List.of(), folder.findings("index-name-convention"));
    }
}
