package io.miglint.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.miglint.model.ParsedStatement;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The statement parser behind its guard: it never throws, keeps the statement it was given, and returns within a
 * bounded time however deep the input nests (JSqlParser is only asked below {@link DataStatements#MAX_NESTING}).
 */
class StatementParserFuzzTest {
    /** Per statement; the guard keeps a 4 KiB statement in the low milliseconds (docs/robustness.md). */
    static final long BOUND_NANOS = 2_000_000_000L;

    private final StatementParser parser = new StatementParser();

    @FuzzTest(maxDuration = "30m")
    void parseAnyStatement(byte[] bytes) {
        SourceText source = new SourceText("fuzz.sql", new String(bytes, StandardCharsets.UTF_8));
        List<RawStatement> statements = StatementSplitter.split(source).statements();
        for (int i = 0; i < statements.size(); i++) {
            parseWithinBound(statements.get(i), i);
        }
    }

    /** Deep nesting of every bracket kind inside every data verb, plus what the fuzzer puts around it. */
    @FuzzTest(maxDuration = "30m")
    void deepNestingIsGuarded(FuzzedDataProvider data) {
        String verb = data.pickValue(List.of(
                "SELECT ",
                "INSERT INTO t VALUES ",
                "UPDATE t SET a = ",
                "DELETE FROM t WHERE a IN ",
                "WITH x AS ",
                "CREATE TABLE t (a int DEFAULT ",
                "ALTER TABLE t ADD CHECK ",
                "CREATE INDEX i ON t ",
                "DO ",
                "VALUES ",
                "MERGE INTO t USING "));
        String open = data.pickValue(List.of("(", "[", "ARRAY[", "(SELECT ", "f(", "((", "(-"));
        String close = open.endsWith("[") ? "]" : ")";
        if (open.equals("((")) {
            close = "))";
        }
        int depth = data.consumeInt(0, 30_000);
        String inner = data.consumeString(64);
        String tail = data.consumeRemainingAsString();
        String text = verb + open.repeat(depth) + inner + close.repeat(depth) + tail;
        SourceText source = new SourceText("deep.sql", text);
        List<RawStatement> statements = StatementSplitter.split(source).statements();
        for (int i = 0; i < statements.size(); i++) {
            ParsedStatement parsed = parseWithinBound(statements.get(i), i);
            if (i == 0 && depth > DataStatements.MAX_NESTING) {
                assertNotSame(
                        ParsedStatement.Origin.JSQLPARSER,
                        parsed.origin(),
                        "JSqlParser is never asked past the nesting guard");
            }
        }
    }

    private ParsedStatement parseWithinBound(RawStatement raw, int index) {
        long started = System.nanoTime();
        ParsedStatement parsed = parser.parse(raw, index);
        parsed.origin(); // makes a data statement's deferred JSqlParser reading, so the bound covers it too
        long took = System.nanoTime() - started;
        assertNotNull(parsed);
        assertNotNull(parsed.node());
        assertSame(raw, parsed.raw());
        assertEquals(index, parsed.index());
        assertTrue(
                took < BOUND_NANOS,
                () -> "parsing took " + took / 1_000_000 + " ms: "
                        + raw.text().substring(0, Math.min(200, raw.text().length())));
        return parsed;
    }
}
