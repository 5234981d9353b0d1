package io.miglint.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Action, the dogfood workflow, the workflow users copy from docs/github.md and the pre-commit hook
 * definition parse as YAML and hold the inputs and steps the project relies on; the action's check step, run as
 * GitHub would run it, writes the summary and the exit code.
 */
/**
 * The action's check step run for real: it needs the built jar, so it runs after package (a *JarTest, in the verify
 * phase) instead of being skipped in a clean checkout.
 */
class ActionCheckStepJarTest {
    static final Path PROJECT = IntegrationFilesTest.PROJECT;

    @TempDir
    Path tmp;

    /** The check step's script, run by bash with the environment GitHub gives a composite step. */
    @Test
    void theCheckStepWritesTheSummaryTheSarifAndTheExitCode() throws Exception {
        assumeTrue(
                Files.isRegularFile(PROJECT.resolve("target/miglint-lint.jar")),
                "target/miglint-lint.jar is not built (mvn package -DskipTests); the script runs the lint jar");
        String script = IntegrationFilesTest.stepWithId(
                        IntegrationFilesTest.yaml("action.yml").at("/runs/steps"), "check")
                .get("run")
                .asText();
        Path output = tmp.resolve("output");
        Path summary = tmp.resolve("summary.md");
        Path sarif = tmp.resolve("out.sarif");
        ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script)
                .directory(PROJECT.toFile())
                .redirectErrorStream(true);
        pb.environment()
                .putAll(java.util.Map.of(
                        "GITHUB_OUTPUT",
                        output.toString(),
                        "GITHUB_STEP_SUMMARY",
                        summary.toString(),
                        "RUNNER_TEMP",
                        tmp.toString(),
                        "GITHUB_ACTION_PATH",
                        PROJECT.toString(),
                        "MIGLINT_PATH",
                        "migrations-samples/golang-migrate/bad",
                        "MIGLINT_FORMAT",
                        "github",
                        "MIGLINT_FAIL_ON",
                        "info",
                        "MIGLINT_UPLOAD_SARIF",
                        "true",
                        "MIGLINT_SARIF_FILE",
                        sarif.toString()));
        for (String empty :
                List.of("MIGLINT_CONFIG", "MIGLINT_PG_VERSION", "MIGLINT_CHANGED_SINCE", "MIGLINT_BASELINE")) {
            pb.environment().put(empty, "");
        }
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "the step itself succeeds; the verdict step fails later: " + log);
        assertTrue(
                log.contains("::notice file=") || log.contains("::warning file=") || log.contains("::error file="),
                log);
        List<String> outputs = Files.readAllLines(output);
        assertTrue(outputs.contains("exit-code=1"), outputs.toString());
        assertTrue(outputs.contains("sarif-file=" + sarif), outputs.toString());
        assertTrue(Files.readString(summary).contains("down-empty"), Files.readString(summary));
        assertEquals(
                "2.1.0",
                new ObjectMapper().readTree(sarif.toFile()).get("version").asText());
    }

    /**
     * A history too long for one step summary (1,200 migrations, 3,600 findings, about 2 MB of markdown): the check
     * step's summary stays under GitHub's 1 MiB with every error in it, and says where the rest is.
     */
    @Test
    void aLongHistoryKeepsTheSummaryUnderGithubsLimit() throws Exception {
        assumeTrue(
                Files.isRegularFile(PROJECT.resolve("target/miglint-lint.jar")),
                "target/miglint-lint.jar is not built (mvn package -DskipTests); the script runs the lint jar");
        Path folder = tmp.resolve("db/migrations");
        Files.createDirectories(folder);
        for (int i = 1; i <= 1200; i++) {
            Files.writeString(
                    folder.resolve(i + "_step.up.sql"),
                    "create index i" + i + " on t (c);\n" + "alter table t add column c" + i + " int not null;\n");
            Files.writeString(folder.resolve(i + "_step.down.sql"), "drop index i" + i + ";\n");
        }
        String script = IntegrationFilesTest.stepWithId(
                        IntegrationFilesTest.yaml("action.yml").at("/runs/steps"), "check")
                .get("run")
                .asText();
        Path summary = tmp.resolve("summary.md");
        ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
                .directory(tmp.toFile())
                .redirectErrorStream(true);
        pb.environment()
                .putAll(java.util.Map.of(
                        "GITHUB_OUTPUT",
                        tmp.resolve("output").toString(),
                        "GITHUB_STEP_SUMMARY",
                        summary.toString(),
                        "RUNNER_TEMP",
                        tmp.toString(),
                        "GITHUB_ACTION_PATH",
                        PROJECT.toString(),
                        "MIGLINT_PATH",
                        "db/migrations",
                        "MIGLINT_FORMAT",
                        "github",
                        "MIGLINT_UPLOAD_SARIF",
                        "true",
                        "MIGLINT_SARIF_FILE",
                        "miglint.sarif"));
        for (String empty : List.of(
                "MIGLINT_FAIL_ON",
                "MIGLINT_CONFIG",
                "MIGLINT_PG_VERSION",
                "MIGLINT_CHANGED_SINCE",
                "MIGLINT_BASELINE")) {
            pb.environment().put(empty, "");
        }
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log.substring(Math.max(0, log.length() - 2000)));
        byte[] written = Files.readAllBytes(summary);
        assertTrue(written.length <= 1_000_000, "step summary of " + written.length + " bytes");
        String md = new String(written, StandardCharsets.UTF_8);
        // Per migration: the NOT NULL column without a default (error), the plain index build (warning), and the
        // build's lock wait, which queues only writes (info).
        assertTrue(md.startsWith("## miglint: 1200 errors, 1200 warnings, 1200 info\n"), md.substring(0, 100));
        assertEquals(1200, md.lines().filter(l -> l.startsWith("| ❌ error | `")).count());
        assertTrue(md.contains(" more findings not shown** ("), "the summary says findings were left out");
        assertTrue(
                md.contains("every finding is in the github report on standard output (the job log in CI) and "
                        + "`miglint.sarif` (sarif)."),
                md.substring(md.length() - 600));
    }
}
