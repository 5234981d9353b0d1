package io.miglint.rules.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import io.miglint.rule.RuleOptions;
import io.miglint.rule.Severity;
import io.miglint.testing.FolderLint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pairing rules respect a folder's deliberate choices: up-only folders, downs left empty on purpose. */
class PairingRulesTest {
    @TempDir
    Path dir;

    private void up(int version, String name, String sql) {
        FolderLint.write(dir.resolve(version + "_" + name + ".up.sql"), sql);
    }

    private void down(int version, String name, String sql) {
        FolderLint.write(dir.resolve(version + "_" + name + ".down.sql"), sql);
    }

    @Test
    void anUpOnlyFolderGetsOneInfoNotOneFindingPerFile() {
        for (int i = 1; i <= 6; i++) {
            up(i, "create_table_" + i, "CREATE TABLE t" + i + " (id bigint);\n");
        }
        List<Finding> found = FolderLint.findings(dir, "golang-migrate", "down-missing", RuleOptions.EMPTY);
        assertEquals(1, found.size(), found.toString());
        assertEquals(Severity.INFO, found.get(0).severity());
        assertTrue(
                found.get(0).message().contains("none of its 6 migrations"),
                found.get(0).message());
    }

    @Test
    void aFolderWhoseDownsAreMostlyEmptyGetsOneNote() {
        for (int i = 1; i <= 6; i++) {
            up(i, "create_table_" + i, "CREATE TABLE t" + i + " (id bigint);\n");
            down(i, "create_table_" + i, i <= 2 ? "DROP TABLE t" + i + ";\n" : "");
        }
        List<Finding> found = FolderLint.findings(dir, "golang-migrate", "down-empty", RuleOptions.EMPTY);
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0).message().startsWith("4 of the 6 downs of this folder are empty"),
                found.get(0).message());
        assertEquals(Severity.INFO, found.get(0).severity());
    }

    @Test
    void emptyDownsOnPurposeAreNotReportedAndAnUnexplainedOneIs() {
        for (int i = 1; i <= 3; i++) {
            up(i, "create_table_" + i, "CREATE TABLE t" + i + " (id bigint);\n");
            down(i, "create_table_" + i, "DROP TABLE t" + i + ";\n");
        }
        up(4, "add_mood_happy", "ALTER TYPE mood ADD VALUE 'happy';\n");
        down(4, "add_mood_happy", "");
        up(5, "backfill_t1", "UPDATE t1 SET id = id + 1;\nDELETE FROM t2 WHERE id < 0;\n");
        down(5, "backfill_t1", "\n");
        up(6, "create_t6", "CREATE TABLE t6 (id bigint);\n");
        down(6, "create_t6", "-- no-op: t6 is kept on rollback\n");
        up(7, "create_t7", "CREATE TABLE t7 (id bigint);\n");
        down(7, "create_t7", "-- TODO\n");
        List<Finding> found = FolderLint.findings(dir, "golang-migrate", "down-empty", RuleOptions.EMPTY);
        assertEquals(
                List.of("7_create_t7.down.sql"),
                found.stream()
                        .map(f -> f.location().file().getFileName().toString())
                        .toList());
        assertEquals(Severity.INFO, found.get(0).severity());
    }

    @Test
    void aBlankDieselDownIsAnErrorBecauseDieselRefusesIt() {
        FolderLint.write(dir.resolve("2024-01-01-000000_create_t1/up.sql"), "CREATE TABLE t1 (id bigint);\n");
        FolderLint.write(dir.resolve("2024-01-01-000000_create_t1/down.sql"), "DROP TABLE t1;\n");
        FolderLint.write(dir.resolve("2024-01-02-000000_create_t2/up.sql"), "CREATE TABLE t2 (id bigint);\n");
        FolderLint.write(dir.resolve("2024-01-02-000000_create_t2/down.sql"), "");
        FolderLint.write(dir.resolve("2024-01-03-000000_create_t3/up.sql"), "CREATE TABLE t3 (id bigint);\n");
        FolderLint.write(dir.resolve("2024-01-03-000000_create_t3/down.sql"), "-- This file should undo anything\n");
        FolderLint.write(dir.resolve("2024-01-04-000000_create_t4/up.sql"), "CREATE TABLE t4 (id bigint);\n");
        FolderLint.write(dir.resolve("2024-01-04-000000_create_t4/down.sql"), "DROP TABLE t4;\n");
        List<String> found = FolderLint.findings(dir, "diesel", "down-empty", RuleOptions.EMPTY).stream()
                .map(f -> f.location().file().getParent().getFileName() + " "
                        + f.severity().label())
                .sorted()
                .toList();
        assertEquals(List.of("2024-01-02-000000_create_t2 error", "2024-01-03-000000_create_t3 info"), found);
    }

    @Test
    void anIndentedDbmateDownMarkerIsAnErrorBecauseDbmateRefusesTheFile() {
        FolderLint.write(
                dir.resolve("20240101000000_create_cities.sql"),
                "-- migrate:up\n"
                        + "CREATE TABLE cities (id bigint);\n\n    -- migrate:down\n    DROP TABLE cities;\n");
        FolderLint.write(
                dir.resolve("20240102000000_create_towns.sql"),
                "-- migrate:up\n" + "CREATE TABLE towns (id bigint);\n-- migrate:down\nDROP TABLE towns;\n");
        List<Finding> found = FolderLint.findings(dir, "dbmate", "down-missing", RuleOptions.EMPTY);
        assertEquals(1, found.size(), found.toString());
        assertEquals(Severity.ERROR, found.get(0).severity());
        assertTrue(found.get(0).message().contains("indented"), found.get(0).message());
    }

    @Test
    void aDbmateFileWithoutADownSectionIsAnErrorBecauseDbmateRefusesIt() {
        FolderLint.write(
                dir.resolve("20240101000000_create_cities.sql"),
                "-- migrate:up\nCREATE TABLE cities (id bigint);\n-- migrate:down\nDROP TABLE cities;\n");
        FolderLint.write(
                dir.resolve("20240102000000_create_towns.sql"), "-- migrate:up\nCREATE TABLE towns (id bigint);\n");
        List<Finding> found = FolderLint.findings(dir, "dbmate", "down-missing", RuleOptions.EMPTY);
        assertEquals(1, found.size(), found.toString());
        assertEquals(Severity.ERROR, found.get(0).severity());
        assertTrue(
                found.get(0).location().file().endsWith("20240102000000_create_towns.sql"),
                found.get(0).toString());
        assertTrue(
                found.get(0).message().contains("refuse the file"), found.get(0).message());
    }

    @Test
    void aDbmateFolderWithoutAnyDownSectionGetsOneError() {
        FolderLint.write(
                dir.resolve("20240101000000_create_cities.sql"), "-- migrate:up\nCREATE TABLE cities (id bigint);\n");
        FolderLint.write(
                dir.resolve("20240102000000_create_towns.sql"), "-- migrate:up\nCREATE TABLE towns (id bigint);\n");
        List<Finding> found = FolderLint.findings(dir, "dbmate", "down-missing", RuleOptions.EMPTY);
        assertEquals(1, found.size(), found.toString());
        assertEquals(Severity.ERROR, found.get(0).severity());
        assertTrue(
                found.get(0).message().startsWith("none of this folder's 2 migrations"),
                found.get(0).message());
    }
}
