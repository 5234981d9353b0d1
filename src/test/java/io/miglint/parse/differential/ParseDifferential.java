package io.miglint.parse.differential;

import io.miglint.model.ParsedStatement;
import io.miglint.parse.StatementParser;
import io.miglint.rules.syntax.SyntaxError;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import io.miglint.testing.Corpus;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code syntax-error} rule against PostgreSQL's own parser: real statements and mutants of them (a token
 * deleted, duplicated or swapped with its neighbour, a key word misspelled, the {@code ;} between two statements
 * removed) are given to both, and their verdicts compared. PostgreSQL's verdict comes from
 * {@link PostgresParserOracle}, which parses without running anything.
 *
 * <p>{@code bench/parse-differential.sh} runs {@link #main} over the whole corpus and 100,000 mutants;
 * {@code ParseDifferentialTest} runs a seeded sample in the unit suite.
 */
public final class ParseDifferential {
    /** Commands the recognizer reads into their own model (by their leading words, see {@link #kind}). */
    static final Set<String> MODELLED = Set.of(
            "create table",
            "create index",
            "alter table",
            "drop",
            "create type",
            "alter type",
            "create sequence",
            "create schema",
            "create extension",
            "create view",
            "create materialized view",
            "create function",
            "create procedure",
            "create trigger",
            "create policy",
            "create domain",
            "comment on",
            "grant",
            "revoke",
            "vacuum",
            "cluster",
            "reindex",
            "lock",
            "truncate",
            "copy",
            "set",
            "reset",
            "begin",
            "start",
            "commit",
            "end",
            "rollback",
            "abort",
            "savepoint",
            "release",
            "do",
            "refresh");

    private static final Set<String> DROPPABLE = Set.of(
            "table",
            "index",
            "view",
            "sequence",
            "type",
            "domain",
            "schema",
            "extension",
            "function",
            "procedure",
            "trigger",
            "policy",
            "materialized",
            "rule",
            "aggregate",
            "role",
            "user",
            "group",
            "database");

    private static final StatementParser PARSER = new StatementParser();

    /** One statement of a source file, with the statement after it in the same file (for the missing-';' case). */
    record Unit(String kind, String text, List<int[]> tokens, List<Token> words, String next, String origin) {}

    /** One text to judge. */
    record Case(String kind, String op, String text) {}

    /** Agreement figures, per kind and per mutation. */
    static final class Tally {
        final Map<String, long[]> byKind = new TreeMap<>();
        final Map<String, long[]> byOp = new TreeMap<>();
        final Map<String, List<String>> examples = new TreeMap<>();
        /** Texts PostgreSQL rejected and miglint did not report, each followed by PostgreSQL's error. */
        final List<String> missedTexts = new ArrayList<>();

        long total;
        long agree;
        long missed;
        long falseErrors;
        long modelledTotal;
        long modelledAgree;
        long skipped;

        void add(Case c, boolean pgRejects, boolean miglintReports, String pgError) {
            total++;
            boolean same = pgRejects == miglintReports;
            boolean modelled = MODELLED.contains(c.kind());
            long[] k = byKind.computeIfAbsent(c.kind(), x -> new long[4]);
            long[] o = byOp.computeIfAbsent(c.op(), x -> new long[4]);
            for (long[] a : new long[][] {k, o}) {
                a[0]++;
                if (same) {
                    a[1]++;
                } else if (pgRejects) {
                    a[2]++;
                } else {
                    a[3]++;
                }
            }
            if (modelled) {
                modelledTotal++;
            }
            if (same) {
                agree++;
                if (modelled) {
                    modelledAgree++;
                }
                return;
            }
            if (pgRejects) {
                missed++;
                if (missedTexts.size() < 1_000) {
                    missedTexts.add(c.text() + "\n[" + pgError + "]");
                }
            } else {
                falseErrors++;
            }
            String key = (pgRejects ? "missed " : "false error ") + c.kind() + " / " + c.op();
            List<String> list = examples.computeIfAbsent(key, x -> new ArrayList<>());
            if (list.size() < 5) {
                // a false error is shown whole: it is what must be fixed first
                String text = c.text().length() > 300 && pgRejects ? c.text().substring(0, 300) + "…" : c.text();
                list.add(text.replaceAll("\\s+", " ") + (pgError == null ? "" : "   [" + pgError + "]"));
            }
        }

        void print(PrintStream out, String title) {
            out.printf(
                    Locale.ROOT,
                    "%s: %d texts, %d agree (%.3f%%), %d missed, %d false errors, %d skipped%n",
                    title,
                    total,
                    agree,
                    pct(agree, total),
                    missed,
                    falseErrors,
                    skipped);
            out.printf(
                    Locale.ROOT,
                    "  of modelled kinds: %d texts, %d agree (%.3f%%)%n",
                    modelledTotal,
                    modelledAgree,
                    pct(modelledAgree, modelledTotal));
            out.println("  by kind (texts, agree %, missed, false errors):");
            byKind.forEach((k, a) -> out.printf(
                    Locale.ROOT,
                    "    %-28s %7d %8.3f%% %6d %6d%s%n",
                    k,
                    a[0],
                    pct(a[1], a[0]),
                    a[2],
                    a[3],
                    MODELLED.contains(k) ? "" : "  (not modelled)"));
            out.println("  by mutation:");
            byOp.forEach((k, a) ->
                    out.printf(Locale.ROOT, "    %-28s %7d %8.3f%% %6d %6d%n", k, a[0], pct(a[1], a[0]), a[2], a[3]));
        }

        void printExamples(PrintStream out) {
            examples.forEach((k, list) -> {
                out.println("  " + k + ":");
                list.forEach(e -> out.println("      " + e));
            });
        }

        static double pct(long a, long b) {
            return b == 0 ? 100.0 : 100.0 * a / b;
        }
    }

    private ParseDifferential() {}

    /** Whether miglint's {@code syntax-error} rule reports something in {@code text}, read as one file. */
    static boolean miglintReports(String text) {
        List<RawStatement> raws =
                StatementSplitter.split(new SourceText("mutant.sql", text)).statements();
        for (int i = 0; i < raws.size(); i++) {
            ParsedStatement p = PARSER.parse(raws.get(i), i);
            if (SyntaxError.reports(p)) {
                return true;
            }
        }
        return false;
    }

    /** The statements of one file: plain SQL only (no psql meta-commands, COPY data or psql variables). */
    static List<Unit> units(String origin, String text) {
        SourceText src = new SourceText(origin, text);
        List<RawStatement> raws = StatementSplitter.split(src).statements();
        List<Unit> out = new ArrayList<>();
        for (int i = 0; i < raws.size(); i++) {
            RawStatement raw = raws.get(i);
            if (raw.kind() != RawStatement.Kind.SQL || raw.body().isEmpty() || usesPsqlVariable(raw)) {
                continue;
            }
            int base = raw.span().start();
            List<int[]> tokens = new ArrayList<>();
            List<Token> words = new ArrayList<>();
            for (Token t : raw.tokens()) {
                tokens.add(new int[] {t.start() - base, t.end() - base});
                words.add(t);
            }
            String next = null;
            if (i + 1 < raws.size()
                    && raws.get(i + 1).kind() == RawStatement.Kind.SQL
                    && !usesPsqlVariable(raws.get(i + 1))
                    && !raws.get(i + 1).body().isEmpty()) {
                next = raws.get(i + 1).text();
            }
            out.add(new Unit(kind(raw.body()), raw.text(), tokens, words, next, origin));
        }
        return out;
    }

    /** {@code :name}, {@code :'name'}, {@code :"name"}: psql replaces them before PostgreSQL sees the text. */
    private static boolean usesPsqlVariable(RawStatement raw) {
        List<Token> ts = raw.tokens();
        for (int i = 0; i + 1 < ts.size(); i++) {
            Token t = ts.get(i);
            Token n = ts.get(i + 1);
            if (t.isPunct(':')
                    && n.start() == t.end()
                    && (n.kind() == TokenKind.WORD
                            || n.kind() == TokenKind.STRING
                            || n.kind() == TokenKind.QUOTED_IDENT)) {
                return true;
            }
        }
        return false;
    }

    /** The command's leading words: "alter table", "create index", "drop", "insert", … */
    static String kind(List<Token> body) {
        List<String> words = new ArrayList<>();
        for (Token t : body) {
            if (t.kind() != TokenKind.WORD || words.size() == 4) {
                break;
            }
            words.add(t.lower());
        }
        if (words.isEmpty()) {
            return body.get(0).isPunct('(') ? "select" : "(other)";
        }
        String verb = words.get(0);
        switch (verb) {
            case "create" -> {
                int i = 1;
                while (i < words.size()
                        && Set.of(
                                        "or",
                                        "replace",
                                        "unique",
                                        "temp",
                                        "temporary",
                                        "unlogged",
                                        "global",
                                        "local",
                                        "recursive",
                                        "constraint",
                                        "trusted",
                                        "procedural",
                                        "default")
                                .contains(words.get(i))) {
                    i++;
                }
                if (i >= words.size()) {
                    return "create";
                }
                String what = words.get(i);
                return "materialized".equals(what) ? "create materialized view" : "create " + what;
            }
            case "alter" -> {
                if (words.size() > 1
                        && (words.get(1).equals("table") || words.get(1).equals("type"))) {
                    return "alter " + words.get(1);
                }
                if (words.size() > 2
                        && words.get(1).equals("foreign")
                        && words.get(2).equals("table")) {
                    return "alter table";
                }
                return words.size() > 1 ? "alter " + words.get(1) : "alter";
            }
            case "drop" -> {
                return words.size() > 1 && DROPPABLE.contains(words.get(1)) ? "drop" : "drop (other)";
            }
            case "comment" -> {
                return "comment on";
            }
            default -> {
                return verb;
            }
        }
    }

    /** Every statement of the corpus files, or of the given fallback files when the corpus is absent. */
    static List<List<Unit>> load(List<Path> files) {
        List<List<Unit>> out = new ArrayList<>();
        for (Path f : files) {
            try {
                out.add(units(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The corpus's .sql files; empty when it is absent. */
    static List<Path> corpusFiles() {
        Path corpus = Corpus.location();
        return Files.isDirectory(corpus) ? Corpus.sqlFiles(corpus) : List.of();
    }

    private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);

    /** The project's own SQL: rule pages' sql blocks, rule cases and sample migrations, each as one file. */
    static List<List<Unit>> projectSql(Path project) {
        List<List<Unit>> out = new ArrayList<>();
        try (Stream<Path> pages = Files.list(project.resolve("rules"))) {
            for (Path page :
                    pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher m = SQL_BLOCK.matcher(Files.readString(page));
                int n = 0;
                while (m.find()) {
                    out.add(units(page + "#" + n++, m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> files = new ArrayList<>(Corpus.sqlFiles(project.resolve("src/test/resources/rules")));
        files.addAll(Corpus.sqlFiles(project.resolve("migrations-samples")));
        out.addAll(load(files));
        return out;
    }

    /** {@code count} mutants drawn with {@code seed} from the statements of {@code files}. */
    static List<Case> mutants(List<List<Unit>> files, int count, long seed) {
        List<Unit> all = new ArrayList<>();
        files.forEach(all::addAll);
        Random random = new Random(seed);
        List<Case> out = new ArrayList<>(count);
        String[] ops = {"delete", "duplicate", "swap", "misspell", "no-semicolon"};
        int attempts = 0;
        while (out.size() < count && !all.isEmpty() && attempts++ < count * 20) {
            Unit u = all.get(random.nextInt(all.size()));
            String op = ops[random.nextInt(ops.length)];
            String text = mutate(u, op, random);
            if (text != null && !text.equals(u.text())) {
                out.add(new Case(u.kind(), op, text));
            }
        }
        return out;
    }

    /** One mutant of {@code u}, or null when the mutation does not apply. */
    static String mutate(Unit u, String op, Random random) {
        String s = u.text();
        List<int[]> ts = u.tokens();
        int n = ts.size();
        if (s.endsWith(";")) {
            n--; // the terminating ';' is not mutated except by no-semicolon
        }
        if (n == 0) {
            return null;
        }
        int i = random.nextInt(n);
        int[] t = ts.get(i);
        switch (op) {
            case "delete" -> {
                return s.substring(0, t[0]) + s.substring(t[1]);
            }
            case "duplicate" -> {
                return s.substring(0, t[1]) + " " + s.substring(t[0], t[1]) + s.substring(t[1]);
            }
            case "swap" -> {
                if (i + 1 >= n) {
                    return null;
                }
                int[] v = ts.get(i + 1);
                return s.substring(0, t[0])
                        + s.substring(v[0], v[1])
                        + s.substring(t[1], v[0])
                        + s.substring(t[0], t[1])
                        + s.substring(v[1]);
            }
            case "misspell" -> {
                Token w = u.words().get(i);
                if (w.kind() != TokenKind.WORD) {
                    return null;
                }
                String word = s.substring(t[0], t[1]);
                if (random.nextBoolean() && i + 1 < n && u.words().get(i + 1).kind() == TokenKind.WORD) {
                    int[] v = ts.get(i + 1);
                    return s.substring(0, t[0]) + word + "_" + s.substring(v[0], v[1]) + s.substring(v[1]);
                }
                if (word.length() < 2) {
                    return null;
                }
                int k = random.nextInt(word.length());
                return s.substring(0, t[0]) + word.substring(0, k) + word.substring(k + 1) + s.substring(t[1]);
            }
            case "no-semicolon" -> {
                if (u.next() == null || !s.endsWith(";")) {
                    return null;
                }
                return s.substring(0, s.length() - 1) + "\n" + u.next();
            }
            default -> throw new IllegalArgumentException(op);
        }
    }

    /** Judges every case with both parsers. */
    static Tally run(List<Case> cases, PostgresParserOracle pg) throws IOException {
        Tally tally = new Tally();
        for (Case c : cases) {
            String error;
            try {
                error = pg.parseError(c.text());
            } catch (IllegalArgumentException e) {
                tally.skipped++;
                continue;
            }
            tally.add(c, error != null, miglintReports(c.text()), error);
        }
        return tally;
    }

    /** The corpus's statements as cases, each as written. */
    static List<Case> statements(List<List<Unit>> files) {
        List<Case> out = new ArrayList<>();
        files.forEach(f -> f.forEach(u -> out.add(new Case(u.kind(), "as written", u.text()))));
        return out;
    }

    /** {@code [mutants [seed]]}: the whole corpus as written, then that many mutants (default 100,000). */
    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20_261_206L;
        List<Path> files = corpusFiles();
        List<List<Unit>> units = files.isEmpty() ? projectSql(Path.of(".")) : load(files);
        long started = System.nanoTime();
        try (PostgresParserOracle pg = PostgresParserOracle.local()) {
            Tally asWritten = run(statements(units), pg);
            asWritten.print(System.out, files.isEmpty() ? "project SQL as written" : "corpus statements as written");
            asWritten.printExamples(System.out);
            Tally mutated = run(mutants(units, count, seed), pg);
            mutated.print(System.out, "mutants (seed " + seed + ")");
            mutated.printExamples(System.out);
        }
        System.out.printf(Locale.ROOT, "time: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}
