package io.miglint.parse;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import java.util.ArrayList;
import java.util.List;

/** Splits and parses SQL text for tests, as the engine will. */
final class Parsing {
    private static final StatementParser PARSER = new StatementParser();

    private Parsing() {}

    static List<ParsedStatement> all(String sql) {
        List<RawStatement> raws =
                StatementSplitter.split(new SourceText("test.sql", sql)).statements();
        List<ParsedStatement> parsed = new ArrayList<>();
        for (int i = 0; i < raws.size(); i++) {
            parsed.add(PARSER.parse(raws.get(i), i));
        }
        return parsed;
    }

    static ParsedStatement one(String sql) {
        List<ParsedStatement> all = all(sql);
        if (all.size() != 1) {
            throw new AssertionError("expected one statement, got " + all.size());
        }
        return all.get(0);
    }

    @SuppressWarnings("unchecked")
    static <T extends Statement> T node(String sql, Class<T> type) {
        Statement node = one(sql).node();
        if (!type.isInstance(node)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + node);
        }
        return (T) node;
    }
}
