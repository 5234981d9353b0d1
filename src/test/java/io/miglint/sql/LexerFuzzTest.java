package io.miglint.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.miglint.diagnostic.ToolError;
import io.miglint.engine.SourceLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Any bytes a pull request can contain, through the same decoding and splitting a check uses. Without
 * {@code JAZZER_FUZZ=1} this replays the seeds under {@code LexerFuzzTestInputs/}; docs/robustness.md has the
 * command for a long campaign.
 */
class LexerFuzzTest {
    /** Far above the ~1 ms a 4 KiB input takes; only a quadratic or worse path can cross it. */
    static final long BOUND_NANOS = 2_000_000_000L;

    @FuzzTest(maxDuration = "30m")
    void decodeAndSplit(byte[] bytes) {
        SourceLoader.Loaded loaded = SourceLoader.decode(bytes, "fuzz.sql");
        String text;
        if (loaded.ok()) {
            assertNull(loaded.error());
            text = loaded.source().text();
        } else {
            ToolError error = loaded.error();
            assertNotNull(error);
            assertEquals("fuzz.sql", error.file());
            assertTrue(
                    error.line() >= 1 && error.column() >= 1,
                    () -> "a decoding error names its position: " + error.render());
            assertTrue(error.line() <= countLines(bytes), () -> "position past the end: " + error.render());
            // The lexer must still survive what a lenient decoder makes of the same bytes.
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        splitKeepsInvariants(text);
    }

    static StatementSplitter.SplitResult splitKeepsInvariants(String text) {
        long started = System.nanoTime();
        StatementSplitter.SplitResult result = LexerPropertiesTest.checkInvariants("fuzz.sql", text);
        long took = System.nanoTime() - started;
        assertTrue(
                took < BOUND_NANOS * Math.max(1, text.length() / 4096),
                () -> "split took " + took / 1_000_000 + " ms for " + text.length() + " chars");
        everySignificantCharIsInAStatement(text, result);
        for (StatementSplitter.LexError error : result.errors()) {
            Span span = error.span();
            assertTrue(span.end() <= text.length(), "lex error in bounds");
            assertTrue(span.line() >= 1 && span.column() >= 1, "lex error position is 1-based");
            assertFalse(error.message().isBlank(), "lex error without a message");
        }
        return result;
    }

    /**
     * Spans are in bounds and ordered (checked by {@link LexerPropertiesTest#checkInvariants}); here: every character
     * outside whitespace and comments lies in some statement, except the {@code ;} of an empty statement, which psql
     * does not send either.
     */
    private static void everySignificantCharIsInAStatement(String text, StatementSplitter.SplitResult result) {
        boolean[] covered = new boolean[text.length() + 1];
        for (RawStatement statement : result.statements()) {
            Span span = statement.span();
            if (span.start() < 0 || span.end() > text.length() || span.end() <= span.start()) {
                fail("statement span out of bounds or empty: " + span + " of " + text.length());
            }
            SourceText source = statement.source();
            assertEquals(source.lineOf(span.start()), span.line());
            assertEquals(source.columnOf(span.start()), span.column());
            for (int i = span.start(); i < span.end(); i++) {
                covered[i] = true;
            }
        }
        List<Token> tokens = Lexer.lex(text);
        for (Token token : tokens) {
            if (token.isComment() || token.isPunct(';') && !covered[token.start()]) {
                continue;
            }
            for (int i = token.start(); i < token.end(); i++) {
                if (!covered[i]) {
                    fail("char " + i + " of token " + token + " is in no statement");
                }
            }
        }
    }

    private static int countLines(byte[] bytes) {
        int lines = 1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r' && (i + 1 == bytes.length || bytes[i + 1] != '\n')) {
                lines++;
            }
        }
        return lines;
    }
}
