package io.miglint.rules.naming;

import io.miglint.layout.Direction;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationScript;
import io.miglint.rule.MigrationRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The descriptive part of a migration's file name ({@code add_users_email}) as a reader sees it: its words, whether it
 * is snake_case, and the snake_case spelling. A release label such as {@code 1.7.0} counts as one word, because
 * projects that name migrations after releases ({@code 0002_1.7.0_schema}) mean the version, not three numbers.
 */
public record MigrationName(String text) {
    private static final Pattern RELEASE_LABEL = Pattern.compile("\\d+(\\.\\d+)+");
    private static final Pattern SNAKE_WORD = Pattern.compile("[a-z0-9]+|\\d+(\\.\\d+)+");
    private static final Pattern SEPARATORS = Pattern.compile("[_\\-\\s]+");
    private static final Pattern CAMEL_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");

    public static MigrationName of(Migration m) {
        return new MigrationName(m.name() == null ? "" : m.name());
    }

    /** Lower-case words; empty for a migration without a descriptive part. */
    public List<String> words() {
        List<String> words = new ArrayList<>();
        for (String chunk : SEPARATORS.split(text.strip())) {
            if (RELEASE_LABEL.matcher(chunk).matches()) {
                words.add(chunk);
                continue;
            }
            for (String dotted : chunk.split("\\.+")) {
                for (String w : CAMEL_BOUNDARY.split(dotted)) {
                    if (!w.isEmpty()) {
                        words.add(w.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return words;
    }

    public boolean isSnakeCase() {
        if (text.isEmpty()) {
            return true;
        }
        for (String w : text.split("_", -1)) {
            if (!SNAKE_WORD.matcher(w).matches()) {
                return false;
            }
        }
        return true;
    }

    public String snakeCase() {
        return String.join("_", words());
    }

    /** The file (or diesel folder) whose name carries this migration's name: the up's, or the orphaned down's. */
    public static Path namedEntry(Migration m) {
        MigrationScript s = m.up() != null ? m.up() : m.down();
        Path file = s.file();
        String fileName = file.getFileName().toString();
        return (fileName.equals("up.sql") || fileName.equals("down.sql") || fileName.equals("migration.sql"))
                        && file.getParent() != null
                ? file.getParent()
                : file;
    }

    /** Which migration a finding is about, in the direction of the file it points at. */
    public static MigrationRef ref(Migration m) {
        return new MigrationRef(m.version().text(), m.name(), m.up() != null ? Direction.UP : Direction.DOWN);
    }

    /** The file a set rule reports a migration on: its up, or its down when the up is missing. */
    public static Path reportedFile(Migration m) {
        return (m.up() != null ? m.up() : m.down()).file();
    }
}
