package io.miglint.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.layout.LayoutKind;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File names of new migrations per layout, with a fixed clock (05:06:07 UTC, seen from Tokyo). */
class MigrationScaffoldTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneId.of("Asia/Tokyo"));

    @TempDir
    Path dir;

    private List<String> plan(LayoutKind layout, String... existing) throws IOException {
        for (String e : existing) {
            Path p = dir.resolve(e);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "SELECT 1;\n");
        }
        return MigrationScaffold.plan(dir, layout, "add_users_phone", CLOCK).stream()
                .map(f -> dir.relativize(f.path()).toString())
                .toList();
    }

    @Test
    void golangMigrateUsesAUtcTimestampInAnEmptyOrTimestampedFolder() throws IOException {
        assertEquals(
                List.of("20260304050607_add_users_phone.up.sql", "20260304050607_add_users_phone.down.sql"),
                plan(LayoutKind.GOLANG_MIGRATE, "20240105093000_create_users_table.up.sql"));
    }

    @Test
    void golangMigrateSequencesContinueUnpaddedOrPadded() throws IOException {
        assertEquals(
                List.of("11_add_users_phone.up.sql", "11_add_users_phone.down.sql"),
                plan(
                        LayoutKind.GOLANG_MIGRATE,
                        "1_create_users.up.sql",
                        "2_create_orders.up.sql",
                        "10_add_orders_total.up.sql",
                        "10_add_orders_total.down.sql"));
    }

    @Test
    void paddedSequencesKeepTheirWidth() throws IOException {
        assertEquals(
                List.of("000003_add_users_phone.up.sql", "000003_add_users_phone.down.sql"),
                plan(LayoutKind.GOLANG_MIGRATE, "000001_create_users.up.sql", "000002_create_orders.up.sql"));
    }

    @Test
    void aClockBehindTheNewestMigrationStillSortsLast() throws IOException {
        assertEquals(
                List.of("20300101000000_add_users_phone.up.sql", "20300101000000_add_users_phone.down.sql"),
                plan(LayoutKind.GOLANG_MIGRATE, "20291231235959_create_users.up.sql"));
    }

    @Test
    void sqlxFollowsTheFolderSimpleOrReversible() throws IOException {
        assertEquals(
                List.of("20260304050607_add_users_phone.sql"),
                plan(LayoutKind.SQLX, "20240105093000_create_users_table.sql"));
        Path reversible = Files.createDirectories(dir.resolve("rev"));
        Files.writeString(reversible.resolve("20240105093000_create_users_table.up.sql"), "SELECT 1;\n");
        assertEquals(
                List.of("20260304050607_add_users_phone.up.sql", "20260304050607_add_users_phone.down.sql"),
                MigrationScaffold.plan(reversible, LayoutKind.SQLX, "add_users_phone", CLOCK).stream()
                        .map(f -> f.path().getFileName().toString())
                        .toList());
    }

    @Test
    void dbmateOneFileWithBothSections() throws IOException {
        List<PlannedFile> files = MigrationScaffold.plan(dir, LayoutKind.DBMATE, "add_users_phone", CLOCK);
        assertEquals(1, files.size());
        assertEquals(
                "20260304050607_add_users_phone.sql",
                files.get(0).path().getFileName().toString());
        String text = files.get(0).content();
        assertTrue(text.indexOf("\n-- migrate:up\n") < text.indexOf("\n-- migrate:down\n"), text);
    }

    @Test
    void dieselFolderWithUpAndDown() throws IOException {
        assertEquals(
                List.of("2026-03-04-050607_add_users_phone/up.sql", "2026-03-04-050607_add_users_phone/down.sql"),
                plan(LayoutKind.DIESEL));
    }

    @Test
    void flywayNextVersionAndAnUndoOnlyWhereTheProjectWritesThem() throws IOException {
        assertEquals(
                List.of("V7__add_users_phone.sql"),
                plan(LayoutKind.FLYWAY, "V1__create_users.sql", "V6__add_orders.sql", "V2_1__fix_index.sql"));
        Files.writeString(dir.resolve("U6__add_orders.sql"), "SELECT 1;\n");
        assertEquals(List.of("V7__add_users_phone.sql", "U7__add_users_phone.sql"), plan(LayoutKind.FLYWAY));
    }

    @Test
    void numberedKeepsTheWidth() throws IOException {
        assertEquals(List.of("001_add_users_phone.sql"), plan(LayoutKind.NUMBERED));
        assertEquals(
                List.of("0010_add_users_phone.sql"),
                plan(LayoutKind.NUMBERED, "0008_create_users.sql", "0009_create_orders.sql"));
    }

    @Test
    void rollbackSuffixPair() throws IOException {
        assertEquals(
                List.of("20260304_050607_add_users_phone.sql", "20260304_050607_add_users_phone_rollback.sql"),
                plan(LayoutKind.ROLLBACK_SUFFIX, "20240105_093000_create_users_table.sql"));
    }

    @Test
    void liquibaseChangesetGoesNextToTheLastIncludedFileAndReadsAsOneChangeset() throws IOException {
        Files.createDirectories(dir.resolve("v2026"));
        Files.writeString(
                dir.resolve("db.changelog-master.yaml"),
                "databaseChangeLog:\n  - include:\n      file: db/changelog/v2025/a.sql\n"
                        + "  - include:\n      file: db/changelog/v2026/b.sql\n");
        assertEquals(List.of("v2026/add_users_phone.sql"), plan(LayoutKind.LIQUIBASE, "v2025/a.sql", "v2026/b.sql"));
        PlannedFile f = MigrationScaffold.plan(dir, LayoutKind.LIQUIBASE, "add_users_phone", CLOCK)
                .get(0);
        assertTrue(f.content().contains("`- include: file: db/changelog/v2026/add_users_phone.sql`"), f.content());
        MigrationScaffold.write(List.of(f));
        var read = io.miglint.layout.LiquibaseChangelog.readAll(
                dir.toRealPath(), List.of(f.path().toRealPath()));
        assertEquals(1, read.entries().size(), read.problems().toString());
        assertEquals("add_users_phone", read.entries().get(0).changeSet().id());
        assertTrue(read.entries().get(0).changeSet().hasRollback());
    }

    @Test
    void liquibaseFolderWithoutChangelogContinuesItsNumbering() throws IOException {
        assertEquals(
                List.of("003_add_users_phone.sql"),
                plan(LayoutKind.LIQUIBASE, "001_create_users.sql", "002_create_orders.sql"));
    }

    @Test
    void writingNeverOverwrites() throws IOException {
        List<PlannedFile> files = MigrationScaffold.plan(dir, LayoutKind.NUMBERED, "add_users_phone", CLOCK);
        MigrationScaffold.write(files);
        String before = Files.readString(files.get(0).path());
        assertThrows(
                FileAlreadyExistsException.class,
                () -> MigrationScaffold.write(
                        List.of(new PlannedFile(files.get(0).path(), "DROP TABLE users;\n"))));
        assertEquals(before, Files.readString(files.get(0).path()));
    }

    @Test
    void gooseNamesFilesAsGooseCreateDoes() throws IOException {
        assertEquals(List.of("20260304050607_add_users_phone.sql"), plan(LayoutKind.GOOSE));
        assertEquals(
                List.of("20260304050607_add_users_phone.sql"),
                plan(LayoutKind.GOOSE, "20240105093000_create_users.sql"));
    }

    @Test
    void gooseSequentialFoldersGetGooseCreateSsFiveDigits() throws IOException {
        assertEquals(List.of("00013_add_users_phone.sql"), plan(LayoutKind.GOOSE, "00001_a.sql", "12_b.sql"));
    }

    @Test
    void gooseTemplateIsReadByGooseAsAnEmptyUpAndAFailingDown() throws IOException {
        String text =
                MigrationScaffold.plan(dir, LayoutKind.GOOSE, "x", CLOCK).get(0).content();
        io.miglint.layout.GooseScript g = io.miglint.layout.GooseScript.parse(text);
        assertEquals(java.util.Optional.empty(), g.problem());
        assertTrue(g.useTx());
        assertEquals(List.of(), g.up());
        assertEquals(1, g.down().size());
        assertTrue(g.down().get(0).block());
    }
}
