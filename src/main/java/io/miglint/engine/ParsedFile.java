package io.miglint.engine;

import io.miglint.diagnostic.ToolError;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.parse.StatementParser;
import io.miglint.rule.SuppressionDirective;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import io.miglint.sql.Token;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A migration file split and parsed once: its statements in source order (those a {@code DO} block runs follow their
 * block), its comments and its {@code ignore-file} directives. Shared by the scripts that live in it (dbmate's up and
 * down sections) and by the finding stage, which looks up suppression comments in it.
 *
 * @param source null when the file could not be read (the reason went to the error sink)
 */
record ParsedFile(
        SourceText source,
        List<ParsedStatement> statements,
        List<Token> comments,
        List<SuppressionDirective> fileDirectives) {

    static final ParsedFile UNREADABLE = new ParsedFile(null, List.of(), List.of(), List.of());

    static ParsedFile read(
            SourceLoader loader, StatementParser parser, Path file, String displayPath, Consumer<ToolError> errors) {
        return read(loader, parser, file, displayPath, errors, false);
    }

    /** @param placeholders Flyway's {@code ${name}} placeholders are names (the file is a Flyway script) */
    static ParsedFile read(
            SourceLoader loader,
            StatementParser parser,
            Path file,
            String displayPath,
            Consumer<ToolError> errors,
            boolean placeholders) {
        return read(loader, parser, file, displayPath, errors, placeholders, null);
    }

    /** @param view the file seen through this view (see {@link io.miglint.layout.TextView}); null for its text */
    static ParsedFile read(
            SourceLoader loader,
            StatementParser parser,
            Path file,
            String displayPath,
            Consumer<ToolError> errors,
            boolean placeholders,
            io.miglint.layout.TextView view) {
        SourceLoader.Loaded loaded = loader.load(file, displayPath);
        if (!loaded.ok()) {
            errors.accept(loaded.error());
            return UNREADABLE;
        }
        SourceText source = loaded.source();
        if (view != null) {
            source = new SourceText(source.displayPath(), view.apply(source.text()));
        }
        StatementSplitter.SplitResult split = StatementSplitter.split(source, placeholders);
        if (split.statements().size() > LintEngine.MAX_STATEMENTS) {
            errors.accept(new ToolError(
                    ToolError.Kind.UNREADABLE_FILE,
                    String.format(
                            Locale.ROOT,
                            "has %,d "
                                    + "statements, more than the %,d miglint checks in one file (rules compare each statement with "
                                    + "those before it); a data dump or generated file is not a migration to lint: skipped",
                            split.statements().size(),
                            LintEngine.MAX_STATEMENTS),
                    displayPath,
                    0,
                    0));
            return UNREADABLE;
        }
        // Lexical errors (an unterminated string or comment) make their statement certainly invalid; the
        // syntax-error rule reports them at their position, so they are not tool errors.
        List<ParsedStatement> parsed = new ArrayList<>(split.statements().size());
        NestedStatements nested = new NestedStatements(parser);
        java.util.Set<RawStatement> inBrokenBody = inBrokenBodies(split.statements());
        for (RawStatement raw : split.statements()) {
            ParsedStatement statement = parser.parse(raw, parsed.size());
            if (inBrokenBody.contains(raw)) {
                // Between two halves of a broken dollar quote ("AS $ $ BEGIN … END; $ $ LANGUAGE plpgsql", trieve):
                // a function body cut at its semicolons, not statements; no rule reasons from them
                statement = new ParsedStatement(
                        raw,
                        new Statement.Unparsed("inside a function body whose dollar quote is broken", false),
                        ParsedStatement.Origin.UNPARSED,
                        parsed.size());
            }
            parsed.add(statement);
            if (statement.node() instanceof Statement.DoBlock) {
                List<ParsedStatement> inner;
                try {
                    inner = nested.of(statement);
                } catch (RuntimeException | StackOverflowError e) {
                    inner = List.of();
                    errors.accept(new ToolError(
                            ToolError.Kind.SCHEMA_MODEL,
                            "could not read the statements of this " + "DO block ("
                                    + e.getClass().getSimpleName() + "); they are not linted",
                            displayPath,
                            raw.span().line(),
                            raw.span().column()));
                }
                for (ParsedStatement s : inner) {
                    parsed.add(s.withIndex(parsed.size()));
                }
            }
        }
        List<SuppressionDirective> fileDirectives = new ArrayList<>();
        for (Token c : split.comments()) {
            SuppressionDirective d =
                    SuppressionDirective.parse(source.slice(c.start(), c.end()), source.span(c.start(), c.end()));
            if (d != null && d.fileLevel()) {
                fileDirectives.add(d);
            }
        }
        return new ParsedFile(source, parsed, split.comments(), fileDirectives);
    }

    /**
     * The pieces of a function or DO body whose dollar quote is broken ({@code $ $}): from a CREATE FUNCTION,
     * CREATE PROCEDURE or DO holding a lone {@code $} to the next statement holding one, the statements between are
     * the body cut at its semicolons. None where no later statement closes it.
     */
    private static java.util.Set<RawStatement> inBrokenBodies(List<RawStatement> statements) {
        java.util.Set<RawStatement> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < statements.size(); i++) {
            RawStatement open = statements.get(i);
            List<Token> body = open.body();
            boolean routine = !body.isEmpty()
                    && (body.get(0).is("do")
                            || body.get(0).is("create")
                                    && body.stream().limit(6).anyMatch(t -> t.is("function") || t.is("procedure")));
            if (!routine || strayDollars(open) == 0) {
                continue;
            }
            for (int j = i + 1; j < statements.size(); j++) {
                if (strayDollars(statements.get(j)) > 0) {
                    out.addAll(statements.subList(i + 1, j));
                    i = j;
                    break;
                }
            }
        }
        return out;
    }

    /** How many lone {@code $} characters (the lexer's "unexpected character $") the statement holds. */
    private static int strayDollars(RawStatement raw) {
        int n = 0;
        for (Token t : raw.tokens()) {
            if (t.kind() == io.miglint.sql.TokenKind.ERROR && t.value().equals("unexpected character $")) {
                n++;
            }
        }
        return n;
    }

    /**
     * The statement a finding at {@code offset} belongs to: the first whose span holds it (its end included), a
     * statement a DO block runs before the block itself. Statements are in source order, so a binary search: a scan
     * per finding made a file with 100,000 findings quadratic.
     */
    ParsedStatement owner(int offset) {
        return owner(statements, offset);
    }

    static ParsedStatement owner(List<ParsedStatement> statements, int offset) {
        int lo = 0;
        int hi = statements.size() - 1;
        int last = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (statements.get(mid).span().start() <= offset) {
                last = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (last >= 0
                && statements.get(last).isNested()
                && offset <= statements.get(last).span().end()) {
            return statements.get(last);
        }
        for (int i = Math.max(0, last - 1); i <= last; i++) {
            if (i >= 0 && offset <= statements.get(i).span().end()) {
                return statements.get(i);
            }
        }
        // Between two statements of a DO block: the block itself.
        for (int i = last; i >= 0 && statements.get(i).isNested(); i--) {
            if (i == 0 || !statements.get(i - 1).isNested()) {
                ParsedStatement block = i > 0 ? statements.get(i - 1) : null;
                return block != null && offset <= block.span().end() ? block : null;
            }
        }
        return null;
    }
}
