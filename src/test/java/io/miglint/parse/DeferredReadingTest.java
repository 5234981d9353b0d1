package io.miglint.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.model.DeferredReading;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredReadingTest {

    @Test
    void theReadingIsMadeOnFirstRequestAndOnlyOnce() {
        AtomicInteger calls = new AtomicInteger();
        DeferredReading r = new DeferredReading(() -> {
            calls.incrementAndGet();
            return new DeferredReading.Reading(true, List.of("now"));
        });
        List<String> functions = r.functions();
        assertEquals(0, calls.get(), "nothing read before it is asked for");
        assertEquals(List.of("now"), functions);
        assertEquals(1, functions.size());
        assertTrue(r.get().accepted());
        assertEquals(1, calls.get());
    }

    @Test
    void aDataStatementsOriginAndFunctionsComeFromJsqlparserWhenAskedFor() {
        SourceText src = new SourceText("m.sql", "SELECT pg_read_file('/etc/passwd');\nUPDATE t SET a = 1 +;\n");
        List<ParsedStatement> parsed = StatementSplitter.split(src).statements().stream()
                .map(s -> new StatementParser().parse(s, 0)).toList();
        assertEquals(ParsedStatement.Origin.JSQLPARSER, parsed.get(0).origin());
        assertEquals(List.of("pg_read_file"), ((Statement.Select) parsed.get(0).node()).functions());
        // Rejected by JSqlParser: still read from its tokens, and its origin says so.
        assertEquals(ParsedStatement.Origin.RECOGNIZER, parsed.get(1).origin());
        assertEquals("t", ((Statement.Update) parsed.get(1).node()).table().name());
        ParsedStatement moved = parsed.get(0).withIndex(7);
        assertEquals(7, moved.index());
        assertEquals(ParsedStatement.Origin.JSQLPARSER, moved.origin());
    }
}
