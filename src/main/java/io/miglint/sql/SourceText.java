package io.miglint.sql;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The decoded text of one migration file plus its line table. Line breaks are {@code \n}, {@code \r\n} and a lone
 * {@code \r}, as PostgreSQL's scanner and every editor count them.
 */
public final class SourceText {
    private final String displayPath;
    private final String text;
    private final int[] lineStarts;

    public SourceText(String displayPath, String text) {
        this.displayPath = displayPath;
        this.text = text;
        this.lineStarts = computeLineStarts(text);
    }

    private static int[] computeLineStarts(String text) {
        int[] starts = new int[16];
        int count = 0;
        starts[count++] = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, count);
    }

    public String displayPath() {
        return displayPath;
    }

    public String text() {
        return text;
    }

    public int lineCount() {
        return lineStarts.length;
    }

    /** 1-based line of a char offset (an offset equal to the text length is on the last line). */
    public int lineOf(int offset) {
        int idx = Arrays.binarySearch(lineStarts, offset);
        return idx >= 0 ? idx + 1 : -idx - 1;
    }

    /** 1-based column of a char offset. */
    public int columnOf(int offset) {
        return offset - lineStarts[lineOf(offset) - 1] + 1;
    }

    /** The offset where a 1-based line starts. */
    public int lineStart(int line) {
        return lineStarts[Math.max(0, Math.min(line, lineStarts.length) - 1)];
    }

    public Span span(int start, int end) {
        return new Span(start, end, lineOf(start), columnOf(start), lineOf(end), columnOf(end));
    }

    public String slice(int start, int end) {
        return text.substring(start, end);
    }

    public String slice(Span span) {
        return text.substring(span.start(), span.end());
    }

    /** Byte offset in the UTF-8 encoding of the text, for tools that address files by bytes. */
    public long byteOffset(int charOffset) {
        return text.substring(0, charOffset).getBytes(StandardCharsets.UTF_8).length;
    }
}
