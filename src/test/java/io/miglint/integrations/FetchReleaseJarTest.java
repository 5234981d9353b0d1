package io.miglint.integrations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/fetch-release-jar, which the pre-commit hook and the Action run before building: a released version's jar is
 * used only when it matches its published SHA-256; a snapshot or a missing release means "build it".
 */
class FetchReleaseJarTest {
    @TempDir
    Path tmp;

    Path checkout;
    Path releases;
    final byte[] jar = "PK\u0003\u0004 not really a jar".getBytes(StandardCharsets.ISO_8859_1);

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(
                new ProcessBuilder("sh", "-c", "command -v curl && command -v sha256sum")
                                .start()
                                .waitFor()
                        == 0,
                "curl and sha256sum are needed");
        checkout = tmp.resolve("checkout");
        Files.createDirectories(checkout.resolve("bin"));
        Files.copy(
                IntegrationFilesTest.PROJECT.resolve("bin/fetch-release-jar"),
                checkout.resolve("bin/fetch-release-jar"));
        releases = tmp.resolve("releases");
        Files.createDirectories(releases.resolve("v1.2.3"));
        Files.write(releases.resolve("v1.2.3/miglint.jar"), jar);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
        Files.writeString(releases.resolve("v1.2.3/miglint.jar.sha256"), sha + "  miglint.jar\n");
    }

    private void pom(String version) throws IOException {
        Files.writeString(
                checkout.resolve("pom.xml"),
                "<project>\n  <groupId>io.miglint</groupId>\n" + "  <version>" + version + "</version>\n</project>\n");
    }

    private int fetch(Path dest, String... asset) throws Exception {
        List<String> command = new java.util.ArrayList<>(
                List.of("bash", checkout.resolve("bin/fetch-release-jar").toString(), dest.toString()));
        command.addAll(List.of(asset));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("MIGLINT_RELEASE_URL", releases.toUri().toString().replaceAll("/$", ""));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    void aReleasedVersionGetsItsJarWhenTheChecksumMatches() throws Exception {
        pom("1.2.3");
        Path dest = checkout.resolve("target/miglint.jar");
        assertEquals(0, fetch(dest));
        assertArrayEquals(jar, Files.readAllBytes(dest));
    }

    /** The hook and the Action ask for the lint jar by its name on the release, checked against its own SHA-256. */
    @Test
    void theLintJarIsFetchedByItsNameAndCheckedAgainstItsOwnChecksum() throws Exception {
        pom("1.2.3");
        byte[] lint = "PK\u0003\u0004 the lint jar".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(releases.resolve("v1.2.3/miglint-lint.jar"), lint);
        Files.writeString(
                releases.resolve("v1.2.3/miglint-lint.jar.sha256"),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lint)) + "  miglint-lint.jar\n");
        Path dest = checkout.resolve("target/miglint-lint.jar");
        assertEquals(0, fetch(dest, "miglint-lint.jar"));
        assertArrayEquals(lint, Files.readAllBytes(dest));

        Files.delete(dest);
        // The full jar's checksum does not vouch for the lint jar.
        Files.copy(
                releases.resolve("v1.2.3/miglint.jar.sha256"),
                releases.resolve("v1.2.3/miglint-lint.jar.sha256"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(2, fetch(dest, "miglint-lint.jar"));
        assertFalse(Files.exists(dest));
    }

    @Test
    void aTamperedJarIsRefusedAndNothingIsWritten() throws Exception {
        pom("1.2.3");
        Files.write(releases.resolve("v1.2.3/miglint.jar"), "PK evil".getBytes(StandardCharsets.ISO_8859_1));
        Path dest = checkout.resolve("target/miglint.jar");
        assertEquals(2, fetch(dest));
        assertFalse(Files.exists(dest));
    }

    @Test
    void snapshotsAndUnpublishedVersionsAreBuiltInstead() throws Exception {
        Path dest = checkout.resolve("target/miglint.jar");
        pom("1.3.0-SNAPSHOT");
        assertEquals(1, fetch(dest));
        pom("9.9.9");
        assertEquals(1, fetch(dest));
        assertFalse(Files.exists(dest));
    }
}
