package io.miglint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares output with src/test/resources/report/golden/&lt;name&gt;. After an intended change to a format, regenerate
 * the files with {@code mvn -o test -Dtest='*ReporterGoldenTest' -Dmiglint.updateGolden=true} and review the diff.
 */
final class GoldenFiles {

    private GoldenFiles() {}

    static void assertMatches(String name, String actual) throws IOException {
        if (Boolean.getBoolean("miglint.updateGolden")) {
            Path file =
                    Path.of(System.getProperty("miglint.projectDir", "."), "src/test/resources/report/golden", name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = GoldenFiles.class.getResourceAsStream("/report/golden/" + name)) {
            assertNotNull(in, "golden file " + name + " is missing; run with -Dmiglint.updateGolden=true");
            assertEquals(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    actual,
                    name + " differs from its golden file (regenerate with -Dmiglint.updateGolden=true if intended)");
        }
    }
}
