package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * check → baseline → check shows nothing active, SARIF marks the baselined results as external suppressions; a fixed
 * finding turns its entry into a baseline-stale notice.
 */
class BaselineRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path migrations;
    Path baseline;

    @BeforeEach
    void projectWithTwoEmptyDowns() throws Exception {
        migrations = Files.createDirectories(tmp.resolve("migrations"));
        for (String name : List.of("1_create_users_table", "2_create_orders_table")) {
            String table = name.substring("1_create_".length(), name.length() - "_table".length());
            Files.writeString(
                    migrations.resolve(name + ".up.sql"),
                    "CREATE TABLE IF NOT EXISTS " + table + " (id bigint PRIMARY KEY);\n");
            Files.writeString(migrations.resolve(name + ".down.sql"), "-- TODO\n");
        }
        baseline = tmp.resolve("ci/.miglint-baseline.json");
    }

    private JsonNode json(String... args) throws Exception {
        Cli r = Cli.run(args);
        assertTrue(r.exit() == 0 || r.exit() == 1, r.toString());
        return JSON.readTree(r.out());
    }

    private static List<String> rules(JsonNode report, boolean suppressed) {
        List<String> ids = new ArrayList<>();
        for (JsonNode f : report.get("findings")) {
            if (f.has("suppressed") == suppressed) {
                ids.add(f.get("ruleId").asText() + " "
                        + Path.of(f.get("file").asText()).getFileName());
            }
        }
        return ids;
    }

    @Test
    void roundTrip() throws Exception {
        String dir = migrations.toString();
        Cli before = Cli.run("check", dir, "--fail-on", "info");
        assertEquals(ExitCode.FINDINGS, before.exit(), before.toString());

        Cli written = Cli.run("baseline", dir, "--output", baseline.toString());
        assertEquals(0, written.exit(), written.toString());
        assertTrue(written.err().contains("recorded 2 findings in "), written.err());
        JsonNode entries = JSON.readTree(baseline.toFile()).get("entries");
        assertEquals(2, entries.size());

        Cli quiet = Cli.run("check", dir, "--fail-on", "info", "--baseline", baseline.toString());
        assertEquals(ExitCode.CLEAN, quiet.exit(), quiet.toString());
        JsonNode report =
                json("check", dir, "--fail-on", "info", "--baseline", baseline.toString(), "--format", "json");
        assertEquals(List.of(), rules(report, false));
        assertEquals(
                List.of("down-empty 1_create_users_table.down.sql", "down-empty 2_create_orders_table.down.sql"),
                rules(report, true));

        JsonNode sarif = json("check", dir, "--baseline", baseline.toString(), "--format", "sarif");
        JsonNode results = sarif.at("/runs/0/results");
        assertEquals(2, results.size());
        for (JsonNode r : results) {
            assertEquals("external", r.at("/suppressions/0/kind").asText(), r.toString());
        }

        // Fix one finding: its entry matches nothing any more.
        Files.writeString(migrations.resolve("2_create_orders_table.down.sql"), "DROP TABLE IF EXISTS orders;\n");
        Cli stale = Cli.run("check", dir, "--fail-on", "info", "--baseline", baseline.toString(), "--format", "json");
        assertEquals(ExitCode.FINDINGS, stale.exit(), "baseline-stale is an info finding: " + stale);
        JsonNode staleReport = JSON.readTree(stale.out());
        assertEquals(List.of("baseline-stale 2_create_orders_table.down.sql"), rules(staleReport, false));
        JsonNode notice = staleReport.get("findings").get(1);
        assertEquals("info", notice.get("severity").asText());
        assertTrue(
                notice.get("message").asText().startsWith("baseline entry for down-empty matches no finding"),
                notice.toString());
        assertEquals(
                ExitCode.CLEAN,
                Cli.run("check", dir, "--baseline", baseline.toString()).exit(),
                "at the default --fail-on error a stale entry does not fail the build");

        JsonNode staleSarif = json("check", dir, "--baseline", baseline.toString(), "--format", "sarif");
        List<String> ruleIds = new ArrayList<>();
        staleSarif
                .at("/runs/0/tool/driver/rules")
                .forEach(r -> ruleIds.add(r.get("id").asText()));
        assertTrue(ruleIds.contains("baseline-stale"), ruleIds.toString());
        JsonNode staleRule = null;
        for (JsonNode r : staleSarif.at("/runs/0/tool/driver/rules")) {
            if (r.get("id").asText().equals("baseline-stale")) {
                staleRule = r;
            }
        }
        assertTrue(staleRule.get("helpUri").asText().endsWith("rules/baseline-stale.md"), staleRule.toString());
        Cli explain = Cli.run("explain", "baseline-stale");
        assertEquals(0, explain.exit(), explain.toString());
        assertTrue(explain.out().startsWith("# baseline-stale\n"), explain.out());

        // Regenerating the baseline drops the fixed entry.
        assertEquals(
                0, Cli.run("baseline", dir, "--output", baseline.toString()).exit());
        assertEquals(1, JSON.readTree(baseline.toFile()).get("entries").size());
        assertEquals(
                ExitCode.CLEAN,
                Cli.run("check", dir, "--fail-on", "info", "--baseline", baseline.toString())
                        .exit());
    }

    @Test
    void aBaselinedFindingOutsideTheFilesAskedForIsNotCalledStale() throws Exception {
        String dir = migrations.toString();
        assertEquals(
                0, Cli.run("baseline", dir, "--output", baseline.toString()).exit());
        Cli one = Cli.run(
                "check",
                migrations.resolve("2_create_orders_table.down.sql").toString(),
                "--fail-on",
                "info",
                "--baseline",
                baseline.toString(),
                "--format",
                "json");
        assertEquals(ExitCode.CLEAN, one.exit(), one.toString());
        assertEquals(List.of(), rules(JSON.readTree(one.out()), false));
    }

    @Test
    void aMissingOrBrokenBaselineIsOneLineAndExitCode2() throws Exception {
        Cli missing = Cli.run(
                "check",
                migrations.toString(),
                "--baseline",
                tmp.resolve("nope.json").toString());
        assertEquals(ExitCode.USAGE, missing.exit());
        assertTrue(
                missing.err().endsWith("nope.json: baseline file not found (create it with `miglint baseline`)\n"),
                missing.err());
        Files.writeString(tmp.resolve("b.json"), "{\"entries\": [");
        Cli broken = Cli.run(
                "check",
                migrations.toString(),
                "--baseline",
                tmp.resolve("b.json").toString());
        assertEquals(ExitCode.USAGE, broken.exit());
        assertEquals(1, broken.err().lines().count(), broken.err());
        assertTrue(broken.err().contains("b.json:1:"), broken.err());
    }

    @Test
    void aStaleNoticeIsSelectedAndGivenASeverityLikeAnyFinding() throws Exception {
        String dir = migrations.toString();
        assertEquals(
                0, Cli.run("baseline", dir, "--output", baseline.toString()).exit());
        Files.writeString(migrations.resolve("2_create_orders_table.down.sql"), "DROP TABLE IF EXISTS orders;\n");
        assertEquals(
                List.of("baseline-stale 2_create_orders_table.down.sql"),
                rules(json("check", dir, "--format", "json", "--baseline", baseline.toString()), false));
        assertEquals(
                List.of(),
                rules(
                        json(
                                "check",
                                dir,
                                "--format",
                                "json",
                                "--baseline",
                                baseline.toString(),
                                "--disable",
                                "baseline-stale"),
                        false));
        Files.writeString(tmp.resolve(".miglint.yaml"), "rules:\n  baseline-stale: error\n");
        Cli strict = Cli.run("check", dir, "--baseline", baseline.toString());
        assertEquals(ExitCode.FINDINGS, strict.exit(), strict.toString());
        assertTrue(strict.out().contains("error [baseline-stale]"), strict.out());
    }

    /** An up-only folder: down-missing's one finding says how many migrations the folder has. */
    private Path upOnlyFolder() throws Exception {
        Path upOnly = Files.createDirectories(tmp.resolve("up-only"));
        Files.writeString(upOnly.resolve("1_create_users_table.up.sql"), "CREATE TABLE users (id bigint);\n");
        Files.writeString(upOnly.resolve("2_create_orders_table.up.sql"), "CREATE TABLE orders (id bigint);\n");
        return upOnly;
    }

    @Test
    void anUnrelatedNewMigrationChangesNothing() throws Exception {
        Path upOnly = upOnlyFolder();
        JsonNode before = json("check", upOnly.toString(), "--fail-on", "info", "--format", "json");
        assertEquals(List.of("down-missing 1_create_users_table.up.sql"), rules(before, false));
        assertTrue(before.at("/findings/0/message").asText().contains("none of its 2 migrations"), before.toString());
        assertEquals(
                0,
                Cli.run("baseline", upOnly.toString(), "--output", baseline.toString())
                        .exit());

        Files.writeString(
                upOnly.resolve("3_create_items_table.up.sql"), "CREATE TABLE IF NOT EXISTS items " + "(id bigint);\n");
        JsonNode after = json(
                "check", upOnly.toString(), "--fail-on", "info", "--format", "json", "--baseline", baseline.toString());
        assertEquals(List.of(), rules(after, false), "no new finding, no stale entry: " + after);
        assertEquals(List.of("down-missing 1_create_users_table.up.sql"), rules(after, true));
        assertTrue(after.at("/findings/0/message").asText().contains("none of its 3 migrations"), after.toString());
    }

    @Test
    void aBaselineOfTheFirstFormatStillMatchesAndSaysHowToUpgrade() throws Exception {
        Path upOnly = upOnlyFolder();
        JsonNode finding = json("check", upOnly.toString(), "--format", "json").at("/findings/0");
        String file = finding.get("file").asText();
        String message = finding.get("message").asText();
        // What miglint wrote before findings about a whole file stopped hashing their message.
        String legacy = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(("down-missing\0" + file + "\0" + message)
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Files.createDirectories(baseline.getParent());
        Files.writeString(
                baseline,
                JSON.createObjectNode()
                        .put("tool", "miglint")
                        .put("baselineVersion", 1)
                        .set(
                                "entries",
                                JSON.createArrayNode()
                                        .add(JSON.createObjectNode()
                                                .put("ruleId", "down-missing")
                                                .put("file", file)
                                                .put("fingerprint", legacy)
                                                .put("message", message)))
                        .toString());
        Cli r = Cli.run("check", upOnly.toString(), "--fail-on", "info", "--baseline", baseline.toString());
        assertEquals(ExitCode.CLEAN, r.exit(), r.toString());
        assertTrue(r.out().startsWith("no findings in 2 files (1 suppressed)"), r.out());
        assertTrue(r.err().contains("baseline format 1") && r.err().contains("run `miglint baseline` again"), r.err());
    }
}
