package io.miglint.sql;

/**
 * Resolves the escapes of string constants so that token values are the strings PostgreSQL would see
 * (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-STRINGS-ESCAPE and
 * #SQL-SYNTAX-STRINGS-UESCAPE). A malformed escape is kept as written: the server, not the linter, rejects it.
 */
final class EscapeResolution {
    private EscapeResolution() {}

    /** Body of an {@code E'…'} string between {@code from} (after the quote) and {@code to} (the closing quote). */
    static String cStyle(String text, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c == '\'' && i + 1 < to && text.charAt(i + 1) == '\'') {
                out.append('\'');
                i += 2;
                continue;
            }
            if (c != '\\' || i + 1 >= to) {
                out.append(c);
                i++;
                continue;
            }
            char e = text.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'x' -> {
                    int end = hexRun(text, i, Math.min(to, i + 2));
                    if (end == i) {
                        out.append('x');
                    } else {
                        out.append((char) Integer.parseInt(text.substring(i, end), 16));
                        i = end;
                    }
                }
                case 'u', 'U' -> {
                    int width = e == 'u' ? 4 : 8;
                    int end = hexRun(text, i, Math.min(to, i + width));
                    if (end - i == width && appendCodePoint(out, Long.parseLong(text.substring(i, end), 16))) {
                        i = end;
                    } else {
                        out.append('\\').append(e);
                    }
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int end = i;
                        while (end < to && end < i + 2 && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
                            end++;
                        }
                        out.append((char) (Integer.parseInt(text.substring(i - 1, end), 8) & 0xFF));
                        i = end;
                    } else {
                        out.append(e);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Content of a {@code U&'…'} string or {@code U&"…"} identifier with the default escape character. */
    static String unicode(String content) {
        if (content.indexOf('\\') < 0) {
            return content;
        }
        StringBuilder out = new StringBuilder(content.length());
        int n = content.length();
        int i = 0;
        while (i < n) {
            char c = content.charAt(i);
            if (c != '\\' || i + 1 >= n) {
                out.append(c);
                i++;
                continue;
            }
            if (content.charAt(i + 1) == '\\') {
                out.append('\\');
                i += 2;
                continue;
            }
            int start = content.charAt(i + 1) == '+' ? i + 2 : i + 1;
            int width = content.charAt(i + 1) == '+' ? 6 : 4;
            int end = hexRun(content, start, Math.min(n, start + width));
            if (end - start == width && appendCodePoint(out, Long.parseLong(content.substring(start, end), 16))) {
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int hexRun(String s, int from, int limit) {
        int j = from;
        while (j < limit && Character.digit(s.charAt(j), 16) >= 0) {
            j++;
        }
        return j;
    }

    private static boolean appendCodePoint(StringBuilder out, long codePoint) {
        if (codePoint <= 0 || codePoint > Character.MAX_CODE_POINT) {
            return false;
        }
        out.appendCodePoint((int) codePoint);
        return true;
    }
}
