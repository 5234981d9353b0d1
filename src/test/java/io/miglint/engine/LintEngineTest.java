package io.miglint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.miglint.diagnostic.ToolError;
import io.miglint.layout.Discovery;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationDiscovery;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Finding;
import io.miglint.rule.RuleOptions;
import io.miglint.rules.registry.RuleRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sets share nothing: linting several folders at once (side by side on a machine with several cores) gives what
 * linting each alone gives, and an engine keeps nothing from one run to the next.
 */
class LintEngineTest {
    @TempDir
    Path dir;

    private Discovery folders() throws Exception {
        write("accounts/1_users.up.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n");
        write("accounts/1_users.down.sql", "DROP TABLE users;\n");
        write(
                "accounts/2_email.up.sql",
                "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n"
                        + "CREATE INDEX users_email ON users (email);\n");
        write("billing/1_invoices.up.sql", "CREATE TABLE invoices (id bigint, total numeric);\n");
        write(
                "billing/2_total.up.sql",
                "-- miglint:ignore drop-column\nALTER TABLE invoices DROP COLUMN total;\n"
                        + "ALTER TABLE invoices ADD COLUMN amount int NOT NULL;\n");
        write("billing/2_total.down.sql", "ALTER TABLE invoices DROP COLUMN amount;\n");
        write("audit/1_log.up.sql", "CREATE TABLE log (id bigint);\n");
        Files.write(dir.resolve("audit/2_blob.up.sql"), new byte[] {'S', 'E', 'L', 0, 'x'});
        return MigrationDiscovery.discover(List.of(dir), Optional.of(LayoutKind.GOLANG_MIGRATE));
    }

    private void write(String name, String text) throws Exception {
        Files.createDirectories(dir.resolve(name).getParent());
        Files.writeString(dir.resolve(name), text);
    }

    private static LintEngine engine() {
        RuleSelection sel = RuleSelection.select(RuleRegistry.instances(), Map.of(), 15);
        return new LintEngine(new LintEngine.Settings(15, sel, RuleOptions.EMPTY, p -> true, true));
    }

    @Test
    void foldersLintedTogetherGiveWhatEachGivesAlone() throws Exception {
        List<MigrationSet> sets = folders().sets();
        assertEquals(3, sets.size());
        LintEngine.Result together = engine().run(sets);

        List<Finding> drafts = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<FolderStats> stats = new ArrayList<>();
        Set<Path> sources = new HashSet<>();
        int files = 0;
        for (MigrationSet set : sets) {
            LintEngine.Result alone = engine().run(List.of(set));
            drafts.addAll(alone.drafts());
            alone.errors().stream().map(ToolError::render).forEach(errors::add);
            stats.addAll(alone.stats());
            sources.addAll(alone.sources().keySet());
            files += alone.files();
        }
        drafts.sort(Finding.REPORT_ORDER);
        assertFalse(together.drafts().isEmpty());
        assertEquals(drafts, together.drafts());
        assertEquals(errors, together.errors().stream().map(ToolError::render).toList());
        assertEquals(
                List.of("binary content (NUL byte); not a SQL file"),
                together.errors().stream().map(ToolError::message).toList());
        assertEquals(stats, together.stats(), "in the order of the sets");
        assertEquals(8, together.files());
        assertEquals(files, together.files());
        assertEquals(sources, together.sources().keySet());
        // The finding stage finds each folder's suppression comments in what the run parsed.
        assertEquals(
                List.of("drop-column"),
                together.drafts().stream()
                        .map(Finding::ruleId)
                        .filter("drop-column"::equals)
                        .toList());
        assertEquals(
                List.of(true),
                together.findings().stream()
                        .filter(f -> f.ruleId().equals("drop-column"))
                        .map(Finding::suppressed)
                        .toList());
    }

    @Test
    void anEngineKeepsNothingBetweenRuns() throws Exception {
        List<MigrationSet> sets = folders().sets();
        LintEngine engine = engine();
        LintEngine.Result first = engine.run(sets);
        LintEngine.Result second = engine.run(sets);
        assertEquals(first.drafts(), second.drafts());
        assertEquals(
                first.errors().stream().map(ToolError::render).toList(),
                second.errors().stream().map(ToolError::render).toList());
        assertEquals(first.stats(), second.stats());
        assertEquals(first.files(), second.files());
    }
}
