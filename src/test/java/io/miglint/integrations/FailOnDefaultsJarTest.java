package io.miglint.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where each entry point fails by default (docs/severity.md): the pre-commit hook and the Action on a pull request's
 * changed migrations fail on warnings, so a new blocking index build stops them with its fix; a history-wide check
 * fails on errors only; conventions (info) fail nothing.
 */
class FailOnDefaultsJarTest {
    static final Path PROJECT = IntegrationFilesTest.PROJECT;
    private static final String INDEX = "SET lock_timeout = '5s';\nCREATE INDEX idx_users_email ON users (email);\n";

    @TempDir
    Path tmp;

    Path migrations;

    record Run(int exit, String output) {}

    @BeforeEach
    void folder() throws Exception {
        assumeTrue(
                Files.isRegularFile(PROJECT.resolve("target/miglint.jar")),
                "target/miglint.jar is not built (mvn package -DskipTests)");
        migrations = Files.createDirectories(tmp.resolve("db/migrations"));
        Files.writeString(
                migrations.resolve("1_create_users_table.up.sql"),
                "CREATE TABLE IF NOT EXISTS users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text);\n");
        Files.writeString(migrations.resolve("1_create_users_table.down.sql"), "DROP TABLE IF EXISTS users;\n");
    }

    @Test
    void theHookBlocksABlockingIndexBuildWithItsFixAndLetsAnIgnoredOneThrough() throws Exception {
        Path up = migrations.resolve("2_index_users_email.up.sql");
        Files.writeString(up, INDEX);
        Run blocked = run(tmp, Map.of(), PROJECT.resolve("bin/pre-commit-hook").toString(), up.toString());
        assertEquals(1, blocked.exit(), blocked.output());
        assertTrue(blocked.output().contains("[require-concurrent-index]"), blocked.output());
        assertTrue(
                blocked.output().contains("CREATE INDEX CONCURRENTLY"), "the fix comes with it: " + blocked.output());

        Files.writeString(
                up,
                "SET lock_timeout = '5s';\n-- miglint:ignore require-concurrent-index users is empty "
                        + "until the release that fills it\nCREATE INDEX idx_users_email ON users (email);\n");
        Run passed = run(tmp, Map.of(), PROJECT.resolve("bin/pre-commit-hook").toString(), up.toString());
        assertEquals(0, passed.exit(), passed.output());
    }

    @Test
    void conventionsNeverBlockTheHook() throws Exception {
        Path up = migrations.resolve("2_stuff.up.sql");
        Files.writeString(up, "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN IF NOT EXISTS note text;\n");
        Files.writeString(migrations.resolve("2_stuff.down.sql"), "-- TODO\n");
        Run run = run(
                tmp,
                Map.of(),
                PROJECT.resolve("bin/pre-commit-hook").toString(),
                up.toString(),
                migrations.resolve("2_stuff.down.sql").toString());
        assertEquals(0, run.exit(), run.output());
        assertTrue(
                run.output().contains("[migration-name-vague]") && run.output().contains("[down-empty]"),
                "shown, as notes: " + run.output());
    }

    @Test
    void theActionFailsOnWarningsForChangedMigrationsAndOnErrorsForAHistory() throws Exception {
        git("init", "-q", "-b", "main");
        git("add", "-A");
        git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "users");
        Files.writeString(migrations.resolve("2_index_users_email.up.sql"), INDEX);
        Files.writeString(
                migrations.resolve("2_index_users_email.down.sql"),
                "DROP INDEX CONCURRENTLY IF EXISTS idx_users_email;\n");

        Run pullRequest = actionCheckStep(Map.of("MIGLINT_CHANGED_SINCE", "HEAD"));
        assertTrue(pullRequest.output().contains("require-concurrent-index"), pullRequest.output());
        assertTrue(Files.readAllLines(tmp.resolve("output")).contains("exit-code=1"), pullRequest.output());

        Run history = actionCheckStep(Map.of());
        assertTrue(history.output().contains("require-concurrent-index"), history.output());
        assertTrue(Files.readAllLines(tmp.resolve("output")).contains("exit-code=0"), history.output());
    }

    private Run actionCheckStep(Map<String, String> inputs) throws Exception {
        Files.deleteIfExists(tmp.resolve("output"));
        String script = IntegrationFilesTest.stepWithId(
                        IntegrationFilesTest.yaml("action.yml").at("/runs/steps"), "check")
                .get("run")
                .asText();
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "GITHUB_OUTPUT",
                tmp.resolve("output").toString(),
                "GITHUB_STEP_SUMMARY",
                tmp.resolve("summary.md").toString(),
                "RUNNER_TEMP",
                tmp.toString(),
                "GITHUB_ACTION_PATH",
                PROJECT.toString(),
                "MIGLINT_PATH",
                "db/migrations",
                "MIGLINT_FORMAT",
                "text",
                "MIGLINT_UPLOAD_SARIF",
                "false"));
        for (String empty : List.of(
                "MIGLINT_FAIL_ON",
                "MIGLINT_CONFIG",
                "MIGLINT_PG_VERSION",
                "MIGLINT_CHANGED_SINCE",
                "MIGLINT_BASELINE",
                "MIGLINT_SARIF_FILE")) {
            env.put(empty, "");
        }
        env.putAll(inputs);
        Run r = run(tmp, env, "bash", "-e", "-o", "pipefail", "-c", script);
        assertEquals(0, r.exit(), "the step itself succeeds; the verdict is its exit-code output: " + r.output());
        return r;
    }

    private void git(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        Run r = run(tmp, Map.of("GIT_CONFIG_NOSYSTEM", "1", "HOME", tmp.toString()), command);
        assertEquals(0, r.exit(), r.output());
    }

    private static Run run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment()
                .put("MIGLINT_JAR", PROJECT.resolve("target/miglint.jar").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished: " + String.join(" ", command));
        return new Run(p.exitValue(), out);
    }
}
