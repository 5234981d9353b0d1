package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Where the docker engine's libraries are absent (the lint jar), asking for it is refused in one line naming the full
 * jar, before DockerDatabase is loaded; with them (this class path, the full jar) nothing is refused. LintJarTest
 * runs the packaged lint jar.
 */
class EngineNotIncludedTest {
    @Test
    void withoutTestcontainersTheDockerEngineIsRefusedNamingTheFullJar() {
        ClassLoader withoutLibraries = new ClassLoader(null) {};
        EngineNotIncludedException e = assertThrows(
                EngineNotIncludedException.class, () -> EngineNotIncludedException.requireDocker(withoutLibraries));
        assertInstanceOf(DatabaseUnavailableException.class, e);
        assertTrue(e.getMessage().startsWith("--engine docker needs the full jar, miglint.jar"), e.getMessage());
        assertTrue(e.getMessage().contains("--engine embedded"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void withTestcontainersNothingIsRefused() {
        assertDoesNotThrow(() -> EngineNotIncludedException.requireDocker());
        assertEquals("--engine docker", EngineNotIncludedException.dockerWayOut());
    }
}
