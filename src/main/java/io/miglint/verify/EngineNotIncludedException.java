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

    static void requireDocker(ClassLoader loader) throws EngineNotIncludedException {
        try {
            Class.forName(DOCKER_PROBE, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new EngineNotIncludedException("--engine docker needs the full jar, miglint.jar (bin/miglint runs "
                    + "it; each release attaches it): this one, miglint-lint.jar, leaves out Testcontainers to stay "
                    + "small; or use --engine embedded or --engine url");
        }
    }
}
