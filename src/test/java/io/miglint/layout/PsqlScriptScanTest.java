package io.miglint.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The line-start scan in {@link LayoutDetector#psqlScript} answers exactly as a regex search of the whole text. */
class PsqlScriptScanTest {
    private static final Pattern REGEX = Pattern.compile(
            "^[\\t ]*(BEGIN|START[\\t ]+TRANSACTION|COMMIT)[\\t ]*;|^\\\\[a-z]",
            Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);

    @Test
    void tricky() {
        for (String text : List.of(
                "",
                "BEGIN;",
                "  begin ;\n",
                "x BEGIN;",
                "--\n\tCOMMIT;",
                "a\r\\set x",
                "a\r\n\\i f",
                "a\u0085BEGIN;",
                "a\u2028commit;",
                "a\u2029Start\t transaction;",
                "start transaction",
                "\\",
                "\\1",
                "a\n",
                "a\r",
                "a\r\n",
                "BEGIN",
                "BEGINx;",
                "begin\n;",
                "\\Q",
                "x\\set",
                "b\nc\ns\n\\",
                "COMMIT ;x")) {
            assertEquals(
                    REGEX.matcher(text).find(), LayoutDetector.psqlScript(text), "text: " + text.replace("\n", "\\n"));
        }
    }

    @Test
    void randomTextsOverTheCharactersThatMatter() {
        String[] pieces = {
            "BEGIN",
            "begin",
            "START",
            "TRANSACTION",
            "COMMIT",
            "commit",
            ";",
            " ",
            "\t",
            "\n",
            "\r",
            "\r\n",
            "\u0085",
            "\u2028",
            "\\",
            "s",
            "a",
            "x",
            "é"
        };
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(12);
            for (int i = 0; i < len; i++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = sb.toString();
            assertEquals(REGEX.matcher(text).find(), LayoutDetector.psqlScript(text), "text: " + text);
        }
    }
}
