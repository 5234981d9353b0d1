package io.miglint.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's {@code sqitch.conf}, in Git's configuration syntax (sqitch reads it with Config::GitLike), for what
 * status and gate need: where the PostgreSQL registry is. sqitch looks it up as {@code target.<target>.registry},
 * then {@code engine.pg.registry}, the target being {@code engine.pg.target} or {@code core.target}
 * (lib/App/Sqitch/Target.pm, {@code registry}); the default is {@code sqitch}. The user's and the system's
 * configuration files are not read: a gate run in CI sees the project's.
 */
public final class SqitchConf {
    private static final Pattern SECTION =
            Pattern.compile("\\s*\\[\\s*([A-Za-z0-9.-]+)(?:\\s+\"((?:[^\"\\\\]|\\\\.)*)\")?\\s*]\\s*(?:[#;].*)?");
    private static final Pattern ENTRY = Pattern.compile("\\s*([A-Za-z][A-Za-z0-9-]*)\\s*(?:=\\s*(.*?))?\\s*");

    private final Map<String, String> values;

    private SqitchConf(Map<String, String> values) {
        this.values = values;
    }

    /** The configuration in {@code folder/sqitch.conf}; empty when there is none. */
    public static SqitchConf read(Path folder) throws IOException {
        Path file = folder.resolve("sqitch.conf");
        return Files.isRegularFile(file) ? parse(Files.readString(file, StandardCharsets.UTF_8)) : parse("");
    }

    static SqitchConf parse(String text) {
        Map<String, String> values = new HashMap<>();
        String section = null;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            Matcher s = SECTION.matcher(line);
            if (s.matches()) {
                section = s.group(1).toLowerCase(Locale.ROOT)
                        + (s.group(2) == null ? "" : "." + s.group(2).replaceAll("\\\\(.)", "$1"));
                continue;
            }
            Matcher e = ENTRY.matcher(stripComment(line));
            if (section != null && e.matches()) {
                String value = e.group(2) == null ? "true" : unquote(e.group(2));
                values.put(section + "." + e.group(1).toLowerCase(Locale.ROOT), value);
            }
        }
        return new SqitchConf(values);
    }

    /** The registry schema sqitch uses on PostgreSQL with this configuration. */
    public String registry() {
        Optional<String> target =
                get("engine.pg.target").or(() -> get("core.target")).filter(t -> !t.contains(":"));
        return target.flatMap(t -> get("target." + t + ".registry"))
                .or(() -> get("engine.pg.registry"))
                .orElse("sqitch");
    }

    private Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isEmpty());
    }

    /** A value's text without a trailing {@code #} or {@code ;} comment outside quotes. */
    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\') {
                i++;
            } else if (!quoted && (c == '#' || c == ';')) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String unquote(String v) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                continue;
            }
            if (c == '\\' && i + 1 < v.length()) {
                out.append(v.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString().strip();
    }
}
