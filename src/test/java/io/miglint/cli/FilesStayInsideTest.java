package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a pull request can plant as links, and where reports go: nothing outside the repository is read or searched,
 * and a report is never written through a link.
 */
class FilesStayInsideTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TOKEN = "ghp_TOKENVALUE0123456789";

    @TempDir
    Path tmp;

    private Path repo;
    private Path db;

    @BeforeEach
    void repositoryWithPlantedLinks() throws IOException {
        // On a flagged statement's line too: the text report shows the lines of what it flags.
        Path secret = Files.writeString(
                tmp.resolve("token.sql"), "-- " + TOKEN + "\nCREATE INDEX t ON a (id); -- " + TOKEN + "\n");
        repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        db = Files.createDirectories(repo.resolve("db"));
        Files.writeString(db.resolve("001_add_index.up.sql"), "CREATE INDEX i1 ON a (id);\n");
        Files.writeString(db.resolve("001_add_index.down.sql"), "DROP INDEX i1;\n");
        Files.createSymbolicLink(db.resolve("002_add_token.up.sql"), secret);
        Files.writeString(db.resolve("002_add_token.down.sql"), "SELECT 1;\n");
        Path shared = Files.createDirectories(repo.resolve("shared"));
        Files.writeString(shared.resolve("index.sql"), "CREATE INDEX i3 ON a (id);\n");
        Files.createSymbolicLink(db.resolve("003_add_shared.up.sql"), Path.of("../shared/index.sql"));
        Files.writeString(db.resolve("003_add_shared.down.sql"), "DROP INDEX i3;\n");
        Files.createSymbolicLink(repo.resolve("everything"), Path.of("/"));
        Files.createSymbolicLink(repo.resolve("loop"), Path.of("."));
    }

    @Test
    @Timeout(60)
    void linksOutOfTheRepositoryAreNamedNeverReadOrSearched() throws IOException {
        for (String format : List.of("text", "compact", "github", "gitlab", "markdown", "sarif")) {
            Cli r = Cli.run("check", repo.toString(), "--format", format, "--verbose");
            assertFalse(r.out().contains(TOKEN) || r.err().contains(TOKEN), () -> format + " leaked the token\n" + r);
            assertEquals(ExitCode.INPUT, r.exit(), r::toString);
        }
        Cli r = Cli.run("check", repo.toString(), "--format", "json");
        HostileInputTest.assertClean(r);
        JsonNode report = MAPPER.readTree(r.out());
        List<String> outside = new ArrayList<>();
        report.get("errors").forEach(e -> {
            if (e.get("kind").asText().equals("outside-repository-link")) {
                outside.add(Path.of(e.get("file").asText()).getFileName().toString());
                assertFalse(
                        e.get("message")
                                .asText()
                                .contains(tmp.resolve("token.sql").toString()),
                        "the target is not shown");
            }
        });
        assertEquals(List.of("everything", "002_add_token.up.sql"), outside, r::toString);
        assertEquals(
                3, report.get("errors").size(), "besides, only the loop back to the repository is named: " + r.out());
        List<String> found = new ArrayList<>();
        report.get("findings")
                .forEach(f -> found.add(Path.of(f.get("file").asText()).getFileName() + " "
                        + f.get("ruleId").asText()));
        assertTrue(found.contains("001_add_index.up.sql require-concurrent-index"), found::toString);
        assertTrue(found.contains("003_add_shared.up.sql require-concurrent-index"), "a link inside still works");
        assertFalse(found.stream().anyMatch(f -> f.startsWith("002_add_token.up.sql")), found::toString);
    }

    @Test
    @Timeout(60)
    void namedFileOrFolderThatLinksOutIsRefusedToo() throws IOException {
        Cli file = Cli.run("check", db.resolve("002_add_token.up.sql").toString(), "--format", "json");
        assertFalse(file.out().contains(TOKEN) || file.err().contains(TOKEN), file::toString);
        assertTrue(file.err().contains("002_add_token.up.sql: outside-repository-link"), file::toString);
        assertEquals(ExitCode.INPUT, file.exit());

        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("001_x.up.sql"), "-- " + TOKEN + "\n");
        Files.createSymbolicLink(repo.resolve("migrations"), elsewhere);
        Cli folder = Cli.run("check", repo.resolve("migrations").toString());
        assertFalse(folder.out().contains(TOKEN) || folder.err().contains(TOKEN), folder::toString);
        assertTrue(folder.out().contains("migrations: error: outside-repository-link"), folder::toString);
        assertEquals(ExitCode.INPUT, folder.exit());
    }

    @Test
    @Timeout(60)
    void configurationOrBaselineLinkedOutOfTheRepositoryIsNotRead() throws IOException {
        Path token = Files.writeString(tmp.resolve("token"), TOKEN + ": 1\n");
        Path clean = Files.createDirectories(repo.resolve("clean"));
        Files.writeString(clean.resolve("001_add_index.up.sql"), "CREATE INDEX i1 ON a (id);\n");
        Files.writeString(clean.resolve("001_add_index.down.sql"), "DROP INDEX i1;\n");
        Files.createSymbolicLink(repo.resolve(".miglint.yaml"), token);
        Cli found = Cli.run("check", clean.toString());
        assertEquals(ExitCode.USAGE, found.exit(), found::toString);
        assertTrue(found.err().contains(".miglint.yaml: outside-repository-link"), found::toString);
        assertFalse(found.err().contains(TOKEN), found::toString);
        Files.delete(repo.resolve(".miglint.yaml"));

        Path baseline = Files.createSymbolicLink(repo.resolve("baseline.json"), token);
        Cli named = Cli.run("check", clean.toString(), "--baseline", baseline.toString());
        assertEquals(ExitCode.USAGE, named.exit(), named::toString);
        assertTrue(named.err().contains("baseline.json: outside-repository-link"), named::toString);
        assertFalse(named.err().contains(TOKEN), named::toString);
    }

    @Test
    @Timeout(60)
    void searchDepthIsBoundedWithOneNotice() throws IOException {
        // 64 levels are searched; below them, two folders side by side and a chain going on to 70 levels.
        Path deep = repo.resolve("deep");
        for (int i = 0; i < 64; i++) {
            deep = deep.resolve("d");
        }
        Path chain = deep.resolve("a");
        for (int i = 0; i < 6; i++) {
            chain = chain.resolve("d");
        }
        Files.createDirectories(chain);
        Files.writeString(chain.resolve("001_deep.up.sql"), "SELECT 1;\n");
        Files.createDirectories(deep.resolve("b"));
        Cli r = Cli.run("check", repo.resolve("deep").toString(), "--format", "json");
        long notices = r.err()
                .lines()
                .filter(l -> l.contains("levels below the named one"))
                .count();
        assertEquals(1, notices, r::toString);
        assertTrue(r.err().contains("/d/a: io: folder more than 64 levels"), r::toString);
        assertEquals(ExitCode.INPUT, r.exit());
    }

    @Test
    @Timeout(60)
    void pathTooLongToOpenIsReportedNotSkipped() throws IOException, InterruptedException {
        // 17 names of 250 characters: past Linux's 4096-byte path limit, built from the bottom up so that every
        // step names a short path.
        String name = "n".repeat(250);
        Path chain = Files.createDirectories(tmp.resolve("c0"));
        Files.writeString(chain.resolve("001_x.up.sql"), "SELECT 1;\n");
        for (int i = 1; i <= 17; i++) {
            Path next = Files.createDirectories(tmp.resolve("c" + i));
            Files.move(chain, next.resolve(name));
            chain = next;
        }
        Path top = Files.move(chain, repo.resolve("long"));
        try {
            Cli r = Cli.run("check", top.toString(), "--format", "json");
            HostileInputTest.assertClean(r);
            assertTrue(r.err().contains("File name too long"), r::toString);
            assertEquals(ExitCode.INPUT, r.exit());
        } finally {
            assertEquals(
                    0, new ProcessBuilder("rm", "-rf", top.toString()).start().waitFor());
        }
    }

    @Test
    @Timeout(60)
    void reportIsNeverWrittenThroughALink() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim"), "keep me\n");
        Path planted = Files.createSymbolicLink(repo.resolve("miglint.sarif"), victim);
        Path clean = Files.createDirectories(repo.resolve("clean"));
        Files.writeString(clean.resolve("001_add_index.up.sql"), "CREATE INDEX i1 ON a (id);\n");
        Files.writeString(clean.resolve("001_add_index.down.sql"), "DROP INDEX i1;\n");
        Cli r = Cli.run("check", clean.toString(), "--format", "sarif=" + planted);
        assertEquals(ExitCode.USAGE, r.exit(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().contains("is a symbolic link"), r::toString);
        assertEquals("keep me\n", Files.readString(victim));

        Path report = repo.resolve("out/report.json");
        Files.createDirectories(report.getParent());
        Files.writeString(report, "old");
        Cli ok = Cli.run("check", clean.toString(), "--format", "json=" + report);
        assertEquals(ExitCode.CLEAN, ok.exit(), ok::toString);
        assertTrue(MAPPER.readTree(report.toFile()).has("findings"));
        try (Stream<Path> left = Files.list(report.getParent())) {
            assertEquals(List.of(report), left.toList(), "no temporary file is left behind");
        }
    }
}
