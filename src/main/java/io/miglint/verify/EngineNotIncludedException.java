package io.miglint.verify;

/**
 * The engine asked for is not in this jar: the lint jar ({@code miglint-lint.jar}) leaves out the docker engine's
 * libraries (Testcontainers, docker-java, JNA) to stay small enough for hooks. The command line maps it to exit code
 * 7, with one line naming the full jar.
 */
public final class EngineNotIncludedException extends DatabaseUnavailableException {
    /** A class only the docker engine's libraries hold; looked up without initialising it. */
    static final String DOCKER_PROBE = "org.testcontainers.DockerClientFactory";

    public EngineNotIncludedException(String message) {
        super(message);
    }

    /**
     * Throws unless the docker engine's libraries are on the class path. Called before {@link DockerDatabase} is
     * touched: its first use would otherwise end in a NoClassDefFoundError.
     */
    static void requireDocker() throws EngineNotIncludedException {
        requireDocker(EngineNotIncludedException.class.getClassLoader());
    }

    /**
     * "--engine docker" as a way out for other messages (binaries that cannot be had); where this jar has no docker
     * engine, with the jar that has it.
     */
    static String dockerWayOut() {
        return dockerIncluded(EngineNotIncludedException.class.getClassLoader())
                ? "--engine docker"
                : "--engine docker with the full jar, miglint.jar";
    }

    static boolean dockerIncluded(ClassLoader loader) {
        try {
            Class.forName(DOCKER_PROBE, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static void requireDocker(ClassLoader loader) throws EngineNotIncludedException {
        if (!dockerIncluded(loader)) {
            throw new EngineNotIncludedException("--engine docker needs the full jar, miglint.jar (bin/miglint runs "
                    + "it; each release attaches it): this one, miglint-lint.jar, leaves out Testcontainers to stay "
                    + "small; or use --engine embedded or --engine url");
        }
    }
}
