package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.diagnostic.ToolError;
import io.miglint.engine.LintEngine;
import io.miglint.engine.RuleSelection;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationDiscovery;
import io.miglint.model.ParsedStatement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.RuleOptions;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule that throws: the run goes on, the error says it is a bug and how to report it, and keeps the exception. */
class RuleCrashTest {
    @TempDir
    Path dir;

    @RuleInfo(
            id = "always-crashes",
            summary = "Throws on every statement",
            severity = Severity.WARNING,
            category = Category.SCHEMA)
    public static final class AlwaysCrashes implements StatementRule {
        @Override
        public void check(ParsedStatement statement, RuleContext ctx) {
            throw new NullPointerException("statement.node() was null");
        }
    }

    private List<ToolError> lint() throws Exception {
        Files.writeString(dir.resolve("1_create_users.up.sql"), "CREATE TABLE users (id bigint);\n");
        Files.writeString(dir.resolve("1_create_users.down.sql"), "DROP TABLE users;\n");
        var d = MigrationDiscovery.discover(List.of(dir), Optional.of(LayoutKind.GOLANG_MIGRATE));
        RuleSelection sel = RuleSelection.select(List.of(new AlwaysCrashes()), Map.of(), 15);
        return new LintEngine(new LintEngine.Settings(15, sel, RuleOptions.EMPTY, p -> true))
                .run(d.sets())
                .errors();
    }

    @Test
    void theErrorKeepsTheExceptionAndSaysItIsABug() throws Exception {
        List<ToolError> errors = lint();
        assertEquals(2, errors.size(), errors.toString());
        ToolError up = errors.get(0);
        assertEquals(ToolError.Kind.RULE_CRASH, up.kind());
        assertInstanceOf(NullPointerException.class, up.cause());
        assertTrue(
                up.render().contains("1_create_users.up.sql:1:1: rule-crash: rule always-crashes failed"), up.render());
        assertTrue(
                up.message()
                        .startsWith("rule always-crashes failed (NullPointerException: statement.node() was "
                                + "null); the other rules still ran. This is a bug in miglint: please report it at "
                                + LintEngine.BUG_REPORTS
                                + " with the migration (MIGLINT_DEBUG=1 prints the stack trace)"),
                up.message());
        assertEquals(1, up.line());
        assertEquals(ExitCode.INTERNAL, ReportWriter.exitCode(List.of(), errors, Severity.ERROR));
    }

    @Test
    void theStackTraceIsPrintedOnlyWhenDebugging() throws Exception {
        List<ToolError> errors = lint();
        StringWriter quiet = new StringWriter();
        ReportWriter.echoErrors(errors, List.of(), new PrintWriter(quiet, true), false);
        assertEquals(2, quiet.toString().lines().count(), quiet.toString());
        assertFalse(quiet.toString().contains("\tat "), quiet.toString());

        StringWriter debug = new StringWriter();
        ReportWriter.echoErrors(errors, List.of(), new PrintWriter(debug, true), true);
        assertTrue(
                debug.toString().contains("java.lang.NullPointerException: statement.node() was null"),
                debug.toString());
        assertTrue(
                debug.toString().contains("\tat io.miglint.cli.RuleCrashTest$AlwaysCrashes.check("), debug.toString());
    }

    @Test
    void theMostSeriousKindDecidesTheExitCode() {
        ToolError io = new ToolError(ToolError.Kind.IO, "cannot read folder", "db", 0, 0);
        ToolError database = new ToolError(ToolError.Kind.DATABASE, "connection refused", null, 0, 0);
        ToolError crash = new ToolError(ToolError.Kind.RULE_CRASH, "rule x failed", "db/1.sql", 1, 1);
        ToolError model = new ToolError(ToolError.Kind.SCHEMA_MODEL, "could not follow", "db/1.sql", 1, 1);
        assertEquals(ExitCode.INTERNAL, ToolError.exitCode(List.of(io, database, crash, model)));
        assertEquals(ExitCode.DATABASE_UNAVAILABLE, ToolError.exitCode(List.of(model, io, database)));
        assertEquals(ExitCode.INPUT, ToolError.exitCode(List.of(model, io)));
        assertEquals(ExitCode.CLEAN, ToolError.exitCode(List.of(model)));
        assertEquals(
                ExitCode.CLEAN,
                ReportWriter.exitCode(List.of(), List.of(model), Severity.INFO),
                "a schema-model notice alone does not fail the run");
    }
}
