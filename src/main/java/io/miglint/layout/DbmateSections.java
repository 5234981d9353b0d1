package io.miglint.layout;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code -- migrate:up} / {@code -- migrate:down} sections of one dbmate file, found exactly as dbmate's
 * {@code parseMigrationContents} finds them (pkg/dbmate/migration.go): the first line matching the up directive starts
 * the up section, which runs to the first down directive or to the end of the file; each section begins at its
 * directive line, and only that first line carries options such as {@code transaction:false}.
 *
 * <p>The directives must start in column 1: dbmate's regexes are anchored with {@code ^--}, so an indented
 * {@code -- migrate:down} is not a directive and its statements run as part of the up section.
 *
 * <p>Since 2.29 dbmate also reads a file of several sections, each from one {@code -- migrate:up} line to the next
 * (pkg/dbmate/migration.go, getMigrationSectionSubstrings). Only the first section is read here: its down ends where
 * the second section begins, and {@link #laterSections} says where the others start, which the rule
 * dbmate-multiple-sections reports (dbmate records the version once per section, and on PostgreSQL the second record
 * fails, so the later sections never stay applied).
 *
 * @param downStart      -1 when the file has no down directive
 * @param problem        why dbmate would refuse the file (no up directive, down before up, statements before up)
 * @param laterSections  where each section after the first begins (its {@code -- migrate:up} line), in file order
 */
public record DbmateSections(
        int upStart,
        int upEnd,
        boolean upTransaction,
        int downStart,
        int downEnd,
        boolean downTransaction,
        Optional<String> problem,
        java.util.List<Integer> laterSections) {

    // Go's \s is [\t\n\f\r ]; UNIX_LINES makes ^ and $ see only \n, as Go's (?m) does.
    private static final String WS = "[\\t\\n\\f\\r ]";
    private static final Pattern UP = Pattern.compile(
            "^--" + WS + "*migrate:up(" + WS + "*$|" + WS + "+[^\\t\\n\\f\\r ]+)",
            Pattern.MULTILINE | Pattern.UNIX_LINES);
    private static final Pattern DOWN = Pattern.compile(
            "^--" + WS + "*migrate:down(" + WS + "*$|" + WS + "+[^\\t\\n\\f\\r ]+)$",
            Pattern.MULTILINE | Pattern.UNIX_LINES);
    private static final Pattern EMPTY_OR_COMMENT = Pattern.compile("^" + WS + "*(--.*)?$", Pattern.DOTALL);

    /** True when dbmate would see an up directive in this text. */
    public static boolean hasUpDirective(String text) {
        // The pattern needs this literal text: most files lack it, and indexOf is far cheaper than a regex search.
        return text.contains("migrate:up") && UP.matcher(text).find();
    }

    public boolean hasDown() {
        return downStart >= 0;
    }

    public static DbmateSections parse(String text) {
        Matcher up = UP.matcher(text);
        Matcher down = DOWN.matcher(text);
        int upAt = up.find() ? up.start() : -1;
        int downAt = down.find() ? down.start() : -1;
        int n = text.length();
        if (upAt < 0) {
            return new DbmateSections(
                    0,
                    downAt < 0 ? n : downAt,
                    true,
                    downAt,
                    downAt < 0 ? -1 : n,
                    downAt < 0 || transaction(text, downAt),
                    Optional.of("dbmate requires each migration to define an up block with '-- migrate:up'"),
                    java.util.List.of());
        }
        if (downAt >= 0 && upAt > downAt) {
            return new DbmateSections(
                    upAt,
                    n,
                    transaction(text, upAt),
                    downAt,
                    upAt,
                    transaction(text, downAt),
                    Optional.of("dbmate requires '-- migrate:up' to appear before '-- migrate:down'"),
                    java.util.List.of());
        }
        Optional<String> problem = statementsPrecede(text, upAt)
                ? Optional.of("dbmate refuses statements before the '-- migrate:up' line")
                : Optional.empty();
        java.util.List<Integer> later = new java.util.ArrayList<>();
        while (up.find()) {
            later.add(up.start());
        }
        int sectionEnd = later.isEmpty() ? n : later.get(0);
        if (downAt > sectionEnd) {
            downAt = -1; // the first section has no down of its own: down-missing says dbmate refuses the file
        }
        int upEnd = downAt < 0 ? sectionEnd : downAt;
        return new DbmateSections(
                upAt,
                upEnd,
                transaction(text, upAt),
                downAt,
                downAt < 0 ? -1 : sectionEnd,
                downAt < 0 || transaction(text, downAt),
                problem,
                java.util.List.copyOf(later));
    }

    /** dbmate reads options from the directive's line only: whitespace-separated {@code key:value} pairs. */
    private static boolean transaction(String text, int directiveStart) {
        int eol = text.indexOf('\n', directiveStart);
        String line =
                text.substring(directiveStart, eol < 0 ? text.length() : eol).strip();
        Map<String, String> options = new HashMap<>();
        for (String pair : line.split(WS + "+")) {
            String[] kv = pair.split(":", -1);
            if (kv.length == 2) {
                options.put(kv[0], kv[1]);
            }
        }
        return !"false".equals(options.get("transaction"));
    }

    private static boolean statementsPrecede(String text, int upAt) {
        for (String line : text.substring(0, upAt).split("\n", -1)) {
            if (!EMPTY_OR_COMMENT.matcher(line).matches()) {
                return true;
            }
        }
        return false;
    }
}
