package io.miglint.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pre-commit, pointed at a clone of this checkout, guarding commits in a golang-migrate project: a staged
 * migration with an error blocks the commit and names the rule, a good one (with an unrelated .sql file next to it)
 * goes through. Slow (git, pre-commit, a JVM per commit): exclude with {@code -DexcludedGroups=slow}. The hook uses the
 * lint jar already built in target/ through MIGLINT_JAR; {@code -Dmiglint.precommit.build=true} also proves the
 * build-on-first-use path (a full Maven package inside pre-commit's cache, about a minute).
 */
@Tag("slow")
class PreCommitHookJarTest {
    static final Path PROJECT = Path.of(System.getProperty("miglint.projectDir", "."))
            .toAbsolutePath()
            .normalize();
    /** What the hook needs from this checkout, committed or not: the build inputs and the launchers. */
    static final List<String> HOOK_FILES =
            List.of("pom.xml", ".mvn", "src/main", "rules", "bin", ".pre-commit-hooks.yaml", "migrations-samples");

    @TempDir
    Path tmp;

    record Run(int exit, String output) {}

    /** pre-commit is a tool of the machine (.ci/run installs it); without it there is nothing to run the hook with. */
    @BeforeAll
    static void preCommitIsInstalled() throws Exception {
        Run version;
        try {
            version = run(PROJECT, Map.of(), "pre-commit", "--version");
        } catch (java.io.IOException e) {
            version = new Run(-1, e.getMessage());
        }
        assumeTrue(
                version.exit() == 0,
                "pre-commit is not installed (.ci/run installs it: apt-get install " + "pre-commit): "
                        + version.output());
    }

    @Test
    void blocksABadStagedMigrationAndLetsAGoodOneThrough() throws Exception {
        Path jar = PROJECT.resolve("target/miglint-lint.jar");
        assumeTrue(Files.isRegularFile(jar), "target/miglint-lint.jar is not built: run mvn package -DskipTests first");
        Map<String, String> env = environment();
        env.put("MIGLINT_JAR", jar.toString());
        Path project = userProject(env);

        Path migrations = project.resolve("db/migrations");
        Files.writeString(
                migrations.resolve("2_add_users_email.up.sql"),
                "ALTER TABLE users ADD COLUMN IF NOT EXISTS email text DEFAULT (;\n");
        // The hook fails on warnings: a good migration sets lock_timeout before it locks users.
        Files.writeString(
                migrations.resolve("2_add_users_email.down.sql"),
                "SET lock_timeout = '5s';\nALTER TABLE users DROP COLUMN IF EXISTS email;\n");
        git(project, env, "add", "db/migrations");
        Run blocked = run(project, env, "git", "commit", "-m", "add users email");
        assertNotEquals(0, blocked.exit(), blocked.output());
        assertTrue(blocked.output().contains("[syntax-error]"), blocked.output());
        assertTrue(blocked.output().contains("db/migrations/2_add_users_email.up.sql:1:"), blocked.output());
        assertTrue(
                !blocked.output().contains("1_create_users_table"),
                "only staged files are reported: " + blocked.output());
        assertEquals("1", git(project, env, "rev-list", "--count", "HEAD").strip(), "the commit was refused");

        Files.writeString(
                migrations.resolve("2_add_users_email.up.sql"),
                "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN IF NOT EXISTS email text;\n");
        Files.createDirectories(project.resolve("queries"));
        Files.writeString(project.resolve("queries/active_users.sql"), "SELECT id FROM users;\n");
        git(project, env, "add", "db/migrations", "queries");
        Run passed = run(project, env, "git", "commit", "-m", "add users email");
        assertEquals(0, passed.exit(), passed.output());
        assertTrue(passed.output().contains("miglint") && passed.output().contains("Passed"), passed.output());
        assertEquals("2", git(project, env, "rev-list", "--count", "HEAD").strip());
    }

    @Test
    void buildsTheJarOnFirstUseInsidePreCommitsCache() throws Exception {
        assumeTrue(
                Boolean.getBoolean("miglint.precommit.build"),
                "build-on-first-use runs a full Maven package (about a minute): -Dmiglint.precommit.build=true");
        Map<String, String> env = environment();
        env.remove("MIGLINT_JAR");
        env.put("HOME", System.getProperty("user.home"));
        Path project = userProject(env);
        Files.writeString(project.resolve("db/migrations/2_add_users_email.up.sql"), "ALTER TABLE users ADD (;\n");
        git(project, env, "add", "db/migrations");
        Run blocked = run(project, env, "git", "commit", "-m", "broken");
        assertNotEquals(0, blocked.exit(), blocked.output());
        assertTrue(blocked.output().contains("building"), blocked.output());
        assertTrue(blocked.output().contains("[syntax-error]"), blocked.output());
        try (Stream<Path> jars = Files.walk(tmp.resolve("pre-commit-cache"))) {
            List<Path> built = jars.filter(p -> p.getFileName().toString().endsWith(".jar")
                            && p.getParent().endsWith("target"))
                    .toList();
            assertTrue(
                    built.stream().anyMatch(p -> p.endsWith("target/miglint-lint.jar")),
                    "the lint jar lives in pre-commit's cache: " + built);
            assertTrue(
                    built.stream().noneMatch(p -> p.endsWith("target/miglint.jar")),
                    "the full jar is not built for the hook: " + built);
        }
    }

    private Map<String, String> environment() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PRE_COMMIT_HOME", tmp.resolve("pre-commit-cache").toString());
        env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "Test");
        env.put("GIT_AUTHOR_EMAIL", "test@example.com");
        env.put("GIT_COMMITTER_NAME", "Test");
        env.put("GIT_COMMITTER_EMAIL", "test@example.com");
        env.put("NO_COLOR", "1");
        return env;
    }

    /** A project whose .pre-commit-config.yaml points at a commit of this checkout, with the hook installed. */
    private Path userProject(Map<String, String> env) throws Exception {
        Path hookRepo = Files.createDirectories(tmp.resolve("miglint"));
        for (String f : HOOK_FILES) {
            copy(PROJECT.resolve(f), hookRepo.resolve(f));
        }
        git(hookRepo, env, "init", "-q", "-b", "main");
        git(hookRepo, env, "add", "-A");
        git(hookRepo, env, "commit", "-q", "-m", "miglint under test");
        String rev = git(hookRepo, env, "rev-parse", "HEAD").strip();

        Path project = Files.createDirectories(tmp.resolve("shop"));
        git(project, env, "init", "-q", "-b", "main");
        Path migrations = Files.createDirectories(project.resolve("db/migrations"));
        Files.writeString(
                migrations.resolve("1_create_users_table.up.sql"),
                "CREATE TABLE IF NOT EXISTS users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n");
        Files.writeString(migrations.resolve("1_create_users_table.down.sql"), "DROP TABLE IF EXISTS users;\n");
        Files.writeString(
                project.resolve(".pre-commit-config.yaml"),
                "repos:\n"
                        + "  - repo: " + hookRepo + "\n"
                        + "    rev: " + rev + "\n"
                        + "    hooks:\n"
                        + "      - id: miglint\n");
        git(project, env, "add", "-A");
        git(project, env, "commit", "-q", "-m", "users");
        Run install = run(project, env, "pre-commit", "install");
        assertEquals(0, install.exit(), install.output());
        return project;
    }

    private static String git(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Run r = run(dir, env, command.toArray(String[]::new));
        assertEquals(0, r.exit(), "git " + String.join(" ", args) + ": " + r.output());
        return r.output();
    }

    private static Run run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Run(127, command[0] + ": " + e.getMessage());
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(124, out + "\n(timed out)");
        }
        return new Run(p.exitValue(), out);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
