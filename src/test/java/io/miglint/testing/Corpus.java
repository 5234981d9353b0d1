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
    public static final Map<String, String> SUPPORTED = new TreeMap<>(Map.ofEntries(
            Map.entry("LemmyNet__lemmy", "diesel"),
            Map.entry("ente-io__ente", "golang-migrate"),
            Map.entry("goharbor__harbor", "golang-migrate"),
            Map.entry("UPchieve__subway", "dbmate"),
            Map.entry("rust-lang__docs.rs", "sqlx"),
            Map.entry("atuinsh__atuin", "sqlx"),
            Map.entry("metabrainz__musicbrainz-server", "numbered"),
            Map.entry("MarquezProject__marquez", "flyway"),
            Map.entry("ory__kratos", "popx"),
            Map.entry("CMSgov__ab2d", "liquibase"),
            Map.entry("bcgov__cas-cif", "sqitch"),
            Map.entry("hatchet-dev__hatchet", "goose"),
            Map.entry("langfuse__langfuse", "prisma"),
            Map.entry("simstudioai__sim", "drizzle")));

    /** Projects whose tool's layout has not landed yet: tracked, not held to the supported ones' targets. */
    public static final Map<String, String> PENDING = new TreeMap<>(Map.of());

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

    /**
     * The {@code .sql} files below {@code root} that are migrations' scripts: all of them but the verify scripts of a
     * sqitch project (the {@code verify/} folder next to a {@code sqitch.plan}), which sqitch runs to check a deployed
     * change and which are no migrations.
     */
    public static List<Path> migrationSqlFiles(Path root) {
        return sqlFiles(root).stream().filter(f -> !sqitchVerifyScript(f, root)).toList();
    }

    private static boolean sqitchVerifyScript(Path file, Path root) {
        for (Path d = file.getParent(); d != null && d.startsWith(root); d = d.getParent()) {
            if (d.getFileName() != null
                    && d.getFileName().toString().equals("verify")
                    && d.getParent() != null
                    && Files.isRegularFile(d.getParent().resolve("sqitch.plan"))) {
                return true;
            }
        }
        return false;
    }

    /** {@link #SUPPORTED} and {@link #PENDING} together: the projects a corpus test knows. */
    public static Set<String> known() {
        Set<String> all = new java.util.TreeSet<>(SUPPORTED.keySet());
        all.addAll(PENDING.keySet());
        return all;
    }
}
