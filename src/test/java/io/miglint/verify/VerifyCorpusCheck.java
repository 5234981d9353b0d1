package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.miglint.layout.Discovery;
import io.miglint.layout.MigrationDiscovery;
import io.miglint.rule.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the verifier over real projects of the shared corpus (skipped when it is absent) and prints what it found;
 * run explicitly: mvn -o test -Dtest=VerifyCorpusCheck. The assertion is only that the verifier never fails as a tool.
 */
class VerifyCorpusCheck {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "ente-io__ente",
                "rust-lang__docs.rs",
                "atuinsh__atuin",
                "MarquezProject__marquez",
                "UPchieve__subway",
                "LemmyNet__lemmy",
                "goharbor__harbor"
            })
    void verifyProject(String project) throws Exception {
        Path corpus = io.miglint.testing.Corpus.location().resolve(project);
        assumeTrue(Files.isDirectory(corpus), "corpus absent");
        Discovery d = MigrationDiscovery.discover(List.of(corpus), Optional.empty());
        long t0 = System.nanoTime();
        VerifyOutcome out = Verifier.verify(d.sets(), VerifyOptions.forUrl(TestDatabases.LOCAL_URL));
        TreeMap<String, Integer> byRule = new TreeMap<>();
        out.findings().forEach(f -> byRule.merge(f.ruleId(), 1, Integer::sum));
        System.out.printf(
                "%s: %d sets, %d migrations, %.1f s, findings %s%n",
                project,
                d.sets().size(),
                d.sets().stream().mapToInt(s -> s.migrations().size()).sum(),
                (System.nanoTime() - t0) / 1e9,
                byRule);
        for (Finding f : out.findings()) {
            System.out.println("  " + f.location().displayPath() + ":"
                    + f.location().line() + ":" + f.location().column() + " " + f.ruleId() + " " + f.message());
        }
        out.errors().forEach(e -> System.out.println("  ERROR " + e.render()));
        assertEquals(List.of(), out.errors());
    }
}
