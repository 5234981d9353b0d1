package io.miglint.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.cli.CheckPipeline;
import io.miglint.engine.FolderStats;
import io.miglint.engine.ToolError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The whole development corpus through the real pipeline with every rule on (opt-in ones included): every file is
 * read, no rule crashes, and at least 99.5% of statements are understood. Skipped when ../shared/corpus is absent.
 */
class CorpusCheckTest {

    static Path corpus() {
        return io.miglint.testing.Corpus.require();
    }

    @Test
    void everyFileIsLintedWithoutACrash() throws IOException {
        Path corpus = corpus();
        long sqlFiles;
        try (Stream<Path> s = Files.walk(corpus)) {
            sqlFiles = s.filter(p -> p.toString().endsWith(".sql")).count();
        }
        List<String> optIn = io.miglint.rules.RuleRegistry.instances().stream().map(r -> r.descriptor())
                .filter(d -> d.optIn()).map(d -> d.id()).toList();
        CheckPipeline.Outcome o = CheckPipeline.run(new CheckPipeline.Request(List.of(corpus), null, null, null,
                "never", optIn, List.of(), p -> true, true));
        List<ToolError> crashes = o.allErrors().stream()
                .filter(e -> !e.kind().equals("layout")).toList();
        assertEquals(List.of(), crashes, "tool errors on the corpus");
        assertEquals(sqlFiles, o.result().files(), "every .sql file is read");
        int statements = o.result().stats().stream().mapToInt(FolderStats::statements).sum();
        int understood = o.result().stats().stream().mapToInt(s -> s.parsedByJsqlparser() + s.recognized()).sum();
        assertTrue(understood >= 0.995 * statements, understood + " of " + statements + " understood");
        Map<String, Long> perRule = new TreeMap<>(o.result().findings().stream()
                .collect(Collectors.groupingBy(f -> f.ruleId(), Collectors.counting())));
        System.out.println("corpus: " + o.result().files() + " files, " + statements + " statements, "
                + understood + " understood; findings per rule: " + perRule);
    }
}
