package io.miglint.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The development corpus of real migrations, {@code ../shared/corpus} beside the project (or {@code
 * -Dmiglint.corpusDir=…}). Tests that read it skip themselves when it is absent.
 */
public final class Corpus {
    private Corpus() {
    }

    /** The corpus folder, whether or not it exists. */
    public static Path location() {
        String override = System.getProperty("miglint.corpusDir");
        return (override != null ? Path.of(override)
                : Path.of(System.getProperty("miglint.projectDir", ".")).resolve("../shared/corpus"))
                .toAbsolutePath().normalize();
    }

    /** The corpus folder; aborts the calling test (skipped, not failed) when there is none. */
    public static Path require() {
        Path p = location();
        Assumptions.assumeTrue(Files.isDirectory(p), "corpus not present at " + p);
        return p;
    }
}
