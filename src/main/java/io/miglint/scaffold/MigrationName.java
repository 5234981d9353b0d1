package io.miglint.scaffold;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a new migration's name must look like before any file is written: snake_case, two to five words, starting with
 * an action verb, and saying what changes (not "fix_stuff"). These are the defaults of the naming rules; a name is
 * refused here rather than linted later because renaming an applied migration is not possible with most tools.
 */
public final class MigrationName {
    static final int MIN_WORDS = 2;
    static final int MAX_WORDS = 5;
    private static final Pattern SNAKE_CASE = Pattern.compile("^[a-z][a-z0-9]*(_[a-z0-9]+)*$");
    static final Set<String> VERBS = Set.of("add", "allow", "alter", "archive", "attach", "backfill", "change",
            "convert", "copy", "create", "deduplicate", "delete", "detach", "disable", "drop", "enable", "enforce",
            "extend", "grant", "increase", "index", "insert", "install", "introduce", "link", "make", "merge",
            "migrate", "move", "normalize", "partition", "populate", "rebuild", "recreate", "reindex", "relax",
            "remove", "rename", "reorder", "replace", "require", "restore", "restrict", "revert", "revoke", "seed",
            "set", "split", "swap", "truncate", "unlink", "unset", "update", "validate", "widen");
    static final Set<String> VAGUE = Set.of("changes", "fix", "fixes", "misc", "stuff", "things", "tmp", "temp",
            "test", "todo", "updates", "various", "wip", "migration", "new", "initial", "final");

    private MigrationName() {
    }

    /** Why {@code name} is refused, one reason per line; empty when it is fine. */
    public static List<String> problems(String name) {
        List<String> problems = new ArrayList<>();
        if (!SNAKE_CASE.matcher(name).matches()) {
            String suggestion = toSnakeCase(name);
            problems.add("'" + name + "' is not snake_case" + (suggestion.isEmpty() || suggestion.equals(name) ? ""
                    : " (try '" + suggestion + "')"));
            return problems;
        }
        String[] words = name.split("_");
        if (words.length < MIN_WORDS || words.length > MAX_WORDS) {
            problems.add("'" + name + "' has " + words.length + " word" + (words.length == 1 ? "" : "s")
                    + "; use " + MIN_WORDS + " to " + MAX_WORDS + " (a verb and what it acts on, e.g. add_users_email)");
        }
        if (!VERBS.contains(words[0])) {
            problems.add("'" + name + "' does not start with an action verb (add, create, drop, rename, backfill, …)");
        }
        for (String w : words) {
            if (VAGUE.contains(w)) {
                problems.add("'" + name + "' is vague ('" + w + "'): say what the migration changes");
                break;
            }
        }
        return problems;
    }

    /** {@code AddUsers Email} or {@code add-users-email} → {@code add_users_email}. */
    static String toSnakeCase(String name) {
        return name.trim().replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9]+", "_")
                .replaceAll("^_+|_+$", "").toLowerCase(Locale.ROOT);
    }
}
