package io.miglint.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.cli.CheckPipeline;
import io.miglint.diagnostic.ToolError;
import io.miglint.engine.FolderStats;
import io.miglint.testing.Corpus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The development corpus through the real pipeline with every rule on (opt-in ones included), project by project.
 * Projects of supported layouts: every file is read, no rule crashes and no tool error, and at least 99.5% of
 * statements are understood. Projects of pending layouts ({@link Corpus#PENDING}) must not crash the run; what is
 * still missing for them (files not read, tool errors) is printed, not failed. Skipped when ../shared/corpus is absent.
 */
@Tag("slow")
class CorpusCheckTest {

    @Test
    void everyFileIsLintedWithoutACrash() {
        Path corpus = Corpus.require();
        List<String> optIn = io.miglint.rules.registry.RuleRegistry.instances().stream()
                .map(r -> r.descriptor())
                .filter(d -> d.optIn())
                .map(d -> d.id())
                .toList();
        for (String project : Corpus.projects(corpus)) {
            Path root = corpus.resolve(project);
            long sqlFiles = Corpus.migrationSqlFiles(root).size();
            CheckPipeline.Outcome o = CheckPipeline.run(new CheckPipeline.Request(
                    List.of(root), null, null, null, "never", optIn, List.of(), p -> true, true));
            List<ToolError> errors = o.allErrors().stream()
                    .filter(e -> e.kind() != ToolError.Kind.LAYOUT)
                    .toList();
            int statements = o.result().stats().stream()
                    .mapToInt(FolderStats::statements)
                    .sum();
            int understood = o.result().stats().stream()
                    .mapToInt(s -> s.parsedByJsqlparser() + s.recognized())
                    .sum();
            Map<String, Long> perRule = new TreeMap<>(o.result().findings().stream()
                    .collect(Collectors.groupingBy(f -> f.ruleId(), Collectors.counting())));
            if (Corpus.supported(project)) {
                assertEquals(List.of(), errors, project + ": tool errors");
                // a script the tool never runs (cas-cif keeps a revert script no plan change names; Drizzle's .sql
                // without a journal entry) is not linted as a migration, but it is accounted for: one finding says the
                // tool will not run it
                long unrecognized = o.result().findings().stream()
                        .filter(f -> f.ruleId().equals("unrecognized-file"))
                        .map(f -> f.location().file())
                        .filter(f -> f.toString().endsWith(".sql"))
                        .distinct()
                        .count();
                long neverRun = o.discovery().sets().stream()
                        .flatMap(set -> set.otherFiles().stream())
                        .filter(f -> f.getFileName().toString().endsWith(".sql"))
                        .filter(f -> o.result().findings().stream()
                                .anyMatch(x -> x.ruleId().equals("migration-filename")
                                        && x.location().file().equals(f)))
                        .count();
                assertEquals(
                        sqlFiles - overriddenOnPostgres(root),
                        o.result().files() + unrecognized + neverRun,
                        project + ": every .sql file is read or reported as one the tool never runs");
                assertTrue(
                        understood >= 0.995 * statements,
                        project + ": " + understood + " of " + statements + " understood");
                System.out.println("corpus " + project + ": " + o.result().files() + " files, " + statements
                        + " statements, " + understood + " understood; findings per rule: " + perRule);
            } else {
                System.out.println("corpus " + project + " (pending layout " + Corpus.PENDING.get(project) + "): "
                        + o.result().files() + " of " + sqlFiles + " .sql files read, " + errors.size()
                        + " tool errors, " + understood + " of " + statements + " statements understood");
            }
        }
    }

    /**
     * popx runs a {@code .postgres.} file instead of the dialect-independent one of the same version and direction
     * (ory__kratos has ten such pairs): the replaced file never runs on PostgreSQL, so it is not linted.
     */
    private static long overriddenOnPostgres(Path root) {
        java.util.regex.Pattern popx =
                java.util.regex.Pattern.compile("^(\\d+)_[^.]+(\\.postgres)?(\\.autocommit)?\\.(up|down)\\.sql$");
        java.util.Set<String> postgres = new java.util.HashSet<>();
        List<String> neutral = new java.util.ArrayList<>();
        for (Path f : Corpus.sqlFiles(root)) {
            java.util.regex.Matcher m = popx.matcher(f.getFileName().toString());
            if (m.matches()) {
                (m.group(2) != null ? postgres : neutral).add(m.group(1) + "." + m.group(4));
            }
        }
        return neutral.stream().filter(postgres::contains).count();
    }
}
