package io.miglint.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.miglint.sql.Lexer;
import io.miglint.sql.SourceText;
import io.miglint.sql.Span;
import io.miglint.sql.Token;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Suppression comments are user text in every file: any comment parses to a directive or to nothing. */
class SuppressionDirectiveFuzzTest {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    @FuzzTest(maxDuration = "30m")
    void parseAnyComment(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        SourceText source = new SourceText("fuzz.sql", text);
        // Both as the raw text and as every comment the lexer finds in it, which is what the engine passes.
        check(text, source.span(0, text.length()));
        for (Token token : Lexer.lex(text)) {
            if (token.isComment()) {
                check(source.slice(token.start(), token.end()), source.span(token.start(), token.end()));
            }
        }
    }

    private static void check(String comment, Span span) {
        SuppressionDirective d = SuppressionDirective.parse(comment, span);
        if (d == null) {
            return;
        }
        assertTrue(comment.contains("miglint:ignore"), () -> "a directive without its key word: " + comment);
        assertEquals(span, d.span());
        assertNotNull(d.reason());
        for (String id : d.ruleIds()) {
            assertTrue(ID.matcher(id).matches(), () -> "bad rule id '" + id + "' from " + comment);
            assertTrue(d.covers(id));
        }
        assertFalse(d.covers(""), "the empty id covers nothing");
    }
}
