package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The whole verifier contract in a container of the image {@code docker/build-postgres-image.sh} builds from
 * Debian's packages ({@code .ci/run} builds it; no registry is needed). Skipped where Docker or the image is absent.
 */
@Tag("slow")
class VerifierDockerTest extends VerifierContract {
    static final String IMAGE = System.getProperty("miglint.test.dockerImage", "miglint/postgres:15");
    private static ThrowawayDatabase db;

    static boolean imagePresent() {
        try {
            if (!DockerDatabase.dockerAvailable()) {
                return false;
            }
            DockerClientFactory.instance().client().inspectImageCmd(IMAGE).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @BeforeAll
    static void open() throws DatabaseUnavailableException {
        assumeTrue(imagePresent(), "Docker or the image " + IMAGE + " is absent (docker/build-postgres-image.sh)");
        db = DockerDatabase.start(null, VerifyOptions.Sandbox.DEFAULT.withImage(IMAGE));
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    ThrowawayDatabase database() {
        return db;
    }

    @Test
    void anImageThatIsNeitherPresentNorPullableFailsWithOneLine() {
        DatabaseUnavailableException e = assertThrows(
                DatabaseUnavailableException.class,
                () -> DockerDatabase.start(
                        null, VerifyOptions.Sandbox.DEFAULT.withImage("miglint.invalid/absent/postgres:0")));
        assertTrue(
                e.getMessage()
                        .startsWith("--engine docker: image miglint.invalid/absent/postgres:0 is not " + "present"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void containersOfAProcessThatIsGoneAreRemovedByTheNextRun() throws Exception {
        DockerClient client = DockerClientFactory.instance().client();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String host = DockerDatabase.owner().substring(0, DockerDatabase.owner().lastIndexOf(':'));
        CreateContainerResponse orphan = client.createContainerCmd(IMAGE)
                .withLabels(Map.of(DockerDatabase.OWNER_LABEL, host + ":" + gone.pid()))
                .exec();
        CreateContainerResponse live = client.createContainerCmd(IMAGE)
                .withLabels(Map.of(DockerDatabase.OWNER_LABEL, DockerDatabase.owner()))
                .exec();
        try {
            assertTrue(DockerDatabase.removeOrphans(client) >= 1);
            assertTrue(
                    client.listContainersCmd()
                            .withShowAll(true)
                            .withIdFilter(java.util.List.of(orphan.getId()))
                            .exec()
                            .isEmpty(),
                    "the dead process's container is removed");
            assertEquals(
                    1,
                    client.listContainersCmd()
                            .withShowAll(true)
                            .withIdFilter(java.util.List.of(live.getId()))
                            .exec()
                            .size(),
                    "a live process's container stays");
        } finally {
            client.removeContainerCmd(live.getId()).withForce(true).exec();
        }
    }

    /** The published port answers only to the admin's random password, not Testcontainers' default test/test. */
    @Test
    void theContainersAdminHasARandomPassword() throws Exception {
        ScratchDatabase probe = db.createScratch();
        try {
            DatabaseUrl admin = probe.admin();
            assertEquals("miglint_admin", admin.user());
            assertTrue(admin.password().length() >= 20, "a generated password");
            java.util.Properties p = new java.util.Properties();
            p.setProperty("user", "test");
            p.setProperty("password", "test");
            assertThrows(
                    java.sql.SQLException.class,
                    () -> java.sql.DriverManager.getConnection(
                                    "jdbc:postgresql://" + admin.host() + ":" + admin.port() + "/postgres", p)
                            .close());
        } finally {
            db.drop(probe);
        }
    }

    @Test
    void ownerLabelsOfOtherHostsOrMalformedOnesAreLeftAlone() {
        assertEquals(Optional.of(42L), DockerDatabase.orphanPid("ci-1:42", "ci-1"));
        assertEquals(Optional.empty(), DockerDatabase.orphanPid("ci-2:42", "ci-1"));
        assertEquals(Optional.empty(), DockerDatabase.orphanPid("ci-1:x", "ci-1"));
        assertEquals(Optional.empty(), DockerDatabase.orphanPid(null, "ci-1"));
    }
}
