package io.miglint.report;

import io.miglint.diagnostic.ToolError;
import io.miglint.engine.FolderStats;
import io.miglint.engine.LintReport;
import io.miglint.layout.Direction;
import io.miglint.rule.Category;
import io.miglint.rule.Finding;
import io.miglint.rule.Location;
import io.miglint.rule.MigrationRef;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.Severity;
import io.miglint.rule.Suppression;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Hand-built reports with the awkward inputs real projects have: spaces, non-ASCII, and hostile messages. */
final class ReportFixtures {

    static final Path WORKDIR = Path.of("/home/ci/my project");

    static final RuleDescriptor CONCURRENT_INDEX = new RuleDescriptor(
            "concurrent-index",
            "CREATE INDEX without CONCURRENTLY blocks writes",
            Severity.ERROR,
            Category.LOCKING,
            "0.1.0",
            false,
            0,
            99);
    static final RuleDescriptor NOT_NULL = new RuleDescriptor(
            "add-column-not-null",
            "ADD COLUMN NOT NULL without a default fails on a non-empty table",
            Severity.WARNING,
            Category.COMPATIBILITY,
            "0.1.0",
            false,
            0,
            99);
    static final RuleDescriptor GRANT_ALL = new RuleDescriptor(
            "grant-all",
            "GRANT ALL gives more privileges than needed",
            Severity.ERROR,
            Category.SECURITY,
            "0.1.0",
            false,
            0,
            99);
    static final RuleDescriptor FILE_NAME = new RuleDescriptor(
            "file-name",
            "migration file name does not follow the layout",
            Severity.INFO,
            Category.NAMING,
            "0.1.0",
            false,
            0,
            99);

    static final List<RuleDescriptor> RULES = List.of(CONCURRENT_INDEX, NOT_NULL, GRANT_ALL, FILE_NAME);

    private ReportFixtures() {}

    static Location at(String displayPath, int line, int column, int endLine, int endColumn) {
        return new Location(WORKDIR.resolve(displayPath), displayPath, line, column, endLine, endColumn);
    }

    static Finding finding(
            RuleDescriptor rule,
            Severity severity,
            String message,
            String help,
            Location at,
            MigrationRef migration,
            String statement) {
        return new Finding(rule.id(), severity, message, help, at, migration, statement, null);
    }

    /** Findings of every severity, one suppressed in source and one by the baseline, and a tool error. */
    static LintReport sample() {
        MigrationRef init = new MigrationRef("20240101120000", "create orders", Direction.UP);
        MigrationRef cafe = new MigrationRef("2", "café_menü", Direction.UP);
        String initPath = "db/migrations/20240101120000_create orders.up.sql";
        String cafePath = "db/migrations/2_café_menü.up.sql";
        List<Finding> findings = List.of(
                finding(
                        CONCURRENT_INDEX,
                        Severity.ERROR,
                        "blocks writes to orders while the index builds: 100% of writes | `orders`",
                        "use CREATE INDEX CONCURRENTLY in a migration of its own:\nCREATE INDEX CONCURRENTLY idx ON orders (id);",
                        at(initPath, 3, 1, 3, 40),
                        init,
                        "CREATE INDEX idx ON orders (id)"),
                finding(
                        NOT_NULL,
                        Severity.WARNING,
                        "fails when orders has rows,\r\nthe column has no default: <none>",
                        "add a DEFAULT, or backfill then SET NOT NULL",
                        at(initPath, 5, 1, 6, 12),
                        init,
                        "ALTER TABLE orders ADD COLUMN total numeric NOT NULL"),
                finding(
                                GRANT_ALL,
                                Severity.ERROR,
                                "grants every privilege on menü to public",
                                "grant only SELECT, INSERT to the application role",
                                at(cafePath, 1, 1, 1, 30),
                                cafe,
                                "GRANT ALL ON menü TO public")
                        .withSuppression(new Suppression(Suppression.Kind.IN_SOURCE, "reviewed: read-only replica")),
                finding(
                        FILE_NAME,
                        Severity.INFO,
                        "name has no direction suffix: caf%C3%A9:v2,final",
                        null,
                        Location.wholeFile(
                                WORKDIR.resolve("db/migrations/café:v2,final.sql"), "db/migrations/café:v2,final.sql"),
                        null,
                        ""),
                finding(
                                CONCURRENT_INDEX,
                                Severity.ERROR,
                                "blocks writes to menü while the index builds",
                                "use CREATE INDEX CONCURRENTLY",
                                at(cafePath, 4, 3, 4, 41),
                                cafe,
                                "CREATE INDEX i ON menü (x)")
                        .withSuppression(new Suppression(Suppression.Kind.EXTERNAL, Baseline.JUSTIFICATION)));
        List<ToolError> errors = List.of(
                new ToolError(
                        ToolError.Kind.UNREADABLE_FILE,
                        "invalid UTF-8 byte 0xC3 at offset 17",
                        "db/migrations/3_bad bytes.sql",
                        2,
                        5),
                new ToolError(
                        ToolError.Kind.RULE_CRASH,
                        "rule add-column-not-null failed: NullPointerException",
                        null,
                        0,
                        0));
        List<FolderStats> stats = List.of(new FolderStats(
                "db/migrations",
                "golang-migrate",
                3,
                4,
                12,
                9,
                2,
                1,
                null,
                List.of(new FolderStats.Executions(
                        "golang-migrate sends the whole file as one query", false, true, 3, 1, 0))));
        return new LintReport("0.1.0-test", findings, errors, RULES, stats, 1, 4);
    }

    /**
     * The text of the sample's first migration, as its findings' spans expect it: a tab inside the index statement
     * (3:1-3:40), a right-to-left override inside the column statement (5:1-6:12), an escape sequence in a comment.
     */
    static final String INIT_SQL = "-- orders \u001b[2J\n\nCREATE INDEX idx ON orders\t(id, total);\n\n"
            + "ALTER TABLE orders\n\tADD c \u202eint;\n";

    /** Reads the sample's files from memory: only its first migration has text; the other files are gone. */
    static io.miglint.sql.SourceText source(Path file, String displayPath) {
        return displayPath.equals("db/migrations/20240101120000_create orders.up.sql")
                ? new io.miglint.sql.SourceText(displayPath, INIT_SQL)
                : null;
    }

    static LintReport clean() {
        return new LintReport("0.1.0-test", List.of(), List.of(), RULES, List.of(), 0, 12);
    }

    /** {@code count} warnings spread over several migrations. */
    static LintReport many(int count) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int migration = i / 10;
            String path = "db/migrations/" + migration + "_step.up.sql";
            findings.add(finding(
                    NOT_NULL,
                    Severity.WARNING,
                    "finding number " + i,
                    "help " + i,
                    at(path, i % 10 + 1, 1, i % 10 + 1, 20),
                    new MigrationRef(String.valueOf(migration), "step", Direction.UP),
                    "ALTER TABLE t" + i + " ADD COLUMN c int NOT NULL"));
        }
        return new LintReport("0.1.0-test", findings, List.of(), RULES, List.of(), 1, count / 10 + 1);
    }

    /** The same report with every finding moved {@code lines} further down its file. */
    static LintReport shifted(LintReport report, int lines) {
        List<Finding> moved = report.findings().stream()
                .map(f -> {
                    Location l = f.location();
                    return new Finding(
                            f.ruleId(),
                            f.severity(),
                            f.message(),
                            f.help(),
                            new Location(
                                    l.file(),
                                    l.displayPath(),
                                    l.line() + lines,
                                    l.column(),
                                    l.endLine() + lines,
                                    l.endColumn()),
                            f.migration(),
                            f.statementText(),
                            f.suppression());
                })
                .toList();
        return report.withFindings(moved);
    }
}
