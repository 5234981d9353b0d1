package io.miglint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.cli.CheckPipeline;
import io.miglint.rule.Finding;
import io.miglint.rule.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every project in migrations-samples gives exactly the findings its {@code expected-findings.txt} lists
 * ({@code file:line rule-id}, paths relative to the project), and every good project has no error or warning.
 * The lists were reviewed against migrations-samples/README.md; regenerate after a deliberate rule change with
 * {@code -Dmiglint.updateSamples=true} and review the diff.
 */
class SampleFindingsTest {
    static final Path SAMPLES =
            Path.of(System.getProperty("miglint.projectDir", ".")).resolve("migrations-samples");

    @TestFactory
    Stream<DynamicTest> samples() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> layouts = Files.list(SAMPLES)) {
            for (Path layout : layouts.filter(Files::isDirectory).sorted().toList()) {
                for (String kind : List.of("good", "bad")) {
                    Path project = layout.resolve(kind);
                    if (Files.isDirectory(project)) {
                        tests.add(DynamicTest.dynamicTest(
                                layout.getFileName() + "/" + kind, () -> check(project, kind.equals("good"))));
                    }
                }
            }
        }
        return tests.stream();
    }

    private static void check(Path project, boolean good) throws IOException {
        CheckPipeline.Outcome outcome = CheckPipeline.run(
                new CheckPipeline.Request(List.of(project), null, null, null, null, List.of(), List.of(), p -> true));
        assertEquals(List.of(), outcome.allErrors(), "tool errors");
        Path real = project.toRealPath();
        TreeSet<String> actual = new TreeSet<>();
        for (Finding f : outcome.result().findings()) {
            if (f.suppressed()) {
                continue;
            }
            String file =
                    real.relativize(f.location().file().toRealPath()).toString().replace('\\', '/');
            actual.add(file + ":" + f.location().line() + " " + f.ruleId());
            if (good) {
                assertTrue(
                        f.severity() == Severity.INFO,
                        "good sample has " + f.severity().label() + " " + f.ruleId() + " at " + file + ":"
                                + f.location().line() + ": " + f.message());
            }
        }
        Path expectedFile = project.resolve("expected-findings.txt");
        if (Boolean.getBoolean("miglint.updateSamples")) {
            Files.writeString(expectedFile, String.join("\n", actual) + (actual.isEmpty() ? "" : "\n"));
        }
        TreeSet<String> expected = new TreeSet<>();
        if (Files.exists(expectedFile)) {
            for (String line : Files.readAllLines(expectedFile)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    expected.add(line.trim());
                }
            }
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }
}
