package io.miglint.verify;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A throwaway PostgreSQL in a container: the strongest sandbox for untrusted SQL, since even what escapes the
 * unprivileged runner role stays inside the container. The image is {@code postgres:<version>} unless {@code --image}
 * names another (one built from Debian's packages by {@code docker/build-postgres-image.sh}, for runners that
 * cannot reach a registry).
 *
 * <p>Testcontainers' reaper container (Ryuk) is not used: it is an image of its own, which an air-gapped runner
 * cannot pull (a pull waited 410 s there before failing). Instead every container is labelled with this process
 * ({@value #OWNER_LABEL}), stopped on close and by Testcontainers' JVM shutdown hook, and containers whose process is
 * gone (kill -9) are removed when the next docker run starts.
 */
public final class DockerDatabase extends ScratchServerDatabase {
    static final int DEFAULT_MAJOR = 17;
    static final String OWNER_LABEL = "io.miglint.owner";
    /** How long a missing image may take to pull before the run gives up (an air-gapped runner never answers). */
    static final int PULL_SECONDS = Integer.getInteger("miglint.docker.pullSeconds", 30);

    private final PostgreSQLContainer<?> container;
    private final String image;

    private DockerDatabase(PostgreSQLContainer<?> container, ScratchServer server, String image) {
        super(server);
        this.container = container;
        this.image = image;
    }

    /** The image for a major version when none is named. */
    static String defaultImage(Integer pgVersion) {
        return "postgres:" + (pgVersion == null ? DEFAULT_MAJOR : pgVersion);
    }

    static DockerDatabase start(Integer pgVersion, VerifyOptions.Sandbox sandbox) throws DatabaseUnavailableException {
        DockerClient client = client();
        String image = sandbox.image() == null ? localImage(client, pgVersion) : sandbox.image();
        removeOrphans(client);
        ensureImage(client, image);
        PostgreSQLContainer<?> container;
        try {
            container = new PostgreSQLContainer<>(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
        } catch (IllegalArgumentException e) {
            throw new DatabaseUnavailableException("--engine docker: '" + image + "' is not an image name");
        }
        container.withLabel(OWNER_LABEL, owner());
        // The container's port is published on the host: its superuser gets a random password (Testcontainers'
        // default is "test"), so nobody else on the host or network can log in to the throwaway server as admin.
        String adminPassword = ScratchServer.randomSuffix() + ScratchServer.randomSuffix();
        Redaction.register(adminPassword);
        container.withUsername("miglint_admin").withPassword(adminPassword).withDatabaseName("miglint");
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new DatabaseUnavailableException("--engine docker: cannot start " + image, e);
        }
        DatabaseUrl admin = new DatabaseUrl(
                container.getHost(),
                container.getMappedPort(5432),
                container.getDatabaseName(),
                container.getUsername(),
                container.getPassword(),
                Map.of());
        try {
            return new DockerDatabase(
                    container, ScratchServer.open(admin, true, false, sandbox, container::stop), image);
        } catch (DatabaseUnavailableException e) {
            container.stop();
            throw e;
        }
    }

    /**
     * The image for a major version when none is named: {@code postgres:<major>}, unless only the one
     * {@code docker/build-postgres-image.sh} builds from Debian's packages ({@code miglint/postgres:<major>}) is
     * present.
     */
    private static String localImage(DockerClient client, Integer pgVersion) {
        String official = defaultImage(pgVersion);
        String debian = "miglint/postgres:" + (pgVersion == null ? DEFAULT_MAJOR : pgVersion);
        return !present(client, official) && present(client, debian) ? debian : official;
    }

    private static boolean present(DockerClient client, String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether a Docker engine answers, asked without pulling any helper image. */
    static boolean dockerAvailable() {
        withoutHelperContainers();
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static DockerClient client() throws DatabaseUnavailableException {
        if (!dockerAvailable()) {
            throw new DatabaseUnavailableException("--engine docker: no Docker engine is reachable (checked "
                    + "DOCKER_HOST, the Docker socket and ~/.testcontainers.properties); start Docker, or use "
                    + "--engine embedded or --database-url postgres://…");
        }
        try {
            return DockerClientFactory.instance().client();
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException("--engine docker: the Docker engine does not answer", e);
        }
    }

    /**
     * Testcontainers runs two helper containers of images of its own, which a runner without a registry cannot pull
     * (each pull is retried for minutes): the reaper (Ryuk), and, when miglint itself runs in a container, an
     * {@code alpine} container that finds the host's gateway address. It reads the switches for both only from the
     * environment ({@code TESTCONTAINERS_RYUK_DISABLED}, {@code TESTCONTAINERS_HOST_OVERRIDE}), which a JVM cannot
     * set for itself. So, before the first Docker call: the reaper that the switch would choose (the JVM shutdown hook
     * one) is installed; and where the Docker engine runs in miglint's own process namespace (a dockerd process is
     * visible), ports it publishes are on localhost, so the gateway look-up is answered with that. Should the
     * library's insides change, the environment variables still work, and a failure is a plain "cannot start" line.
     */
    private static synchronized void withoutHelperContainers() {
        if (System.getenv("TESTCONTAINERS_HOST_OVERRIDE") == null
                && ProcessHandle.allProcesses()
                        .anyMatch(p -> p.info()
                                .command()
                                .map(c -> c.endsWith("/dockerd"))
                                .orElse(false))) {
            try {
                java.lang.reflect.Field gateway =
                        org.testcontainers.dockerclient.DockerClientConfigUtils.class.getDeclaredField(
                                "defaultGateway");
                gateway.setAccessible(true);
                @SuppressWarnings("unchecked")
                java.util.concurrent.atomic.AtomicReference<Object> ref =
                        (java.util.concurrent.atomic.AtomicReference<Object>) gateway.get(null);
                ref.compareAndSet(null, Optional.empty());
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Left to the environment variable; see above.
            }
        }
        if (Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            return;
        }
        try {
            java.lang.reflect.Field instance =
                    org.testcontainers.utility.ResourceReaper.class.getDeclaredField("instance");
            instance.setAccessible(true);
            synchronized (org.testcontainers.utility.ResourceReaper.class) {
                if (instance.get(null) == null) {
                    java.lang.reflect.Constructor<?> hook = Class.forName(
                                    "org.testcontainers.utility.JVMHookResourceReaper")
                            .getDeclaredConstructor();
                    hook.setAccessible(true);
                    instance.set(null, hook.newInstance());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Left to the environment variable; see above.
        }
    }

    /**
     * The image must be present, or pullable within {@link #PULL_SECONDS}: without a registry a pull would otherwise
     * wait for minutes before failing.
     */
    private static void ensureImage(DockerClient client, String image) throws DatabaseUnavailableException {
        try {
            client.inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException e) {
            // not here: try to pull it below
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException("--engine docker: cannot inspect image " + image, e);
        }
        String how = " (build one from Debian's packages with docker/build-postgres-image.sh, or name a local image "
                + "with --image)";
        try {
            boolean done = client.pullImageCmd(image).start().awaitCompletion(PULL_SECONDS, TimeUnit.SECONDS);
            if (!done) {
                throw new DatabaseUnavailableException("--engine docker: image " + image + " is not present and "
                        + "could not be pulled within " + PULL_SECONDS + " s" + how);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("--engine docker: interrupted while pulling " + image);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException("--engine docker: image " + image + " is not present and "
                    + "cannot be pulled" + how + ": " + Redaction.describe(e));
        }
    }

    /** {@code host:pid} of this process, the value of {@link #OWNER_LABEL}. */
    static String owner() {
        return hostName() + ":" + ProcessHandle.current().pid();
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        }
        return host;
    }

    /** Removes containers an earlier miglint process on this host left running when it was killed. */
    static int removeOrphans(DockerClient client) {
        int removed = 0;
        try {
            List<Container> ours = client.listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(List.of(OWNER_LABEL))
                    .exec();
            for (Container c : ours) {
                String value = c.getLabels() == null ? null : c.getLabels().get(OWNER_LABEL);
                Optional<Long> pid = orphanPid(value, hostName());
                if (pid.isPresent()
                        && ProcessHandle.of(pid.get())
                                .map(ProcessHandle::isAlive)
                                .orElse(false)) {
                    continue;
                }
                if (pid.isPresent()) {
                    client.removeContainerCmd(c.getId())
                            .withForce(true)
                            .withRemoveVolumes(true)
                            .exec();
                    removed++;
                }
            }
        } catch (RuntimeException e) {
            // Leftovers are tidied on a best-effort basis; they never stop a run.
        }
        return removed;
    }

    /** The process id in an owner label of this host; empty for another host's or a malformed label. */
    static Optional<Long> orphanPid(String label, String host) {
        if (label == null) {
            return Optional.empty();
        }
        int colon = label.lastIndexOf(':');
        if (colon <= 0 || !label.substring(0, colon).equals(host)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(label.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String description() {
        return "docker " + image;
    }
}
