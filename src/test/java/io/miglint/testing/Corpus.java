package io.miglint.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The development corpus of real migrations, {@code ../shared/corpus} beside the project (or {@code
 * -Dmiglint.corpusDir=…}). Tests that read it skip themselves when it is absent.
 *
 * <p>Its projects come in two groups. {@link #SUPPORTED} ones belong to tools whose layouts miglint reads: corpus
 * tests hold them to every promise (each file read, no tool error, coverage targets). {@link #PENDING} ones belong to
 * tools whose layouts have not landed yet: corpus tests run them too, print what is still missing, and fail only on a
 * crash. A project moves from the second map to the first in the change that lands its layout; a corpus folder in
 * neither fails {@code CorpusProjectsTest}, so a new project is never silently ignored.
 */
public final class Corpus {
    private Corpus() {}

    /** Projects whose layout miglint reads, by folder name, with the tool. */
    public static final Map<String, String> SUPPORTED = new TreeMap<>(Map.of(
            "LemmyNet__lemmy", "diesel",
            "ente-io__ente", "golang-migrate",
            "goharbor__harbor", "golang-migrate",
            "UPchieve__subway", "dbmate",
            "rust-lang__docs.rs", "sqlx",
            "atuinsh__atuin", "sqlx",
            "metabrainz__musicbrainz-server", "numbered",
            "MarquezProject__marquez", "flyway",
            "langfuse__langfuse", "prisma",
            "simstudioai__sim", "drizzle"));

    /** Projects whose tool's layout has not landed yet: tracked, not held to the supported ones' targets. */
    public static final Map<String, String> PENDING = new TreeMap<>(Map.of(
            "hatchet-dev__hatchet", "goose",
            "CMSgov__ab2d", "liquibase",
            "ory__kratos", "popx",
            "bcgov__cas-cif", "sqitch"));

    /** The corpus folder, whether or not it exists. */
    public static Path location() {
        String override = System.getProperty("miglint.corpusDir");
        return (override != null
                        ? Path.of(override)
                        : Path.of(System.getProperty("miglint.projectDir", ".")).resolve("../shared/corpus"))
                .toAbsolutePath()
                .normalize();
    }

    /** The corpus folder; aborts the calling test (skipped, not failed) when there is none. */
    public static Path require() {
        Path p = location();
        Assumptions.assumeTrue(Files.isDirectory(p), "corpus not present at " + p);
        return p;
    }

    /** Whether a project folder's layout is supported (strict checks) rather than pending (tracked). */
    public static boolean supported(String project) {
        return SUPPORTED.containsKey(project);
    }

    /** The project folder a corpus path belongs to. */
    public static String projectOf(Path corpus, Path file) {
        return corpus.relativize(file).getName(0).toString();
    }

    /** Project folders present in the corpus, sorted. */
    public static List<String> projects(Path corpus) {
        try (Stream<Path> s = Files.list(corpus)) {
            return s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular {@code .sql} file below {@code root}, sorted (Prisma folders may themselves end in ".sql"). */
    public static List<Path> sqlFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".sql") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #SUPPORTED} and {@link #PENDING} together: the projects a corpus test knows. */
    public static Set<String> known() {
        Set<String> all = new java.util.TreeSet<>(SUPPORTED.keySet());
        all.addAll(PENDING.keySet());
        return all;
    }
}
