package io.miglint.verify;

import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** A Testcontainers {@code postgres:<version>} container, for PostgreSQL versions other than the embedded one. */
public final class DockerDatabase extends ScratchServerDatabase {
    static final int DEFAULT_MAJOR = 17;

    private final PostgreSQLContainer<?> container;
    private final String image;

    private DockerDatabase(PostgreSQLContainer<?> container, ScratchServer server, String image) {
        super(server);
        this.container = container;
        this.image = image;
    }

    static DockerDatabase start(Integer pgVersion, VerifyOptions.Sandbox sandbox) throws DatabaseUnavailableException {
        String image = "postgres:" + (pgVersion == null ? DEFAULT_MAJOR : pgVersion);
        boolean available;
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            available = false;
        }
        if (!available) {
            throw new DatabaseUnavailableException("--engine docker: no Docker engine is reachable (checked "
                    + "DOCKER_HOST, the Docker socket and ~/.testcontainers.properties); start Docker, or use "
                    + "--engine embedded or --database-url postgres://…");
        }
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse(image)
                .asCompatibleSubstituteFor("postgres"));
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException("--engine docker: cannot start " + image, e);
        }
        DatabaseUrl admin = new DatabaseUrl(container.getHost(), container.getMappedPort(5432),
                container.getDatabaseName(), container.getUsername(), container.getPassword(), Map.of());
        try {
            return new DockerDatabase(container, ScratchServer.open(admin, true, false, sandbox, container::stop), image);
        } catch (DatabaseUnavailableException e) {
            container.stop();
            throw e;
        }
    }

    @Override
    public String description() {
        return "docker " + image;
    }
}
