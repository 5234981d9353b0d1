package io.miglint.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitHub drops a step summary over 1 MiB whole. The action's check step, run as the runner runs it, with a stand-in
 * for bin/miglint that writes a markdown report of a chosen size: the step's summary never passes the limit.
 */
class ActionSummaryLimitTest {
    static final int LIMIT = 1_048_576;

    @TempDir
    Path tmp;

    /** Runs the check step with a summary file already holding {@code before} bytes and a report of {@code size}. */
    private String run(int before, int size) throws Exception {
        Path action = tmp.resolve("action-" + before + "-" + size);
        Files.createDirectories(action.resolve("bin"));
        Path stub = action.resolve("bin/miglint");
        // writes SIZE bytes of markdown to the file of --format markdown=FILE, as miglint would
        Files.writeString(stub, """
                #!/usr/bin/env bash
                for a in "$@"; do
                  case "$a" in markdown=*) head -c "$MIGLINT_STUB_SIZE" /dev/zero | tr '\\0' 'x' > "${a#markdown=}";; esac
                done
                exit 1
                """);
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path summary = action.resolve("step-summary.md");
        Files.writeString(summary, "y".repeat(before));
        String script = IntegrationFilesTest.stepWithId(
                        IntegrationFilesTest.yaml("action.yml").at("/runs/steps"), "check")
                .get("run")
                .asText();
        ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
                .directory(tmp.toFile())
                .redirectErrorStream(true);
        pb.environment()
                .putAll(Map.of(
                        "GITHUB_OUTPUT",
                        action.resolve("output").toString(),
                        "GITHUB_STEP_SUMMARY",
                        summary.toString(),
                        "RUNNER_TEMP",
                        action.toString(),
                        "GITHUB_ACTION_PATH",
                        action.toString(),
                        "MIGLINT_PATH",
                        ".",
                        "MIGLINT_FORMAT",
                        "github",
                        "MIGLINT_UPLOAD_SARIF",
                        "false",
                        "MIGLINT_STUB_SIZE",
                        Integer.toString(size)));
        for (String empty : List.of(
                "MIGLINT_FAIL_ON",
                "MIGLINT_CONFIG",
                "MIGLINT_PG_VERSION",
                "MIGLINT_CHANGED_SINCE",
                "MIGLINT_BASELINE",
                "MIGLINT_SARIF_FILE")) {
            pb.environment().put(empty, "");
        }
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log);
        assertTrue(Files.readAllLines(action.resolve("output")).contains("exit-code=1"));
        String written = Files.readString(summary);
        assertTrue(written.length() <= LIMIT, "step summary of " + written.length() + " bytes");
        return written.substring(before);
    }

    @Test
    void aSummaryUnderTheLimitIsAppendedWhole() throws Exception {
        assertEquals("x".repeat(1_000_000), run(0, 1_000_000));
    }

    @Test
    void aSummaryOverTheLimitIsReplacedByALine() throws Exception {
        String added = run(0, LIMIT + 1);
        assertTrue(
                added.startsWith("miglint: the summary (" + (LIMIT + 1) + " bytes) would pass GitHub's 1 MiB "
                        + "limit for a step summary, so it is left out; the findings are in the job log"),
                added);
        assertEquals(1, added.lines().count());
    }

    @Test
    void whatTheStepWroteBeforeCountsToo() throws Exception {
        assertTrue(run(100_000, 1_000_000).startsWith("miglint: the summary (1000000 bytes)"));
        assertEquals("x".repeat(948_576), run(100_000, 948_576));
    }
}
