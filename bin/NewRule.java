import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a new lint rule's three pieces: its class (from docs/writing-a-rule.md's template), its line in
 * RuleRegistry.RULES (in id order), and its page skeleton under rules/. Run through bin/new-rule.
 * Usage: java bin/NewRule.java [--root DIR] ID CATEGORY [SEVERITY]
 */
public final class NewRule {
    private static final Set<String> CATEGORIES = Set.of("naming", "pairing", "syntax", "locking", "transactions",
            "compatibility", "idempotency", "reversibility", "data", "security", "schema", "types", "tool");
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern RULE_ID = Pattern.compile("@RuleInfo\\(\\s*id\\s*=\\s*\"([^\"]+)\"");
    private static final String REGISTRY = "src/main/java/io/miglint/rules/registry/RuleRegistry.java";

    public static void main(String[] args) throws IOException {
        List<String> a = new ArrayList<>(List.of(args));
        Path root = Path.of(".");
        if (a.size() >= 2 && a.get(0).equals("--root")) {
            root = Path.of(a.get(1));
            a = a.subList(2, a.size());
        }
        if (a.size() < 2 || a.size() > 3) {
            fail("usage: bin/new-rule ID CATEGORY [error|warning|info]   (e.g. bin/new-rule drop-trigger locking)");
        }
        String id = a.get(0);
        String category = a.get(1).toLowerCase(Locale.ROOT);
        String severity = a.size() == 3 ? a.get(2).toLowerCase(Locale.ROOT) : "warning";
        if (!ID.matcher(id).matches()) {
            fail("'" + id + "' is not a kebab-case id (lower-case words joined by '-')");
        }
        if (!CATEGORIES.contains(category)) {
            fail("'" + category + "' is not a category; one of " + String.join(", ", CATEGORIES.stream().sorted()
                    .toList()));
        }
        if (!Set.of("error", "warning", "info").contains(severity)) {
            fail("'" + severity + "' is not error, warning or info (see docs/severity.md for which)");
        }
        String cls = className(id);
        Path classFile = root.resolve("src/main/java/io/miglint/rules/" + category + "/" + cls + ".java");
        Path page = root.resolve("rules/" + id + ".md");
        Path registry = root.resolve(REGISTRY);
        if (Files.exists(page) || Files.exists(classFile)) {
            fail("rule " + id + " exists already (" + (Files.exists(page) ? page : classFile) + ")");
        }
        String entry = "            io.miglint.rules." + category + "." + cls + ".class,";
        List<String> lines = new ArrayList<>(Files.readAllLines(registry, StandardCharsets.UTF_8));
        int at = insertionPoint(root, lines, id);
        lines.add(at, entry);
        Files.createDirectories(classFile.getParent());
        Files.writeString(classFile, classText(id, category, cls, severity), StandardCharsets.UTF_8);
        Files.writeString(page, pageText(id, severity), StandardCharsets.UTF_8);
        Files.write(registry, lines, StandardCharsets.UTF_8);
        System.out.println("wrote " + root.relativize(classFile) + ", " + root.relativize(page) + " and a line in "
                + REGISTRY);
        System.out.println("next: write check(), the page's examples, then "
                + "mvn test -Dtest='RuleDocsTest,RuleRegistryTest' and regenerate docs/rules.md "
                + "(mvn test -Dtest=RulesDocTest -Dmiglint.updateDocs=true)");
    }

    /** The line before which the new id sorts, among RULES' entries (each one's id read from its class). */
    private static int insertionPoint(Path root, List<String> lines, String id) throws IOException {
        Pattern entry = Pattern.compile("\\s*io\\.miglint\\.rules\\.([a-z]+)\\.([A-Za-z0-9]+)\\.class,?\\s*");
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = entry.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            last = i;
            Path f = root.resolve("src/main/java/io/miglint/rules/" + m.group(1) + "/" + m.group(2) + ".java");
            Matcher r = RULE_ID.matcher(Files.readString(f, StandardCharsets.UTF_8));
            if (r.find() && r.group(1).compareTo(id) > 0) {
                return i;
            }
        }
        if (last < 0) {
            fail("no RULES entries found in " + REGISTRY);
        }
        if (!lines.get(last).trim().endsWith(",")) {
            lines.set(last, lines.get(last) + ",");
        }
        return last + 1;
    }

    static String className(String id) {
        StringBuilder b = new StringBuilder();
        for (String w : id.split("-")) {
            b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return b.toString();
    }

    private static String classText(String id, String category, String cls, String severity) {
        return """
                package io.miglint.rules.%2$s;

                import io.miglint.model.ParsedStatement;
                import io.miglint.model.Statement;
                import io.miglint.rule.Category;
                import io.miglint.rule.RuleContext;
                import io.miglint.rule.RuleInfo;
                import io.miglint.rule.Severity;
                import io.miglint.rule.StatementRule;

                /**
                 * TODO what goes wrong in production, and when the rule stays silent (a table created in the same
                 * script, a down that restores what its up changed, ...).
                 */
                @RuleInfo(id = "%1$s", summary = "TODO one line: what is wrong", severity = Severity.%4$s,
                        category = Category.%5$s)
                public final class %3$s implements StatementRule {
                    @Override
                    public void check(ParsedStatement s, RuleContext ctx) {
                        if (!(s.node() instanceof Statement.AlterTable at)
                                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())) {
                            return;
                        }
                        // TODO report what is wrong: the consequence, then the safe alternative built from the
                        // statement's own parts, e.g.
                        // ctx.report(s, "… on " + at.table() + ": <consequence>").help("<safe alternative>");
                    }
                }
                """.formatted(id, category, cls, severity.toUpperCase(Locale.ROOT),
                category.toUpperCase(Locale.ROOT));
    }

    private static String pageText(String id, String severity) {
        return """
                # %1$s

                TODO the rule's summary, as in its @RuleInfo.

                ## Problem

                TODO what PostgreSQL does, what it costs in production, and when the rule stays silent.

                ## Severity

                **%2$s**: TODO why, in the terms of docs/severity.md.

                ## Anti-pattern

                ```sql setup
                CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY);
                ```

                ```sql
                -- expect: %1$s
                TODO the statement the rule reports;
                ```

                ## Best practice

                ```sql
                TODO the same change done safely (must lint clean and run on PostgreSQL);
                ```

                ## Links

                - [PostgreSQL documentation](https://www.postgresql.org/docs/current/)
                """.formatted(id, severity);
    }

    private static void fail(String message) {
        System.err.println("new-rule: " + message);
        System.exit(2);
    }
}
