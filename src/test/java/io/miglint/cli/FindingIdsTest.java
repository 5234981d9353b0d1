package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.layout.Direction;
import io.miglint.rule.Catalog;
import io.miglint.rule.Finding;
import io.miglint.rule.Location;
import io.miglint.rule.MigrationRef;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.Severity;
import io.miglint.rule.Suppression;
import io.miglint.rules.registry.RuleRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What docs/rules.md says of every id `miglint rules` lists, whatever produces it (a lint rule, the verifier, the gate,
 * the baseline): `--disable ID` and `rules: {ID: off}` turn it off, `rules: {ID: warning}` sets its severity, an opt-in
 * id is off until enabled, and `-- miglint:ignore ID reason` before its statement (`ignore-file` for its file) silences
 * it without being reported as an unknown suppression.
 *
 * <p>Each case runs the command line's own finding stage ({@link CheckPipeline.Outcome#stage()}) over a draft of the id
 * at a statement of a real migration: running a database per verifier id would be too slow, so
 * {@code VerifyFindingsCliTest} takes real verifier findings through the whole command line instead.
 */
@Tag("slow")
class FindingIdsTest {
    @TempDir
    Path tmp;

    static Stream<String> ids() {
        return RuleRegistry.catalog().ids().stream();
    }

    private static RuleDescriptor descriptor(String id) {
        return RuleRegistry.catalog().find(id).orElseThrow().descriptor();
    }

    /** A folder whose second migration's up is {@code comment} and then {@code SELECT 1;} (line 2 or later). */
    private Path folder(String comment) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("db"));
        Files.writeString(dir.resolve("1_create_users.up.sql"), "CREATE TABLE users (id bigint PRIMARY KEY);\n");
        Files.writeString(dir.resolve("1_create_users.down.sql"), "DROP TABLE users;\n");
        Files.writeString(dir.resolve("2_select_one.up.sql"), comment + "\nSELECT 1;\n");
        Files.writeString(dir.resolve("2_select_one.down.sql"), "SELECT 1;\n");
        return dir;
    }

    private static Finding draftAtStatement(String id, Path dir, String comment) throws Exception {
        Path file = dir.resolve("2_select_one.up.sql").toRealPath();
        int line = (int) comment.lines().count() + 1;
        return new Finding(
                id,
                descriptor(id).defaultSeverity(),
                "a finding of " + id,
                "",
                new Location(file, "db/2_select_one.up.sql", line, 1, line, 10),
                new MigrationRef("2", "select_one", Direction.UP),
                "SELECT 1",
                null);
    }

    private static Finding draftAboutFile(String id, Path dir) throws Exception {
        Path file = dir.resolve("2_select_one.up.sql").toRealPath();
        return new Finding(
                id,
                descriptor(id).defaultSeverity(),
                "a finding of " + id,
                "",
                Location.wholeFile(file, "db/2_select_one.up.sql"),
                null,
                "",
                null);
    }

    private static CheckPipeline.Outcome run(Path dir, List<String> enable, List<String> disable) {
        return CheckPipeline.run(
                new CheckPipeline.Request(List.of(dir), null, null, null, null, enable, disable, p -> true));
    }

    private List<Finding> staged(Path dir, Finding draft, List<String> enable, List<String> disable) {
        return run(dir, enable, disable).stage().run(List.of(draft));
    }

    @ParameterizedTest
    @MethodSource("ids")
    void isReportedByDefaultUnlessOptIn(String id) throws Exception {
        Path dir = folder("SELECT 0;");
        // The default --pg-version is 15; an id for other versions is not reported there.
        boolean applies = descriptor(id).appliesTo(CheckPipeline.DEFAULT_PG_VERSION);
        List<Finding> out = staged(dir, draftAtStatement(id, dir, "SELECT 0;"), List.of(), List.of());
        assertEquals(descriptor(id).optIn() || !applies ? 0 : 1, out.size(), out.toString());
        List<Finding> enabled = staged(dir, draftAtStatement(id, dir, "SELECT 0;"), List.of(id), List.of());
        org.junit.jupiter.api.Assumptions.assumeTrue(applies, id + " does not apply to PostgreSQL 15");
        assertEquals(1, enabled.size(), "--enable " + id);
        assertEquals(descriptor(id).defaultSeverity(), enabled.get(0).severity());
        assertEquals(null, enabled.get(0).suppression());
    }

    @ParameterizedTest
    @MethodSource("ids")
    void disableTurnsItOff(String id) throws Exception {
        Path dir = folder("SELECT 0;");
        assertEquals(List.of(), staged(dir, draftAtStatement(id, dir, "SELECT 0;"), List.of(), List.of(id)));
        Cli cli = Cli.run("check", dir.toString(), "--disable", id, "--fail-on", "never");
        assertEquals(ExitCode.CLEAN, cli.exit(), cli.toString());
    }

    @ParameterizedTest
    @MethodSource("ids")
    void configurationTurnsItOffOrSetsItsSeverity(String id) throws Exception {
        Path dir = folder("SELECT 0;");
        Files.writeString(tmp.resolve(".miglint.yaml"), "rules:\n  " + id + ": off\n");
        assertEquals(List.of(), staged(dir, draftAtStatement(id, dir, "SELECT 0;"), List.of(), List.of()));
        Cli cli = Cli.run("check", dir.toString(), "--fail-on", "never");
        assertEquals(ExitCode.CLEAN, cli.exit(), cli.toString());

        Severity other = descriptor(id).defaultSeverity() == Severity.WARNING ? Severity.ERROR : Severity.WARNING;
        Files.writeString(tmp.resolve(".miglint.yaml"), "rules:\n  " + id + ": " + other.label() + "\n");
        List<Finding> out = staged(dir, draftAtStatement(id, dir, "SELECT 0;"), List.of(), List.of());
        org.junit.jupiter.api.Assumptions.assumeTrue(descriptor(id).appliesTo(CheckPipeline.DEFAULT_PG_VERSION));
        assertEquals(1, out.size(), "a severity turns an opt-in id on too");
        assertEquals(other, out.get(0).severity());
    }

    @ParameterizedTest
    @MethodSource("ids")
    void aSuppressionCommentSilencesItAndIsNotUnknown(String id) throws Exception {
        String comment = "-- miglint:ignore " + id + " reviewed on purpose";
        Path dir = folder(comment);
        CheckPipeline.Outcome outcome = run(dir, List.of(id), List.of());
        org.junit.jupiter.api.Assumptions.assumeTrue(descriptor(id).appliesTo(CheckPipeline.DEFAULT_PG_VERSION));
        List<Finding> out = outcome.stage().run(List.of(draftAtStatement(id, dir, comment)));
        assertEquals(1, out.size());
        assertEquals(
                new Suppression(Suppression.Kind.IN_SOURCE, "reviewed on purpose"),
                out.get(0).suppression());
        assertEquals(
                List.of(),
                outcome.findings().stream()
                        .filter(f -> f.ruleId().equals("unknown-suppression"))
                        .toList(),
                "the catalog's ids are known to suppression comments");
        // The comment covers the statement after it, not a finding about the whole file.
        assertEquals(
                null,
                outcome.stage().run(List.of(draftAboutFile(id, dir))).get(0).suppression());
    }

    @ParameterizedTest
    @MethodSource("ids")
    void anIgnoreFileCommentSilencesItInTheWholeFile(String id) throws Exception {
        String comment = "-- miglint:ignore-file " + id + " reviewed on purpose";
        Path dir = folder(comment);
        CheckPipeline.Outcome outcome = run(dir, List.of(id), List.of());
        org.junit.jupiter.api.Assumptions.assumeTrue(descriptor(id).appliesTo(CheckPipeline.DEFAULT_PG_VERSION));
        for (Finding draft : List.of(draftAtStatement(id, dir, comment), draftAboutFile(id, dir))) {
            List<Finding> out = outcome.stage().run(List.of(draft));
            assertEquals(Suppression.Kind.IN_SOURCE, out.get(0).suppression().kind(), draft.toString());
        }
        assertEquals(
                List.of(),
                outcome.findings().stream()
                        .filter(f -> f.ruleId().equals("unknown-suppression"))
                        .toList());
    }

    @Test
    void everyIdIsDeclaredOnceAndListedByTheRulesCommand() {
        Catalog catalog = RuleRegistry.catalog();
        Cli rules = Cli.run("rules");
        assertEquals(0, rules.exit(), rules.toString());
        List<String> listed = new ArrayList<>();
        rules.out().lines().forEach(l -> listed.add(l.split("\\s+")[0]));
        assertEquals(List.copyOf(catalog.ids()), listed);
        assertTrue(
                listed.containsAll(List.of(
                        "verify-table-rewrite", "gate-dirty", "schema-drift", "baseline-stale", "down-missing")),
                listed.toString());
    }

    @Test
    void aMisspeltIdStaysAnErrorWithItsPlace() throws Exception {
        Path dir = folder("SELECT 0;");
        Files.writeString(tmp.resolve(".miglint.yaml"), "pg-version: 15\nrules:\n  verify-down-incomplet: off\n");
        Cli r = Cli.run("check", dir.toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertTrue(
                r.err()
                        .contains(".miglint.yaml:3:3: rules: unknown rule id 'verify-down-incomplet' (did you mean "
                                + "'verify-down-incomplete'?)"),
                r.err());
        Files.delete(tmp.resolve(".miglint.yaml"));
        Cli flag = Cli.run("check", dir.toString(), "--disable", "verify-table-rewrit");
        assertEquals(ExitCode.USAGE, flag.exit(), flag.toString());
        assertTrue(
                flag.err()
                        .startsWith("miglint: unknown rule id 'verify-table-rewrit' (did you mean "
                                + "'verify-table-rewrite'?)"),
                flag.err());
        assertNotEquals(-1, flag.err().indexOf("miglint rules"));
    }
}
