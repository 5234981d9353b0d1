package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end through {@link Main#run}: exit codes, clean stdout, one-line errors. */
class CliTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private Path project(String upSql) throws Exception {
        Path dir = tmp.resolve("db/migrations");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("20240101120000_create_users_table.up.sql"),
                "CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY);\n");
        Files.writeString(dir.resolve("20240101120000_create_users_table.down.sql"), "DROP TABLE IF EXISTS users;\n");
        Files.writeString(dir.resolve("20240102120000_add_users_email.up.sql"), upSql);
        Files.writeString(
                dir.resolve("20240102120000_add_users_email.down.sql"),
                "ALTER TABLE users DROP COLUMN IF EXISTS email;\n");
        return dir;
    }

    private static JsonNode first(JsonNode report, String ruleId) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("ruleId").asText().equals(ruleId)) {
                return f;
            }
        }
        throw new AssertionError("no " + ruleId + " finding in " + report);
    }

    private static void assertNoStackTrace(Run r) {
        assertFalse(r.err().contains("\tat "), "stack trace on stderr: " + r.err());
        assertFalse(r.out().contains("\tat "), "stack trace on stdout: " + r.out());
    }

    @Test
    void syntaxErrorGivesExitOneWithItsPosition() throws Exception {
        Path dir = project("CRATE TABLE x (id int);\n");
        Run r = run("check", dir.toString(), "--format", "json");
        assertEquals(ExitCode.FINDINGS, r.exit(), r.err());
        JsonNode f = first(new ObjectMapper().readTree(r.out()), "syntax-error");
        assertEquals(1, f.get("line").asInt());
        assertEquals(1, f.get("column").asInt());
        assertTrue(f.get("file").asText().endsWith("20240102120000_add_users_email.up.sql"));
        assertEquals("up", f.get("migration").get("direction").asText());
        assertNoStackTrace(r);
    }

    @Test
    void failOnNeverExitsZeroEvenWithErrors() throws Exception {
        Path dir = project("CRATE TABLE x (id int);\n");
        assertEquals(
                ExitCode.CLEAN,
                run("check", dir.toString(), "--fail-on", "never").exit());
    }

    @Test
    void unknownRuleIdIsAUsageError() throws Exception {
        Path dir = project("SELECT 1;\n");
        Run r = run("check", dir.toString(), "--disable", "no-such-rule");
        assertEquals(ExitCode.USAGE, r.exit());
        assertTrue(r.err().contains("no-such-rule"), r.err());
        assertEquals("", r.out());
        assertNoStackTrace(r);
    }

    @Test
    void mistypedRuleIdsCommandsAndOptionsGetADidYouMean() throws Exception {
        Path dir = project("SELECT 1;\n");
        Run rule = run("check", dir.toString(), "--disable", "require-concurent-index");
        assertEquals(ExitCode.USAGE, rule.exit());
        assertTrue(rule.err().contains("did you mean 'require-concurrent-index'?"), rule.err());
        Run explain = run("explain", "set-not-nul");
        assertTrue(explain.err().contains("did you mean 'set-not-null'?"), explain.err());
        Run command = run("chek", dir.toString());
        assertEquals(ExitCode.USAGE, command.exit());
        assertTrue(command.err().contains("Did you mean: miglint check?"), command.err());
        Run option = run("check", dir.toString(), "--fail-onn", "warning");
        assertEquals(ExitCode.USAGE, option.exit());
        assertTrue(option.err().contains("Possible solutions: --fail-on"), option.err());
        assertNoStackTrace(option);
        Run swapped = run("check", dir.toString(), "--fial-on", "warning");
        assertEquals(ExitCode.USAGE, swapped.exit());
        assertTrue(swapped.err().contains("Did you mean: miglint check --fail-on?"), swapped.err());
        Run prefix = run("explain", "lock-timeout");
        assertTrue(prefix.err().contains("did you mean 'lock-timeout-missing'?"), prefix.err());
    }

    @Test
    void unknownConfigKeyNamesItsLineAndColumn() throws Exception {
        Path dir = project("SELECT 1;\n");
        Files.writeString(tmp.resolve(".miglint.yaml"), "pg-version: 15\nfail_on: warning\n");
        Run r = run("check", dir.toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.err());
        assertTrue(r.err().matches("(?s).*\\.miglint\\.yaml:2:1: unknown key 'fail_on'.*"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void configDisablesARuleAndSetsPgVersion() throws Exception {
        Path dir = project("CRATE TABLE x (id int);\n");
        Files.writeString(tmp.resolve(".miglint.yaml"), "rules:\n  syntax-error: off\n");
        assertEquals(ExitCode.CLEAN, run("check", dir.toString()).exit());
    }

    @Test
    void undecodableFileIsReportedAndTheRestStillLinted() throws Exception {
        Path dir = project("CRATE TABLE x (id int);\n");
        Files.write(
                dir.resolve("20240103120000_add_users_name.up.sql"),
                new byte[] {'S', 'E', 'L', '\n', (byte) 0xC3, (byte) 0x28, ';'});
        Files.writeString(dir.resolve("20240103120000_add_users_name.down.sql"), "SELECT 1;\n");
        Run r = run("check", dir.toString(), "--format", "json");
        assertEquals(ExitCode.INPUT, r.exit(), r.err());
        assertTrue(r.err().contains("20240103120000_add_users_name.up.sql:2:1"), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(2, first(json, "syntax-error").get("line").asInt() + 1, "the other files are still linted");
        assertEquals(1, json.get("errors").size());
        assertNoStackTrace(r);
    }

    @Test
    void missingPathIsReportedNotThrown() {
        Run r = run("check", tmp.resolve("nowhere").toString());
        assertEquals(ExitCode.INPUT, r.exit(), r.err());
        assertTrue(r.err().contains("nowhere"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void inlineSuppressionSilencesTheNextStatementOnly() throws Exception {
        Path dir = project("-- miglint:ignore syntax-error known typo, fixed in the next release\n"
                + "CRATE TABLE x (id int);\nCRATE TABLE y (id int);\n");
        Run r = run("check", dir.toString(), "--format", "json");
        JsonNode findings = new ObjectMapper().readTree(r.out()).get("findings");
        int active = 0;
        for (JsonNode f : findings) {
            if (!f.get("ruleId").asText().equals("syntax-error")) {
                continue;
            }
            if (!f.has("suppressed") || f.get("suppressed").isNull()) {
                active++;
                assertEquals(3, f.get("line").asInt());
            }
        }
        assertEquals(1, active, r.out());
    }

    @Test
    void aRuleThatJudgesTheWholeFolderHonoursIgnoreFileAndSeverities() throws Exception {
        Path dir = project("ALTER TABLE users ADD COLUMN IF NOT EXISTS email text;\n");
        Path up = dir.resolve("20240103120000_add_users_name.up.sql");
        Files.writeString(up, "ALTER TABLE users ADD COLUMN IF NOT EXISTS name text;\n");
        JsonNode missing = first(
                new ObjectMapper()
                        .readTree(
                                run("check", dir.toString(), "--format", "json").out()),
                "down-missing");
        assertEquals("info", missing.get("severity").asText(), "down-missing is info by its class and page");
        assertTrue(
                missing.get("suppressed") == null || missing.get("suppressed").isNull(), missing.toString());

        Files.writeString(tmp.resolve(".miglint.yaml"), "rules:\n  down-missing: warning\n");
        JsonNode warned = first(
                new ObjectMapper()
                        .readTree(
                                run("check", dir.toString(), "--format", "json").out()),
                "down-missing");
        assertEquals("warning", warned.get("severity").asText());

        Files.writeString(
                up,
                "-- miglint:ignore-file down-missing rolled back by restoring the backup\n"
                        + "ALTER TABLE users ADD COLUMN IF NOT EXISTS name text;\n");
        JsonNode ignored = first(
                new ObjectMapper()
                        .readTree(
                                run("check", dir.toString(), "--format", "json").out()),
                "down-missing");
        assertEquals(
                "rolled back by restoring the backup",
                ignored.at("/suppressed/justification").asText(),
                ignored.toString());
    }

    @Test
    void rulesAndExplain() {
        Run rules = run("rules", "--format", "json");
        assertEquals(0, rules.exit());
        assertTrue(rules.out().contains("\"syntax-error\""));
        Run explain = run("explain", "syntax-error");
        assertEquals(0, explain.exit());
        assertTrue(explain.out().contains("## Anti-pattern"));
        assertEquals(ExitCode.USAGE, run("explain", "nope").exit());
    }

    @Test
    void badOptionIsAUsageError() {
        Run r = run("check", "--fail-on");
        assertEquals(ExitCode.USAGE, r.exit());
        assertNoStackTrace(r);
    }
}
