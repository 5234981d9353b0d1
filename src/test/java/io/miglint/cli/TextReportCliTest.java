package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text, compact and gitlab reports of the real samples in migrations-samples/, checked against the JSON report of
 * the same run (which keeps every value exact) and against the sample files themselves.
 */
class TextReportCliTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path PROJECT =
            Path.of(System.getProperty("miglint.projectDir", ".")).toAbsolutePath();
    private static final String SAMPLES = PROJECT.resolve("migrations-samples").toString();
    private static final String DBMATE_BAD =
            PROJECT.resolve("migrations-samples/dbmate/bad").toString();

    private static JsonNode json(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--format", "json", "--fail-on", "never"));
        return MAPPER.readTree(Cli.run(all.toArray(String[]::new)).out());
    }

    private static List<JsonNode> active(String... args) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        json(args).get("findings").forEach(f -> {
            if (f.get("suppressed") == null) {
                out.add(f);
            }
        });
        return out;
    }

    private static String header(JsonNode f) {
        return f.get("file").asText() + ":" + f.get("line").asInt() + ":"
                + f.get("column").asInt() + ": " + f.get("severity").asText() + " ["
                + f.get("ruleId").asText() + "] " + f.get("message").asText();
    }

    private static boolean wholeFile(JsonNode f) {
        return f.get("line").asInt() == 1
                && f.get("column").asInt() == 1
                && f.get("endLine").asInt() == 1
                && f.get("endColumn").asInt() == 1;
    }

    /** The lines of the text report from the finding's header line to the line before the next blank one. */
    private static List<String> block(List<String> report, int from) {
        int to = from;
        while (to < report.size() && !report.get(to).isEmpty()) {
            to++;
        }
        return report.subList(from, to);
    }

    private static String sourceLine(JsonNode f, int line) throws IOException {
        return Files.readAllLines(Path.of(f.get("file").asText()), StandardCharsets.UTF_8)
                .get(line - 1)
                .stripTrailing();
    }

    /** The help as the block shows it: after {@code = help: }, continuation lines without their indentation. */
    private static String help(List<String> block) {
        int at = 0;
        while (!block.get(at).contains(" = help: ")) {
            at++;
        }
        int indent = block.get(at).indexOf("= help: ") + 8;
        StringBuilder sb = new StringBuilder(block.get(at).substring(indent));
        for (String l : block.subList(at + 1, block.size())) {
            sb.append('\n').append(l.substring(Math.min(indent, l.length())));
        }
        return sb.toString();
    }

    @Test
    void everyFindingOfTheSamplesShowsItsLineWithCaretsUnderItsSpanAndTheStartOfItsHelp() throws IOException {
        List<JsonNode> findings = active("check", SAMPLES);
        Cli text = Cli.run("check", SAMPLES, "--fail-on", "never");
        List<String> report = text.out().lines().toList();
        int excerpts = 0;
        int shortened = 0;
        for (JsonNode f : findings) {
            int at = report.indexOf(header(f));
            assertTrue(at >= 0, () -> "no line " + header(f) + " in\n" + text.out());
            List<String> block = block(report, at);
            String id = f.get("ruleId").asText();
            String help = help(block);
            String more = " (miglint explain " + id + " for more)";
            assertTrue(help.endsWith(more), help);
            String shown = help.substring(0, help.length() - more.length());
            assertTrue(
                    f.get("help").asText().startsWith(shown),
                    () -> shown + "\nis not the start of\n" + f.get("help").asText());
            shortened += shown.length() < f.get("help").asText().length() ? 1 : 0;
            if (wholeFile(f)) {
                assertEquals(2, block.size(), () -> String.join("\n", block));
                continue;
            }
            int line = f.get("line").asInt();
            String source = sourceLine(f, line);
            if (f.get("endLine").asInt() != line || source.length() > 100 || !source.matches("[ -~]*")) {
                continue;
            }
            String pad = " ".repeat(String.valueOf(line).length());
            int from = f.get("column").asInt() - 1;
            int to = Math.min(f.get("endColumn").asInt() - 1, source.length());
            String shownSource = id.equals("hardcoded-secret")
                    ? source.substring(0, from) + "*".repeat(to - from) + source.substring(to)
                    : source;
            assertEquals(
                    List.of(
                            pad + " |",
                            line + " | " + shownSource,
                            pad + " | " + " ".repeat(from) + "^".repeat(Math.max(1, to - from))),
                    block.subList(1, 4),
                    () -> String.join("\n", block));
            excerpts++;
        }
        assertTrue(excerpts > 50, "single-line excerpts checked: " + excerpts);
        assertTrue(shortened > 0, "no help was shortened to its first sentence");
    }

    @Test
    void findingsAreGroupedUnderOneHeadingPerFileWithItsCounts() throws IOException {
        List<JsonNode> findings = active("check", SAMPLES);
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (JsonNode f : findings) {
            int[] c = counts.computeIfAbsent(f.get("file").asText(), k -> new int[3]);
            c[
                    switch (f.get("severity").asText()) {
                        case "error" -> 0;
                        case "warning" -> 1;
                        default -> 2;
                    }]++;
        }
        List<String> report =
                Cli.run("check", SAMPLES, "--fail-on", "never").out().lines().toList();
        List<String> headings = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            List<String> parts = new ArrayList<>();
            if (c[0] > 0) {
                parts.add(c[0] + (c[0] == 1 ? " error" : " errors"));
            }
            if (c[1] > 0) {
                parts.add(c[1] + (c[1] == 1 ? " warning" : " warnings"));
            }
            if (c[2] > 0) {
                parts.add(c[2] + " info");
            }
            headings.add(e.getKey() + " (" + String.join(", ", parts) + ")");
        }
        List<String> shown = report.stream()
                .filter(l -> l.matches(".* \\((\\d+ (errors?|warnings?|info)(, )?)+\\)"))
                .toList();
        assertEquals(headings, shown);
        // Each heading is followed by its file's findings and nothing else until the next heading.
        for (int i = 0; i < report.size(); i++) {
            if (headings.contains(report.get(i))) {
                String file = report.get(i).substring(0, report.get(i).lastIndexOf(" ("));
                for (int j = i + 1; j < report.size() && !headings.contains(report.get(j)); j++) {
                    String l = report.get(j);
                    if (l.matches(".+?:\\d+:\\d+: (error|warning|info) \\[.*")) {
                        assertTrue(l.startsWith(file + ":"), l + " under " + file);
                    }
                }
            }
        }
    }

    @Test
    void theLiteralPasswordOfTheSampleIsNeverPrinted() throws IOException {
        String secret = "Sup3rS3cret!";
        assertTrue(Files.readString(Path.of(DBMATE_BAD, "db/migrations/2024010509_CreateUsers.sql"))
                .contains(secret));
        for (String format : List.of("text", "compact", "gitlab", "github", "markdown", "json", "sarif")) {
            Cli r = Cli.run("check", DBMATE_BAD, "--format", format, "--verbose", "--fail-on", "never");
            assertFalse(r.out().contains(secret), format + ":\n" + r.out());
            assertFalse(r.out().contains("Sup3r"), format + ":\n" + r.out());
        }
        assertTrue(Cli.run("check", DBMATE_BAD)
                .out()
                .contains("9 | CREATE ROLE reporting LOGIN PASSWORD **************;\n"));
    }

    @Test
    void theVerifierShowsTheRoleItCouldNotCreateWithoutItsPassword() throws IOException {
        // verify alone runs no lint rule, so no secret finding marks the literal; CREATE ROLE fails in the sandbox.
        Cli r = Cli.run(
                "verify",
                PROJECT.resolve("migrations-samples/golang-migrate/bad").toString(),
                "--fail-on",
                "never");
        assertTrue(
                r.out()
                        .contains("[verify-needs-superuser] CREATE ROLE was not run: the verifier runs "
                                + "migrations as a role that may not create or change roles"),
                r::toString);
        assertTrue(r.out().contains(" | CREATE ROLE reporting LOGIN PASSWORD **************;\n"), r::toString);
        assertFalse(r.out().contains("Sup3r"), r::toString);
    }

    @Test
    void verboseShowsTheWholeHelp() throws IOException {
        List<JsonNode> findings = active("check", DBMATE_BAD);
        List<String> report =
                Cli.run("check", DBMATE_BAD, "--verbose").out().lines().toList();
        String shortened = Cli.run("check", DBMATE_BAD).out();
        boolean longer = false;
        for (JsonNode f : findings) {
            List<String> block = block(report, report.indexOf(header(f)));
            String help = help(block);
            assertEquals(
                    f.get("help").asText() + " (miglint explain "
                            + f.get("ruleId").asText() + " for more)",
                    help);
            longer |= !shortened.contains(help);
        }
        assertTrue(longer, "no help of the sample has more than one sentence");
    }

    @Test
    void compactIsTheHeaderLineOfEveryFindingThenTheSummary() throws IOException {
        List<JsonNode> findings = active("check", SAMPLES);
        int errors = json("check", SAMPLES).get("errors").size();
        Cli r = Cli.run("check", SAMPLES, "--format", "compact", "--fail-on", "never");
        List<String> lines = r.out().lines().toList();
        assertEquals(findings.size() + errors + 1, lines.size(), r::toString);
        for (int i = 0; i < findings.size(); i++) {
            assertEquals(header(findings.get(i)), lines.get(i));
        }
        assertTrue(lines.get(lines.size() - 1).matches("\\d+ errors?, .* in \\d+ files.*"), lines::toString);
    }

    @Test
    void gitlabReportFollowsTheCodeQualityFormat() throws IOException {
        List<JsonNode> findings = active("check", SAMPLES);
        Cli r = Cli.run("check", SAMPLES, "--format", "gitlab", "--fail-on", "never");
        assertTrue(r.out().startsWith("["), "a JSON array, no byte order mark");
        JsonNode issues = MAPPER.readTree(r.out());
        assertEquals(findings.size(), issues.size());
        Set<String> fingerprints = new HashSet<>();
        for (int i = 0; i < findings.size(); i++) {
            JsonNode f = findings.get(i);
            JsonNode issue = issues.get(i);
            List<String> keys = new ArrayList<>();
            issue.fieldNames().forEachRemaining(keys::add);
            assertEquals(List.of("description", "check_name", "fingerprint", "severity", "location"), keys);
            assertEquals(f.get("message").asText(), issue.get("description").asText());
            assertEquals(f.get("ruleId").asText(), issue.get("check_name").asText());
            assertEquals(
                    switch (f.get("severity").asText()) {
                        case "error" -> "critical";
                        case "warning" -> "major";
                        default -> "info";
                    },
                    issue.get("severity").asText());
            // Display paths of the samples are relative to the working directory, the repository root.
            String path = issue.get("location").get("path").asText();
            assertFalse(path.startsWith("/"), path);
            assertEquals(f.get("file").asText(), path);
            assertTrue(issue.get("location").get("lines").get("begin").isInt());
            assertEquals(
                    f.get("line").asInt(),
                    issue.get("location").get("lines").get("begin").asInt());
            assertTrue(fingerprints.add(issue.get("fingerprint").asText()), "fingerprints are unique");
        }
    }

    @Test
    void twoFindingsOfTheSameStatementGetTwoGitlabFingerprints(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("001_create_t.up.sql"), "CREATE TABLE t (a int);\n");
        Files.writeString(dir.resolve("001_create_t.down.sql"), "DROP TABLE t;\n");
        Files.writeString(dir.resolve("002_index_t.up.sql"), "CREATE INDEX ON t (a);\nCREATE INDEX ON t (a);\n");
        Files.writeString(dir.resolve("002_index_t.down.sql"), "DROP INDEX t_a_idx1;\nDROP INDEX t_a_idx;\n");
        List<JsonNode> twice = active("check", dir.toString()).stream()
                .filter(f -> f.get("ruleId").asText().equals("require-concurrent-index"))
                .toList();
        assertEquals(2, twice.size());
        assertEquals(twice.get(0).get("fingerprint"), twice.get(1).get("fingerprint"), "one identity, twice");
        List<JsonNode> issues = new ArrayList<>();
        MAPPER.readTree(Cli.run("check", dir.toString(), "--format", "gitlab").out())
                .forEach(i -> {
                    if (i.get("check_name").asText().equals("require-concurrent-index")) {
                        issues.add(i);
                    }
                });
        assertEquals(2, issues.size());
        assertEquals(
                twice.get(0).get("fingerprint").asText(),
                issues.get(0).get("fingerprint").asText());
        assertNotEquals(issues.get(0).get("fingerprint"), issues.get(1).get("fingerprint"));
    }

    @Test
    void colorIsAskedForOrNotAndNeverInAFile(@TempDir Path dir) throws IOException {
        // In-process, stdout is not a terminal: auto means no colour.
        assertFalse(Cli.run("check", DBMATE_BAD).out().contains("\u001b"));
        assertFalse(Cli.run("check", DBMATE_BAD, "--color", "never").out().contains("\u001b"));
        assertTrue(Cli.run("check", DBMATE_BAD, "--color=always").out().contains("\u001b[1;31merror\u001b[0m"));
        assertTrue(Cli.run("check", DBMATE_BAD, "--color=always", "--format", "compact")
                .out()
                .contains("\u001b["));
        assertFalse(Cli.run("check", DBMATE_BAD, "--color=always", "--format", "json")
                .out()
                .contains("\u001b"));
        Path file = dir.resolve("report.txt");
        Cli.run("check", DBMATE_BAD, "--color=always", "--format", "text=" + file);
        assertFalse(Files.readString(file).contains("\u001b"));
        Cli bad = Cli.run("check", DBMATE_BAD, "--color=sometimes");
        assertEquals(ExitCode.USAGE, bad.exit(), bad::toString);
        assertEquals(
                "miglint: --color: expected auto, always or never, got 'sometimes'",
                bad.err().strip());
    }
}
