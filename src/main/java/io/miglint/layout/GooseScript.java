package io.miglint.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One goose SQL migration file read exactly as goose v3.27.3 reads it (internal/sqlparser/parser.go,
 * ParseSQLMigration), once per direction as goose does (parse.go, ParseAllFromFS):
 *
 * <ul>
 *   <li>lines are those of Go's {@code bufio.ScanLines} (split at {@code \n}, a trailing {@code \r} dropped);
 *   <li>a line is an annotation when, trimmed, it starts with {@code --} and contains {@code +goose}; it must not be
 *       indented, and its command (all {@code --} and the first {@code +goose} removed, then trimmed) is matched
 *       case-insensitively ({@code strings.EqualFold}) against Up, Down, StatementBegin, StatementEnd,
 *       NO TRANSACTION, ENVSUB ON, ENVSUB OFF;
 *   <li>{@code NO TRANSACTION} anywhere in the file (before Up, in either section, repeated) makes both directions
 *       run without a transaction;
 *   <li>outside a StatementBegin/StatementEnd block a statement ends at a line whose last word before a
 *       {@code --} word ends in {@code ;}: a {@code ;} inside a {@code $$} body at a line's end ends it too; a block
 *       is one statement, whatever it holds;
 *   <li>comment lines and empty lines before a statement are dropped; once a statement has begun they are kept.
 * </ul>
 *
 * <p>Offsets are char offsets in the decoded file text.
 *
 * @param upStart     the Up annotation line's start (0 when the file has none)
 * @param upEnd       where the up section ends: the Down annotation line's start or the end of the text
 * @param downStart   the Down annotation line's start, -1 without one
 * @param useTx       false when a NO TRANSACTION annotation is present
 * @param up          the statements goose sends for the up direction, in order
 * @param down        the statements goose sends for the down direction
 * @param envsub      where ENVSUB ON regions start and end ({@code [start, end)} pairs, flattened)
 * @param problem     goose's refusal of the file, when it refuses it
 * @param problemAt   the offset of the line goose stopped at, -1 when the problem is at the end of the file
 */
public record GooseScript(
        int upStart,
        int upEnd,
        int downStart,
        boolean useTx,
        List<Statement> up,
        List<Statement> down,
        List<int[]> envsub,
        Optional<String> problem,
        int problemAt) {

    /**
     * One statement as goose sends it.
     *
     * @param start  the offset of its first line
     * @param end    the end of its last line (before the line break)
     * @param text   the text goose sends: its lines joined by {@code \n}, trimmed
     * @param block  it came from a StatementBegin/StatementEnd block
     */
    public record Statement(int start, int end, String text, boolean block) {}

    private enum State {
        START,
        UP,
        BEGIN_UP,
        END_UP,
        DOWN,
        BEGIN_DOWN,
        END_DOWN
    }

    private static final String[] ANNOTATIONS = {
        "Up", "Down", "StatementBegin", "StatementEnd", "NO TRANSACTION", "ENVSUB ON", "ENVSUB OFF"
    };

    /** True when goose would see an Up annotation on some line of the text. */
    public static boolean hasUpAnnotation(String text) {
        // goose looks for "+goose" with strings.Contains: case-sensitively.
        int i = text.indexOf("+goose");
        while (i >= 0) {
            int lineStart = text.lastIndexOf('\n', i) + 1;
            int eol = text.indexOf('\n', i);
            String line = text.substring(lineStart, eol < 0 ? text.length() : eol);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (isAnnotationLine(line) && "Up".equals(annotation(line))) {
                return true;
            }
            i = eol < 0 ? -1 : text.indexOf("+goose", eol);
        }
        return false;
    }

    /** The start of the first line goose reads as a Down annotation, or -1. */
    public static int downAnnotationAt(String text) {
        for (int[] l : lines(text)) {
            String line = text.substring(l[0], l[1]);
            if (isAnnotationLine(line) && "Down".equals(annotation(line))) {
                return l[0];
            }
        }
        return -1;
    }

    static boolean isAnnotationLine(String line) {
        return goTrim(line).startsWith("--") && line.contains("+goose");
    }

    /**
     * extractAnnotation: the annotation's canonical name, or null when goose refuses the line (indented, several
     * {@code +goose}, empty or unknown command).
     */
    static String annotation(String line) {
        if (line.startsWith(" ") || line.startsWith("\t")) {
            return null;
        }
        String cmd = line.replace("--", "");
        cmd = cmd.replaceFirst(java.util.regex.Pattern.quote("+goose"), "");
        if (cmd.contains("+goose")) {
            return null;
        }
        cmd = goTrim(cmd);
        for (String a : ANNOTATIONS) {
            if (a.equalsIgnoreCase(cmd)) {
                return a;
            }
        }
        return null;
    }

    public static GooseScript parse(String text) {
        List<int[]> lines = lines(text);
        Pass up = pass(text, lines, true);
        Pass down = pass(text, lines, false);
        Pass failed = up.problem != null ? up : down;
        return new GooseScript(
                up.upAt < 0 ? 0 : up.upAt,
                up.downAt < 0 ? text.length() : up.downAt,
                up.downAt,
                up.useTx,
                List.copyOf(up.statements),
                List.copyOf(down.statements),
                List.copyOf(up.envsub),
                Optional.ofNullable(failed.problem),
                failed.problemAt);
    }

    private static final java.util.regex.Pattern ENVSUB_ON =
            java.util.regex.Pattern.compile("(?im)^--.*\\+goose[\\t ]+envsub[\\t ]+on[\\t \\r]*$");

    /**
     * Whether the file turns on goose's environment substitution (mfridman/interpolate: {@code ${VAR}},
     * {@code ${VAR:-default}}, {@code $VAR}), so that the text goose sends is not the text of the file.
     */
    public static boolean envsubAnnotated(java.nio.file.Path file) {
        try {
            String text = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
            return text.contains("+goose") && ENVSUB_ON.matcher(text).find();
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** The up section's statements when {@code direction} is UP, else the down's. */
    public List<Statement> statements(Direction direction) {
        return direction == Direction.UP ? up : down;
    }

    /** Whether {@code offset} lies in an ENVSUB ON region, where goose substitutes {@code ${VAR}} first. */
    public boolean inEnvsub(int offset) {
        for (int[] r : envsub) {
            if (offset >= r[0] && offset < r[1]) {
                return true;
            }
        }
        return false;
    }

    private static final class Pass {
        final List<Statement> statements = new ArrayList<>();
        final List<int[]> envsub = new ArrayList<>();
        boolean useTx = true;
        int upAt = -1;
        int downAt = -1;
        String problem;
        int problemAt = -1;

        Pass fail(String why, int at) {
            problem = why;
            problemAt = at;
            statements.clear();
            return this;
        }
    }

    /** {@code [start, end)} of each line as bufio.ScanLines yields them (the \r of a \r\n excluded). */
    private static List<int[]> lines(String text) {
        List<int[]> lines = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int nl = text.indexOf('\n', i);
            int end = nl < 0 ? n : nl;
            int contentEnd = end > i && text.charAt(end - 1) == '\r' ? end - 1 : end;
            lines.add(new int[] {i, contentEnd});
            i = nl < 0 ? n : nl + 1;
        }
        return lines;
    }

    private static Pass pass(String text, List<int[]> lines, boolean wantUp) {
        Pass p = new Pass();
        State state = State.START;
        boolean envsubOn = false;
        int envsubFrom = -1;
        StringBuilder buf = new StringBuilder();
        int bufStart = -1;
        int bufEnd = -1;
        for (int[] l : lines) {
            String line = text.substring(l[0], l[1]);
            if (state == State.START && goTrim(line).isEmpty()) {
                continue;
            }
            if (isAnnotationLine(line)) {
                String cmd = annotation(line);
                if (cmd == null) {
                    return p.fail(
                            "goose refuses the annotation line '" + line.strip() + "' (an annotation is '-- +goose "
                                    + "Up', 'Down', 'StatementBegin', 'StatementEnd', 'NO TRANSACTION', 'ENVSUB ON' or "
                                    + "'ENVSUB OFF', not indented)",
                            l[0]);
                }
                switch (cmd) {
                    case "Up" -> {
                        if (state != State.START) {
                            return p.fail("goose refuses a second '-- +goose Up' annotation", l[0]);
                        }
                        state = State.UP;
                        p.upAt = l[0];
                        continue;
                    }
                    case "Down" -> {
                        if (state != State.UP && state != State.END_UP) {
                            return p.fail(
                                    "goose needs '-- +goose Up' before '-- +goose Down' (and no Down inside a "
                                            + "StatementBegin/StatementEnd block)",
                                    l[0]);
                        }
                        if (!goTrim(buf.toString()).isEmpty()) {
                            return p.fail(missingSemicolon(), bufStart);
                        }
                        state = State.DOWN;
                        p.downAt = l[0];
                        continue;
                    }
                    case "StatementBegin" -> {
                        if (state == State.UP || state == State.END_UP) {
                            state = State.BEGIN_UP;
                        } else if (state == State.DOWN || state == State.END_DOWN) {
                            state = State.BEGIN_DOWN;
                        } else {
                            return p.fail(
                                    "goose needs '-- +goose StatementBegin' after '-- +goose Up' or '-- +goose Down' "
                                            + "and outside another block",
                                    l[0]);
                        }
                        continue;
                    }
                    case "StatementEnd" -> {
                        if (state == State.BEGIN_UP) {
                            state = State.END_UP;
                        } else if (state == State.BEGIN_DOWN) {
                            state = State.END_DOWN;
                        } else {
                            return p.fail(
                                    "goose needs '-- +goose StatementBegin' before '-- +goose StatementEnd'", l[0]);
                        }
                        // no continue: the line goes on below, where the block is stored, as in goose
                    }
                    case "NO TRANSACTION" -> {
                        p.useTx = false;
                        continue;
                    }
                    case "ENVSUB ON" -> {
                        if (!envsubOn) {
                            envsubOn = true;
                            envsubFrom = l[0];
                        }
                        continue;
                    }
                    case "ENVSUB OFF" -> {
                        if (envsubOn) {
                            p.envsub.add(new int[] {envsubFrom, l[0]});
                            envsubOn = false;
                        }
                        continue;
                    }
                    default -> throw new IllegalStateException(cmd);
                }
            }
            if (buf.length() == 0 && (goTrim(line).startsWith("--") || line.isEmpty())) {
                continue;
            }
            if (state != State.END_UP && state != State.END_DOWN) {
                if (buf.length() == 0) {
                    bufStart = l[0];
                }
                buf.append(line).append('\n');
                bufEnd = l[1];
            }
            boolean inUp = state == State.UP || state == State.BEGIN_UP || state == State.END_UP;
            boolean inDown = state == State.DOWN || state == State.BEGIN_DOWN || state == State.END_DOWN;
            if (!inUp && !inDown) {
                return p.fail("goose needs '-- +goose Up' before the first statement", l[0]);
            }
            if (inUp != wantUp) {
                buf.setLength(0);
                continue;
            }
            switch (state) {
                case UP, DOWN -> {
                    if (endsWithSemicolon(line)) {
                        p.statements.add(new Statement(bufStart, bufEnd, goTrim(buf.toString()), false));
                        buf.setLength(0);
                    }
                }
                case END_UP, END_DOWN -> {
                    p.statements.add(
                            new Statement(bufStart < 0 ? l[0] : bufStart, bufEnd, goTrim(buf.toString()), true));
                    buf.setLength(0);
                    state = state == State.END_UP ? State.UP : State.DOWN;
                }
                default -> {}
            }
            if (buf.length() == 0) {
                bufStart = -1;
            }
        }
        if (envsubOn) {
            p.envsub.add(new int[] {envsubFrom, text.length()});
        }
        if (state == State.START) {
            return p.fail("goose needs a '-- +goose Up' annotation", 0);
        }
        if (state == State.BEGIN_UP || state == State.BEGIN_DOWN) {
            return p.fail("goose needs a '-- +goose StatementEnd' for the last '-- +goose StatementBegin'", -1);
        }
        if (!goTrim(buf.toString()).isEmpty()) {
            return p.fail(missingSemicolon(), bufStart);
        }
        return p;
    }

    private static String missingSemicolon() {
        return "goose refuses an unfinished statement (no line ending in ';' before the next annotation or the end of "
                + "the file)";
    }

    /** endsWithSemicolon: the last whitespace-separated word before one starting with {@code --} ends in ';'. */
    static boolean endsWithSemicolon(String line) {
        String prev = "";
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && goSpace(line.charAt(i))) {
                i++;
            }
            int s = i;
            while (i < n && !goSpace(line.charAt(i))) {
                i++;
            }
            if (s == i) {
                break;
            }
            String word = line.substring(s, i);
            if (word.startsWith("--")) {
                break;
            }
            prev = word;
        }
        return prev.endsWith(";");
    }

    /** Go's unicode.IsSpace. */
    static boolean goSpace(char c) {
        return c == ' '
                || c == '\t'
                || c == '\n'
                || c == '\u000B'
                || c == '\f'
                || c == '\r'
                || c == '\u0085'
                || c == '\u00A0'
                || (c > 0xFF && Character.isWhitespace(c))
                || (c > 0xFF && Character.isSpaceChar(c));
    }

    /** Go's strings.TrimSpace. */
    static String goTrim(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && goSpace(s.charAt(a))) {
            a++;
        }
        while (b > a && goSpace(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }
}
