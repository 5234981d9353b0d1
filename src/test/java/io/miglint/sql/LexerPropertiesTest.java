package io.miglint.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Invariants every input must keep, checked on the trap file and on the real-world corpus when present. */
@Tag("slow")
class LexerPropertiesTest {

    @Test
    void trapFileKeepsEveryInvariant() throws IOException {
        checkInvariants("traps.sql", StatementSplitterTrapTest.trapText());
    }

    @Test
    void corpusKeepsEveryInvariant() throws IOException {
        Path corpus = io.miglint.testing.Corpus.require();
        // Lexing does not depend on the layout: every corpus file, pending layouts' included.
        List<Path> files = io.miglint.testing.Corpus.sqlFiles(corpus);
        List<String> texts = new ArrayList<>();
        long bytes = 0;
        for (Path file : files) {
            byte[] raw = Files.readAllBytes(file);
            bytes += raw.length;
            texts.add(new String(raw, StandardCharsets.UTF_8));
        }
        int statements = 0;
        int errors = 0;
        for (int i = 0; i < files.size(); i++) {
            StatementSplitter.SplitResult result =
                    checkInvariants(corpus.relativize(files.get(i)).toString(), texts.get(i));
            statements += result.statements().size();
            errors += result.errors().size();
            for (StatementSplitter.LexError error : result.errors()) {
                System.out.println("lex error " + files.get(i) + ":"
                        + error.span().line() + ":" + error.span().column() + " " + error.message());
            }
        }
        for (int warm = 0; warm < 5; warm++) {
            texts.forEach(Lexer::lex);
        }
        long lexNanos = Long.MAX_VALUE;
        long splitNanos = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long lexStart = System.nanoTime();
            for (String text : texts) {
                Lexer.lex(text);
            }
            lexNanos = Math.min(lexNanos, System.nanoTime() - lexStart);
            long splitStart = System.nanoTime();
            for (String text : texts) {
                StatementSplitter.split(new SourceText("x", text));
            }
            splitNanos = Math.min(splitNanos, System.nanoTime() - splitStart);
        }
        System.out.printf(
                "corpus: %d files, %d bytes, %d statements, %d lex errors; warm lex %.1f ms, "
                        + "warm lex+split %.1f ms (best of 5)%n",
                files.size(), bytes, statements, errors, lexNanos / 1e6, splitNanos / 1e6);
        assertTrue(statements > files.size());
    }

    static StatementSplitter.SplitResult checkInvariants(String name, String text) {
        List<Token> tokens = Lexer.lex(text);
        int previousEnd = 0;
        for (Token token : tokens) {
            if (token.start() < previousEnd || token.end() <= token.start() || token.end() > text.length()) {
                fail(name + ": token out of order or bounds: " + token);
            }
            for (int i = previousEnd; i < token.start(); i++) {
                if (!Character.isWhitespace(text.charAt(i))) {
                    fail(name + ": char '" + text.charAt(i) + "' at " + i + " is in no token");
                }
            }
            previousEnd = token.end();
        }
        for (int i = previousEnd; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                fail(name + ": char at " + i + " after the last token is in no token");
            }
        }

        SourceText source = new SourceText(name, text);
        StatementSplitter.SplitResult result = StatementSplitter.split(source);
        int statementEnd = 0;
        for (RawStatement statement : result.statements()) {
            assertTrue(
                    statement.span().start() >= statementEnd,
                    () -> name + ": statements overlap at " + statement.span());
            statementEnd = statement.span().end();
            assertTrue(statement.tokens().stream().noneMatch(Token::isComment), name);
            if (statement.kind() == RawStatement.Kind.SQL) {
                List<String> again = Lexer.lex(statement.text()).stream()
                        .filter(t -> !t.isComment())
                        .map(t -> t.kind() + ":" + t.value())
                        .toList();
                List<String> original = statement.tokens().stream()
                        .map(t -> t.kind() + ":" + t.value())
                        .toList();
                assertEquals(
                        original,
                        again,
                        () -> name + ": re-lexing the statement at " + statement.span() + " changes its tokens");
            }
        }
        long significant = tokens.stream().filter(t -> !t.isComment()).count();
        assertEquals(
                significant - lonePunctuation(result, tokens),
                result.statements().stream().mapToLong(s -> s.tokens().size()).sum(),
                name + ": every significant token belongs to exactly one statement");
        assertEquals(
                tokens.stream().filter(Token::isComment).count(),
                result.comments().size(),
                name);
        return result;
    }

    /** Semicolons of empty statements, which the splitter drops. */
    private static long lonePunctuation(StatementSplitter.SplitResult result, List<Token> tokens) {
        List<Token> kept =
                result.statements().stream().flatMap(s -> s.tokens().stream()).toList();
        return tokens.stream().filter(t -> t.isPunct(';') && !kept.contains(t)).count();
    }
}
