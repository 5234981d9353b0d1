package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code verify --engine docker --image} with an image that is neither present nor pullable (a registry name that
 * cannot resolve, as on an air-gapped runner): exit 4 with one line on stderr, in seconds, not after a long pull.
 * Without a Docker engine the answer is the same exit code and one line saying so. Runs the built jar.
 */
class DockerEngineJarTest {
    static final Path PROJECT = Path.of(System.getProperty("miglint.projectDir", "."))
            .toAbsolutePath()
            .normalize();

    @Test
    void anImageNoRegistryServesExitsFourWithOneLine() throws Exception {
        Path jar = PROJECT.resolve("target/miglint.jar");
        assumeTrue(Files.isRegularFile(jar), "target/miglint.jar is not built");
        ProcessBuilder pb = new ProcessBuilder(
                        "java",
                        "-jar",
                        jar.toString(),
                        "verify",
                        "--engine",
                        "docker",
                        "--image",
                        "miglint.invalid/absent/postgres:0",
                        "migrations-samples/golang-migrate/good")
                .directory(PROJECT.toFile());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "must not wait for a pull that cannot succeed");
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(4, p.exitValue(), stderr);
        assertTrue(
                stderr.contains("image miglint.invalid/absent/postgres:0 is not present")
                        || stderr.contains("no Docker engine is reachable"),
                stderr);
        assertEquals(1, stderr.lines().count(), stderr);
    }
}
