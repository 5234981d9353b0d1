package io.miglint.rules.naming;

import io.miglint.layout.Migration;
import io.miglint.layout.MigrationScript;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.RuleOptions;
import io.miglint.rule.SetContext;
import io.miglint.sql.Lexer;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The naming convention a folder's own history establishes. Each project names its migrations one way (object first
 * in {@code 0050_2.2.0_schema}, kebab-case in {@code 20231107-add-foo}, verb first and snake_case in most Rails-style
 * folders), and a name is worth a note only where it breaks the folder's way, not an outside one. A convention holds
 * when at least {@value #MIN_HISTORY} names show it and {@value #DOMINANT_PERCENT} % of them follow it; a folder
 * without that much history gets the seed conventions (action verb first, snake_case, 2–5 words, no vague words),
 * and a folder whose names follow no convention gets no naming findings. {@code naming.learn: false} applies the
 * seed conventions everywhere; setting {@code naming.verbs}/{@code extra-verbs} or {@code naming.min-words}/
 * {@code max-words} asks for those checks whatever the history shows.
 *
 * <p>Flyway repeatable migrations form a group of their own ({@link #of}). A name that spells out the identifier of an
 * object its SQL names ({@link #spellsIdentifier}) is the object's name as the schema spells it.
 *
 * <p>Files that declare themselves generated ({@code DO NOT EDIT}, {@code @generated}, {@code Code generated} in
 * their leading comment) are named by their generator: they are neither judged nor counted.
 */
public final class NamingConvention {
    static final int MIN_HISTORY = 10;
    static final int DOMINANT_PERCENT = 80;
    private static final Pattern GENERATED = Pattern.compile("(?i)do not edit|@generated|code generated");
    private static final Pattern SNAKE_WORD = Pattern.compile("[a-z0-9]+|\\d+(\\.\\d+)+");
    private static final Pattern KEBAB_CHUNKS = Pattern.compile("[a-z0-9][a-z0-9_.]*(-[a-z0-9][a-z0-9_.]*)+");
    private static final Pattern CAMEL = Pattern.compile("[A-Za-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*");
    /** Words a name adds to an identifier it spells out ("inserting-edits-requires-a-confirmed-email-address"). */
    private static final Set<String> ARTICLES = Set.of("a", "an", "the");

    private static final String REPEATABLE = "R";

    /** How a name joins its words. NONE: a single lower-case word, which fits snake_case and kebab-case alike. */
    public enum Spelling {
        SNAKE("snake_case", "_"),
        KEBAB("kebab-case", "-"),
        CAMEL("CamelCase", ""),
        NONE("one word", ""),
        OTHER("mixed spelling", "");

        private final String label;
        private final String separator;

        Spelling(String label, String separator) {
            this.label = label;
            this.separator = separator;
        }

        public String label() {
            return label;
        }

        /** The same words in this spelling; only for the spellings a folder can establish. */
        public String spell(List<String> words) {
            if (this != CAMEL) {
                return String.join(separator, words);
            }
            StringBuilder b = new StringBuilder();
            for (String w : words) {
                b.append(w.isEmpty() ? w : w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1));
            }
            return b.toString();
        }
    }

    /** A feature of the folder's names: whether it is checked, and how many of the judged names follow it. */
    public record Share(boolean applies, int following, int judged, boolean learned) {
        /** Why the name is judged: "18 of 20 names in this folder {fact}", or the seed convention. */
        public String evidence(String fact) {
            return learned
                    ? following + " of " + judged + " names in this folder " + fact
                    : "names " + fact + " by default (the folder's history is too short to show its own way)";
        }
    }

    private final List<Migration> judged;
    private final Optional<Spelling> spelling;
    private final int spellingFollowing;
    private final int spellingJudged;
    private final boolean spellingLearned;
    private final boolean seeded;

    private NamingConvention(
            List<Migration> judged,
            Optional<Spelling> spelling,
            int following,
            int total,
            boolean learned,
            boolean seeded) {
        this.judged = judged;
        this.spelling = spelling;
        this.spellingFollowing = following;
        this.spellingJudged = total;
        this.spellingLearned = learned;
        this.seeded = seeded;
    }

    /**
     * The conventions of a folder, each judging its own names: the versioned migrations', and the Flyway repeatable
     * ones' ({@code R__Datasets_view.sql}), which name the view or function they maintain rather than a change and
     * are often spelled their own way. Repeatable migrations are judged only against each other, once there are
     * {@value #MIN_HISTORY} of them, never against the seed conventions.
     */
    public static List<NamingConvention> of(MigrationSet set, SetContext ctx) {
        List<Migration> versioned = new ArrayList<>();
        List<Migration> repeatable = new ArrayList<>();
        for (Migration m : set.migrations()) {
            if (m.name() != null && !m.name().isBlank() && !generated(m, ctx)) {
                (REPEATABLE.equals(m.kind()) ? repeatable : versioned).add(m);
            }
        }
        return repeatable.isEmpty()
                ? List.of(learn(versioned, ctx, true))
                : List.of(learn(versioned, ctx, true), learn(repeatable, ctx, false));
    }

    private static NamingConvention learn(List<Migration> judged, SetContext ctx, boolean seeded) {
        Map<Spelling, Integer> counts = new EnumMap<>(Spelling.class);
        for (Migration m : judged) {
            counts.merge(spelling(MigrationName.of(m).text()), 1, Integer::sum);
        }
        counts.remove(Spelling.NONE);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        Optional<Spelling> spelling;
        int following;
        boolean learned = learn(ctx.options()) && total >= MIN_HISTORY;
        if (!learned) {
            spelling = seeded ? Optional.of(Spelling.SNAKE) : Optional.empty();
            following = counts.getOrDefault(Spelling.SNAKE, 0);
        } else {
            Map.Entry<Spelling, Integer> top =
                    counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
            boolean dominant = top.getKey() != Spelling.OTHER && dominant(top.getValue(), total);
            spelling = dominant ? Optional.of(top.getKey()) : Optional.empty();
            following = top.getValue();
        }
        return new NamingConvention(judged, spelling, following, total, learned, seeded);
    }

    /** Migrations whose names are judged: all but generated ones and those without a name. */
    public List<Migration> judged() {
        return judged;
    }

    /** The spelling the folder established (or the seed snake_case); empty when the folder mixes spellings. */
    public Optional<Spelling> spelling() {
        return spelling;
    }

    public Share spellingShare() {
        return new Share(spelling.isPresent(), spellingFollowing, spellingJudged, spellingLearned);
    }

    /**
     * Whether a feature of the seed convention applies to this folder: asked for in the configuration, or followed
     * by the folder's history, or the history is too short to show anything else.
     */
    public Share seedFeature(
            RuleOptions options,
            boolean configured,
            java.util.function.Predicate<Migration> follows,
            java.util.function.Predicate<Migration> counted) {
        int following = 0;
        int total = 0;
        for (Migration m : judged) {
            if (!counted.test(m)) {
                continue;
            }
            total++;
            if (follows.test(m)) {
                following++;
            }
        }
        if (!seeded && (!learn(options) || total < MIN_HISTORY)) {
            return new Share(false, following, total, false);
        }
        if (configured || !learn(options) || total < MIN_HISTORY) {
            return new Share(true, following, total, false);
        }
        return new Share(dominant(following, total), following, total, true);
    }

    static boolean learn(RuleOptions options) {
        return options.bool("naming.learn", true);
    }

    static boolean dominant(int following, int total) {
        return total > 0 && following * 100 >= total * DOMINANT_PERCENT;
    }

    public static Spelling spelling(String name) {
        String t = name.strip();
        if (t.isEmpty() || SNAKE_WORD.matcher(t).matches()) {
            return Spelling.NONE;
        }
        if (allWords(t, "_")) {
            return Spelling.SNAKE;
        }
        // Kebab-case names keep the identifiers they mention as they are: "drop-work.artist_credit".
        if (t.contains("-") && KEBAB_CHUNKS.matcher(t).matches()) {
            return Spelling.KEBAB;
        }
        if (CAMEL.matcher(t).matches()) {
            return Spelling.CAMEL;
        }
        return Spelling.OTHER;
    }

    private static boolean allWords(String text, String separator) {
        for (String w : text.split(Pattern.quote(separator), -1)) {
            if (!SNAKE_WORD.matcher(w).matches()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the name spells out the identifier of an object the migration's SQL (outside comments, strings and
     * dollar-quoted bodies) names, such as the function
     * {@code a_upd_release_event} it redefines or the trigger {@code inserting_edits_requires_confirmed_email_address}
     * it adds: such a name is the object's, spelled and sized as the schema spells it. Only identifiers of several
     * words count; articles are ignored on both sides.
     */
    static boolean spellsIdentifier(Migration m, SetContext ctx) {
        List<String> words = withoutArticles(MigrationName.of(m).words());
        if (words.size() < 2) {
            return false;
        }
        for (MigrationScript s : new MigrationScript[] {m.up(), m.down()}) {
            String text = s == null ? null : ctx.text(s.file());
            if (text == null) {
                continue;
            }
            // Identifiers of the SQL itself: not the comments or strings, where a header often repeats the name.
            for (Token t : Lexer.lex(text)) {
                if ((t.kind() == TokenKind.WORD || t.kind() == TokenKind.QUOTED_IDENT)
                        && t.value().indexOf('_') > 0
                        && withoutArticles(List.of(
                                        t.value().toLowerCase(Locale.ROOT).split("_+")))
                                .equals(words)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> withoutArticles(List<String> words) {
        return words.stream().filter(w -> !ARTICLES.contains(w)).toList();
    }

    /** Generated migrations say so in their leading comment; their names come from the generator. */
    static boolean generated(Migration m, SetContext ctx) {
        for (MigrationScript s : new MigrationScript[] {m.up(), m.down()}) {
            if (s == null) {
                continue;
            }
            String text = ctx.text(s.file());
            if (text != null && GENERATED.matcher(leadingComment(text)).find()) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern DUMP = Pattern.compile("(?i)pg_dump|postgresql database dump");

    /**
     * Whether the file's leading comment says it is a dump of an existing database's schema ({@code pg_dump}, "PostgreSQL
     * database dump"): the names in it are the names that database already has, not choices of the migration.
     */
    public static boolean declaresSchemaDump(String text) {
        return text != null && DUMP.matcher(leadingComment(text)).find();
    }

    /** The comment lines (and a leading block comment) before the file's first statement. */
    static String leadingComment(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (text.startsWith("--", i)) {
                int nl = text.indexOf('\n', i);
                int end = nl < 0 ? n : nl;
                out.append(text, i, end).append('\n');
                i = end;
            } else if (text.startsWith("/*", i)) {
                int close = text.indexOf("*/", i + 2);
                int end = close < 0 ? n : close + 2;
                out.append(text, i, end).append('\n');
                i = end;
            } else {
                break;
            }
        }
        return out.toString();
    }
}
