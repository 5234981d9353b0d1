package io.miglint.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The project's Dockerfile builds an image that lints a mounted folder the way README's `docker run` line says, as
 * an unprivileged user. Built on the Java runtime image docker/build-jre-image.sh makes from Debian's packages
 * (.ci/run builds it); skipped where Docker or that base image is absent.
 */
class ContainerImageJarTest {
    static final Path PROJECT = IntegrationFilesTest.PROJECT;
    static final String BASE = "miglint/debian-jre:17";
    static final String IMAGE = "miglint/miglint:test";

    record Run(int exit, String out) {}

    static Run run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(PROJECT.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), String.join(" ", command));
        return new Run(p.exitValue(), out);
    }

    @Test
    void theImageLintsAMountedFolderAsAnUnprivilegedUser() throws Exception {
        assumeTrue(Files.isRegularFile(PROJECT.resolve("target/miglint.jar")), "target/miglint.jar is not built");
        assumeTrue(run(List.of("docker", "image", "inspect", BASE)).exit() == 0, "Docker or " + BASE + " is absent");
        Run build = run(List.of("docker", "build", "-q", "--build-arg", "BASE=" + BASE, "-t", IMAGE, "."));
        assertEquals(0, build.exit(), build.out());
        String samples = PROJECT.resolve("migrations-samples").toString();
        List<String> docker = new ArrayList<>(
                List.of("docker", "run", "--rm", "--network", "none", "-v", samples + ":/work:ro", IMAGE));
        List<String> good = new ArrayList<>(docker);
        good.addAll(List.of("check", "golang-migrate/good"));
        Run clean = run(good);
        assertEquals(0, clean.exit(), clean.out());
        List<String> bad = new ArrayList<>(docker);
        bad.addAll(List.of("check", "golang-migrate/bad", "--format", "json"));
        Run findings = run(bad);
        assertEquals(1, findings.exit(), findings.out());
        assertTrue(findings.out().contains("\"ruleId\""), findings.out());
        List<String> whoami = new ArrayList<>(List.of("docker", "run", "--rm", "--entrypoint", "id", IMAGE, "-u"));
        assertEquals("65534", run(whoami).out().strip());
    }
}
