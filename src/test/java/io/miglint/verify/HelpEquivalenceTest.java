package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.miglint.rule.Finding;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import io.miglint.testing.HelpSql;
import io.miglint.testing.LintFixture;
import io.miglint.testing.RuleDocPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helps are code: for every "Anti-pattern" example of every rules/&lt;id&gt;.md page whose finding's help holds
 * complete SQL (see {@link HelpSql}), the page's setup plus the example is run on the real PostgreSQL at
 * 127.0.0.1:5432 twice, once as written and once with each flagged statement replaced by its help's SQL, and the two
 * schemas must be the same: same columns, constraints (with their referenced columns and ON DELETE/ON UPDATE),
 * indexes, validity. A help may keep more than the original (a backup table, a view under an old name, a column or
 * table kept instead of dropped: the way back those helps propose), never lose or change anything. A help with a
 * step the reader must write (a placeholder, see {@link HelpSql#hasTemplate}) is a recipe and is not compared.
 */
@Tag("slow")
class HelpEquivalenceTest {
    static final Path RULES =
            Path.of(System.getProperty("miglint.projectDir", ".")).resolve("rules");
    /** What a help may leave in place beyond the original's schema: what it keeps as a way back. */
    private static final Set<String> MAY_KEEP = Set.of("table", "view", "column", "sequence");
    /** Helps whose SQL goes before the flagged statement (a setting it needs), not instead of it. */
    private static final Set<String> BEFORE = Set.of("lock-timeout-missing", "statement-timeout-missing");
    // DETACH PARTITION … CONCURRENTLY leaves a CHECK copying the bound on the partition; its help says so.
    /** Helps whose SQL goes after the flagged statement (an index its new foreign key needs). */
    private static final Set<String> AFTER = Set.of("foreign-key-without-index");
    /**
     * Helps that propose another design rather than the same change made safely (keep the table, back the data
     * up, grant less, refuse the rollback): there is no same schema to compare, and their SQL names what the
     * reader must adapt. The corpus test still holds their SQL to PostgreSQL's grammar.
     */
    private static final Set<String> ANOTHER_DESIGN = Set.of(
            "add-exclusion-constraint",
            "drop-table",
            "drop-column",
            "rename-table",
            "rename-column",
            "irreversible-data-change",
            "broad-grant",
            "truncate",
            "update-without-where",
            "delete-without-where",
            "down-empty",
            "down-missing",
            "exclusive-lock-held",
            "unbatched-backfill",
            // builds the index on the table its name gives, which is the fix when the ON clause was the mistake
            "index-named-for-other-table",
            // leaves the twin index out (or drops it later): one index fewer is the point
            "duplicate-index");

    /**
     * Helps of statements that, as written, drop nothing (an index named by its table, which PostgreSQL reads as a
     * schema and skips): the help drops what the statement names, so the only difference allowed is that index gone.
     */
    private static final Set<String> DROPS_WHAT_IT_SAYS = Set.of("index-qualified-by-table");

    static ThrowawayDatabase db;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() {
        db = TestDatabases.openLocal();
    }

    @AfterAll
    static void close() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> helpsRebuildTheSameSchema() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> pages = RuleDocPage.pages(RULES);
        for (Path page : pages) {
            String id = page.getFileName().toString().replace(".md", "");
            for (RuleDocPage.Example e : RuleDocPage.read(page).examples()) {
                RuleDocPage.Block b = e.block();
                if (!b.section().equals("Anti-pattern")
                        || b.has("down")
                        || !b.sql().contains("-- expect: " + id)) {
                    continue;
                }
                LintFixture.Example ex = new LintFixture.Example(
                        b.option("layout", "numbered"),
                        Integer.parseInt(b.option("pg", "15")),
                        e.setup(),
                        e.up(),
                        b.sql(),
                        false,
                        b.option("file", null),
                        b.has("no-transaction"));
                Path dir = Files.createTempDirectory(tmp, "lint");
                LintFixture.Result r = LintFixture.lint(dir, ex, Map.of(id, "on"));
                List<Finding> mine = r.findings().stream()
                        .filter(f -> f.ruleId().equals(id))
                        .filter(f -> !HelpSql.statements(f.help()).isEmpty())
                        .toList();
                if (mine.isEmpty()) {
                    continue;
                }
                if (ANOTHER_DESIGN.contains(id) || mine.stream().anyMatch(f -> HelpSql.hasTemplate(f.help()))) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(
                        page.getFileName() + ":" + b.line(), () -> compare(id, e.setup(), r.exampleText(), mine)));
            }
        }
        return tests.stream();
    }

    private void compare(String id, String setup, String example, List<Finding> findings) throws Exception {
        SourceText src = new SourceText("example", example);
        List<RawStatement> statements = StatementSplitter.split(src).statements().stream()
                .filter(s -> s.kind() == RawStatement.Kind.SQL && !transactionControl(s))
                .toList();
        List<String> original = new ArrayList<>();
        List<String> helped = new ArrayList<>();
        for (RawStatement s : statements) {
            original.add(s.text());
            List<Finding> here = findings.stream().filter(f -> within(s, f)).toList();
            boolean before = BEFORE.contains(id) || here.stream().anyMatch(f -> keepsStatement(id, f));
            if (!here.isEmpty() && before) {
                here.forEach(f -> helped.addAll(HelpSql.statements(f.help())));
            }
            if (here.isEmpty() || before || AFTER.contains(id)) {
                helped.add(s.text());
            }
            if (!here.isEmpty() && !before) {
                here.forEach(f -> helped.addAll(HelpSql.statements(f.help())));
            }
        }
        SchemaSnapshot expected;
        try {
            expected = schemaAfter(setup, original);
        } catch (SQLException e) {
            Assumptions.abort("the example itself does not run on this PostgreSQL: " + e.getMessage());
            return;
        }
        SchemaSnapshot actual;
        try {
            actual = schemaAfter(setup, helped);
        } catch (SQLException e) {
            fail(id + ": the help's SQL fails: " + e.getMessage() + "\n" + String.join("\n", helped));
            return;
        }
        List<String> lost = SchemaDiff.between(actual, expected).differences().stream()
                .filter(d -> !(DROPS_WHAT_IT_SAYS.contains(id)
                        && d.attribute() == null
                        && d.actual() == null
                        && d.kind().equals("index")))
                .filter(d -> !(d.attribute() == null
                        && d.actual() != null
                        && (MAY_KEEP.contains(d.kind())
                                || AFTER.contains(id) && d.kind().equals("index")
                                || id.equals("require-concurrent-detach")
                                        && d.kind().equals("constraint"))))
                .map(SchemaDiff.Difference::render)
                .toList();
        assertEquals(
                List.of(),
                lost,
                () -> id + ": pasting the help gives another schema than the statement:\n" + String.join("\n", helped));
    }

    /**
     * A help that keeps the flagged statement and puts its SQL before it: a DETACH PARTITION that the same
     * transaction follows with an ATTACH of the partition stays, and the help proves the new bounds beforehand.
     */
    private static boolean keepsStatement(String id, Finding f) {
        return id.equals("require-concurrent-detach") && f.help().startsWith("Keep the DETACH");
    }

    private static boolean within(RawStatement s, Finding f) {
        int line = f.location().line();
        int col = f.location().column();
        io.miglint.sql.Span span = s.span();
        boolean afterStart = line > span.line() || line == span.line() && col >= span.column();
        boolean beforeEnd = line < span.endLine() || line == span.endLine() && col < span.endColumn();
        return afterStart && beforeEnd;
    }

    private static boolean transactionControl(RawStatement s) {
        return !s.tokens().isEmpty()
                && Stream.of("begin", "commit", "start", "end", "rollback")
                        .anyMatch(w -> s.tokens().get(0).is(w));
    }

    /** Runs the setup, then each statement on its own (CONCURRENTLY needs that), in a scratch database. */
    private SchemaSnapshot schemaAfter(String setup, List<String> statements) throws SQLException {
        ScratchDatabase scratch = db.createScratch();
        try (Connection conn = scratch.connect(true)) {
            conn.setAutoCommit(true);
            try (Statement st = conn.createStatement()) {
                st.setQueryTimeout(30);
                if (!setup.isBlank()) {
                    st.execute(setup);
                }
                for (String sql : statements) {
                    st.execute(sql);
                }
            }
            return new CatalogReader(List.of()).read(conn);
        } finally {
            db.drop(scratch);
        }
    }
}
