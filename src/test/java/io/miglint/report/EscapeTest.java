package io.miglint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class EscapeTest {

    @Test
    void controlCharactersLineBreaksAndBidiAreShownNotObeyed() {
        assertEquals("a\\x1b]52;c;eA==\\x07b", Escape.inline("a\u001b]52;c;eA==\u0007b"));
        assertEquals("x\\ny\\r\\tz\\x7f\\x9b", Escape.inline("x\ny\r\tz\u007f\u009b"));
        assertEquals(
                "adm\\u202enimda\\u2066\\u200f\\u061c\\u2028", Escape.inline("adm\u202enimda\u2066\u200f\u061c\u2028"));
        assertEquals("café ünïcode 名前", Escape.inline("café ünïcode 名前"), "printable text is left alone");
    }

    @Test
    void noValueCanStartOrCarryAWorkflowCommand() {
        assertEquals("\\x3a:error::x", Escape.inline("::error::x"));
        assertEquals("  \\x3a:warning::x", Escape.inline("  ::warning::x"), "the runner ignores leading blanks");
        assertEquals("a\\n::error::x", Escape.inline("a\n::error::x"), "one line: the :: is not at its start");
        assertEquals("see ##\\x5bset-env name=A;]b", Escape.inline("see ##[set-env name=A;]b"));
        assertEquals("a::b #[x] a:b", Escape.inline("a::b #[x] a:b"), "inside a line :: and #[ are harmless");
    }

    @Test
    void helpKeepsItsLinesEachEscaped() {
        assertEquals("use:\n    \\x3a:error::x\\x1b", Escape.lines("use:\r\n::error::x\u001b", "\n    "));
    }

    @Test
    void markdownCodeSpanCannotBeClosedOrBreakTheTable() {
        assertEquals("``a`b|c``", Escape.markdownCode("a`b|c", false));
        assertEquals("``a`b\\|c<d>``", Escape.markdownCode("a`b|c<d>", true));
        assertEquals("`` `x` ``", Escape.markdownCode("`x`", false));
    }

    @Test
    void stderrGuardKeepsPrintedLinesAndNeutralisesDataAcrossWrites() {
        StringWriter sink = new StringWriter();
        PrintWriter err = Escape.guard(new PrintWriter(sink));
        err.println("miglint: file a\n::error::pwned\u001b[2J");
        err.print(":");
        err.print(":warning::split");
        err.print(" #");
        err.println("#[x]");
        err.flush();
        assertEquals("miglint: file a\n\\x3a:error::pwned\\x1b[2J\n\\x3a:warning::split ##\\x5bx]\n", sink.toString());
        assertEquals(sink.toString(), sink.toString().replace("\u001b", ""));
        StringWriter raw = new StringWriter();
        PrintWriter rawWriter = new PrintWriter(raw);
        assertEquals(rawWriter, Escape.raw(Escape.guard(rawWriter)));
    }

    @Test
    void jsonKeepsTheValueAndWritesTheCharactersAsEscapes() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setCharacterEscapes(Escape.jsonEscapes());
        String value = "a\u001b[31m\u007f\u0085\u202eb\u2066";
        String json = mapper.writeValueAsString(java.util.Map.of("v", value));
        assertEquals("{\"v\":\"a\\u001B[31m\\u007F\\u0085\\u202eb\\u2066\"}", json);
        assertEquals(value, new ObjectMapper().readTree(json).get("v").asText(), "lossless");
        assertFalse(json.chars().anyMatch(c -> c < 0x20 || c >= 0x7f));
    }

    @Test
    void sourceLinesAreEscapedCharacterByCharacterWithTabsExpanded() {
        String line = "a\tb\u001b:##[\u202e表\ud83d\ude00";
        assertEquals(
                java.util.List.of("a", "   ", "b", "\\x1b", ":", "#", "#", "\\x5b", "\\u202e", "表", "\ud83d\ude00", ""),
                java.util.List.of(Escape.sourcePieces(line, 4)));
        assertEquals(2, Escape.columns("表"));
        assertEquals(2, Escape.columns("\ud83d\ude00"));
        assertEquals(1, Escape.columns("e\u0301"), "a combining accent takes no column");
        assertEquals("    x", String.join("", Escape.sourcePieces("\tx", 4)));
        assertEquals("ab  x", String.join("", Escape.sourcePieces("ab\tx", 4)));
    }
}
