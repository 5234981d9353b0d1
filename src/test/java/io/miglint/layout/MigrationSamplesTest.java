package io.miglint.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The samples in migrations-samples/ are read as the layout their folder names, with the pairing they show. */
class MigrationSamplesTest {

    private static MigrationSet read(LayoutKind layout, String quality) {
        Path project =
                Path.of(System.getProperty("miglint.projectDir", "."), "migrations-samples", layout.id(), quality);
        Discovery d = MigrationDiscovery.discover(List.of(project), Optional.empty());
        assertEquals(1, d.sets().size(), () -> project + ": " + d.sets() + " " + d.problems());
        assertEquals(List.of(), d.problems());
        MigrationSet set = d.sets().get(0);
        assertEquals(layout, set.layout(), set.detectedBy());
        return set;
    }

    /** Numbered scripts have no downs by convention; Prisma Migrate and Drizzle Kit have no down migrations at all. */
    private static boolean hasDowns(LayoutKind layout) {
        return layout != LayoutKind.NUMBERED && layout != LayoutKind.PRISMA && layout != LayoutKind.DRIZZLE;
    }

    @ParameterizedTest
    @EnumSource(LayoutKind.class)
    void goodSampleIsCompleteAndPaired(LayoutKind layout) {
        MigrationSet set = read(layout, "good");
        assertEquals(6, set.migrations().size());
        assertEquals(List.of(), set.otherFiles());
        for (Migration m : set.migrations()) {
            assertNotNull(m.up(), m.toString());
            assertEquals(hasDowns(layout), m.down() != null, m.toString());
        }
        Migration index = set.migrations().get(2);
        assertEquals("create_orders_user_id_index", index.name());
        // sqitch, like the as-written scripts, opens no transaction of its own: the scripts' BEGIN/COMMIT decide;
        // Prisma, like golang-migrate, sends each script as one query and wraps none (its lone CONCURRENTLY runs
        // outside a transaction because it is alone); drizzle-orm runs every migration in its one transaction
        boolean toolCanSkipTransaction = layout != LayoutKind.GOLANG_MIGRATE
                && layout != LayoutKind.PRISMA
                && layout != LayoutKind.DRIZZLE
                && layout != LayoutKind.NUMBERED
                && layout != LayoutKind.ROLLBACK_SUFFIX
                && layout != LayoutKind.SQITCH;
        if (toolCanSkipTransaction) {
            assertFalse(index.up().execution().wrapped(), index.up().execution().reason());
            assertFalse(
                    index.down().execution().wrapped(), index.down().execution().reason());
            assertTrue(set.migrations().get(0).up().execution().wrapped());
        }
        if (layout == LayoutKind.PRISMA) {
            assertFalse(index.up().execution().wrapped(), index.up().execution().reason());
            assertTrue(
                    index.up().execution().singleQuery(), index.up().execution().reason());
        }
        if (layout == LayoutKind.DRIZZLE) {
            // no way out of drizzle-orm's transaction: the sample builds the index there without CONCURRENTLY
            assertTrue(index.up().execution().wrapped(), index.up().execution().reason());
        }
    }

    @ParameterizedTest
    @EnumSource(LayoutKind.class)
    void badSampleKeepsEveryDefectForTheRules(LayoutKind layout) {
        MigrationSet set = read(layout, "bad");
        assertTrue(
                set.otherFiles().stream().anyMatch(p -> p.toString().contains("add_payments_table")),
                () -> set.otherFiles().toString());
        long distinctVersions = set.migrations().stream()
                // a Prisma migration's version is its whole folder name: the duplicate is a shared timestamp
                .map(m -> layout == LayoutKind.PRISMA
                        ? m.version()
                                .text()
                                .substring(0, Math.min(14, m.version().text().length()))
                        : m.version().text())
                .collect(Collectors.toSet())
                .size();
        // Liquibase has neither: changesets run in the changelog's order, and a rollback is part of its changeset;
        // sqitch has no versions: its plan orders the changes, and a name repeated without a tag is a plan error
        boolean versionsAndPairs = layout != LayoutKind.LIQUIBASE && layout != LayoutKind.SQITCH;
        assertTrue(!versionsAndPairs || distinctVersions < set.migrations().size(), "a duplicate version is kept");
        if (layout == LayoutKind.LIQUIBASE) {
            assertTrue(set.migrations().stream().anyMatch(m -> m.up() != null && m.down() == null), "a missing down");
        } else if (hasDowns(layout)) {
            assertTrue(set.migrations().stream().anyMatch(m -> m.up() == null), "an orphaned down");
            assertTrue(set.migrations().stream().anyMatch(m -> m.up() != null && m.down() == null), "a missing down");
        }
        Migration concurrent = set.migrations().stream()
                .filter(m -> m.name().equals("add_index_concurrently_on_orders_created_at"))
                .findFirst()
                .orElseThrow();
        assertTrue(concurrent.up().execution().multiStatementIsTransactional()
                || layout == LayoutKind.NUMBERED
                || layout == LayoutKind.ROLLBACK_SUFFIX
                || layout == LayoutKind.SQITCH);
    }
}
