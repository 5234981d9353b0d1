package io.miglint.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.miglint.diagnostic.ToolError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every project of the shared corpus is detected as the layout its MANIFEST.md names, and no .sql file is lost. */
class CorpusLayoutTest {

    private static Path corpus() {
        return io.miglint.testing.Corpus.location();
    }

    @ParameterizedTest
    @CsvSource({
        // MusicBrainz: hand-run YYYYMMDD-description.sql plus schema-change/NN.scope.sql, both run as written.
        "metabrainz__musicbrainz-server, NUMBERED, 2",
        "goharbor__harbor, GOLANG_MIGRATE, 1",
        "ente-io__ente, GOLANG_MIGRATE, 1",
        "UPchieve__subway, DBMATE, 1",
        // docs.rs uses sqlx, but the copied folder has no Cargo.toml and no '-- no-transaction' header: the
        // shared .up.sql/.down.sql naming is read as golang-migrate, marked as a guess (see below).
        "rust-lang__docs.rs, GOLANG_MIGRATE, 1",
        "atuinsh__atuin, SQLX, 1",
        "LemmyNet__lemmy, DIESEL, 1",
        "MarquezProject__marquez, FLYWAY, 1",
        // sqitch: the project folder (sqitch.plan) is the set; its deploy/revert/verify trees are read with it.
        "bcgov__cas-cif, SQITCH, 1",
    })
    void projectIsDetectedAndEveryFileAccountedFor(String project, LayoutKind expected, int expectedSets)
            throws IOException {
        Path root = corpus().resolve(project);
        assumeTrue(Files.isDirectory(root), "corpus not present");
        Discovery d = MigrationDiscovery.discover(List.of(root), Optional.empty());

        assertEquals(expectedSets, d.sets().size(), () -> d.sets().toString());
        for (MigrationSet set : d.sets()) {
            assertEquals(expected, set.layout(), set.displayFolder() + ": " + set.detectedBy());
            assertFalse(set.migrations().isEmpty());
            for (int i = 1; i < set.migrations().size(); i++) {
                Migration a = set.migrations().get(i - 1);
                Migration b = set.migrations().get(i);
                if (!"R".equals(b.kind())) {
                    assertTrue(a.version().compareTo(b.version()) <= 0, a.version() + " before " + b.version());
                }
            }
        }
        Set<Path> accounted = new HashSet<>();
        for (MigrationSet set : d.sets()) {
            for (Migration m : set.migrations()) {
                if (m.up() != null) {
                    accounted.add(m.up().file());
                }
                m.downScript().ifPresent(s -> accounted.add(s.file()));
            }
            accounted.addAll(set.otherFiles());
        }
        Set<Path> all;
        try (Stream<Path> files = Files.walk(root)) {
            all = files.filter(p -> p.toString().endsWith(".sql"))
                    .filter(io.miglint.testing.Corpus.migrationSqlFiles(root)::contains)
                    .map(MigrationFolderReaderPaths::real)
                    .collect(Collectors.toSet());
        }
        Set<Path> missing = new HashSet<>(all);
        missing.removeAll(accounted);
        assertEquals(Set.of(), missing);
        assertEquals(
                List.of(),
                d.problems().stream()
                        .filter(p -> p.kind() != ToolError.Kind.LAYOUT)
                        .toList());
    }

    /**
     * The copied folders keep no project file (the real repositories have go.mod or Cargo.toml above them): the
     * .up.sql/.down.sql folders are golang-migrate's or sqlx's as far as anything here shows, and are marked so.
     */
    @ParameterizedTest
    @CsvSource({
        "rust-lang__docs.rs, SQLX",
        "ente-io__ente, SQLX",
        "goharbor__harbor, SQLX",
        "atuinsh__atuin, ",
        "LemmyNet__lemmy, ",
        "UPchieve__subway, "
    })
    void upDownFoldersWithNothingAboveThemAreMarkedAsAGuess(String project, LayoutKind alsoFits) {
        Path root = corpus().resolve(project);
        assumeTrue(Files.isDirectory(root), "corpus not present");
        Discovery d = MigrationDiscovery.discover(List.of(root), Optional.empty());
        for (MigrationSet set : d.sets()) {
            assertEquals(Optional.ofNullable(alsoFits), set.alsoFits(), set.detectedBy());
        }
    }

    /**
     * Projects of layouts that have not landed ({@code Corpus.PENDING}): discovery must not crash on them; what it
     * makes of them today is printed so the gap stays visible until each layout lands and joins the list above.
     */
    @org.junit.jupiter.api.Test
    void pendingProjectsAreDiscoveredWithoutACrash() {
        Path corpus = io.miglint.testing.Corpus.require();
        for (String project : io.miglint.testing.Corpus.PENDING.keySet()) {
            Path root = corpus.resolve(project);
            assumeTrue(Files.isDirectory(root), "corpus project not present: " + project);
            Discovery d = MigrationDiscovery.discover(List.of(root), Optional.empty());
            long files = io.miglint.testing.Corpus.sqlFiles(root).size();
            long read = d.sets().stream()
                    .mapToLong(s -> s.migrations().stream()
                            .mapToLong(m ->
                                    (m.up() != null ? 1 : 0) + (m.downScript().isPresent() ? 1 : 0))
                            .sum())
                    .sum();
            System.out.println("pending layout " + io.miglint.testing.Corpus.PENDING.get(project) + " (" + project
                    + "): detected as "
                    + d.sets().stream().map(s -> s.layout().name()).distinct().toList() + ", "
                    + read + " of " + files + " .sql files read as migrations, "
                    + d.problems().size()
                    + " problems");
        }
    }

    /** Real paths, as the discovery records them. */
    static final class MigrationFolderReaderPaths {
        static Path real(Path p) {
            try {
                return p.toRealPath();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
