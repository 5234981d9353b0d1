package io.miglint.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.miglint.rule.Category;
import io.miglint.rule.Finding;
import io.miglint.rule.Rule;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rules.registry.RuleRegistry;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import io.miglint.sql.Token;
import io.miglint.testing.LintFixture;
import io.miglint.testing.RuleDocPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docs are tests: every rules/&lt;id&gt;.md page's SQL blocks are linted. In "Anti-pattern" blocks a comment
 * {@code -- expect: id[, id]} before a statement says that statement must be flagged by those rules, and
 * {@code -- expect-file: id} that the file must be; any other finding of those rules fails the test. "Best practice"
 * blocks are linted with every default rule (file naming and pairing rules aside, unless the page is about one) and
 * must be clean. Regression cases in src/test/resources/rules/&lt;id&gt;.cases.sql use the same markers.
 */
class RuleDocsTest {
    static final Path PROJECT = Path.of(System.getProperty("miglint.projectDir", "."));
    static final Path RULES = PROJECT.resolve("rules");
    static final Path CASES = PROJECT.resolve("src/test/resources/rules");
    private static final Pattern EXPECT = Pattern.compile("--\\s*expect(-file)?:\\s*([a-z0-9, -]+)");

    @TempDir
    Path tmp;

    static List<RuleDescriptor> rules() {
        return RuleRegistry.instances().stream().map(Rule::descriptor).toList();
    }

    /** Ids reported by the tool itself rather than by a rule over SQL: they need a page, but have no SQL to expect. */
    static final List<RuleDescriptor> TOOL_NOTICES = io.miglint.cli.RuleCatalog.toolFindings();

    /** The id's page, with a problem added for it missing or for each of the four sections it lacks. */
    private static RuleDocPage pageWithFourSections(RuleDescriptor d, List<String> problems) throws IOException {
        Path page = RULES.resolve(d.id() + ".md");
        if (!Files.isRegularFile(page)) {
            problems.add(d.id() + ": no rules/" + d.id() + ".md");
            return null;
        }
        RuleDocPage p = RuleDocPage.read(page);
        for (String s : List.of("Problem", "Anti-pattern", "Best practice", "Links")) {
            if (!p.sections().contains(s)) {
                problems.add(d.id() + ": missing section '## " + s + "'");
            }
        }
        return p;
    }

    @Test
    void everyToolNoticeHasAPageWithTheFourSectionsAndNoLintedSql() throws IOException {
        List<String> problems = new ArrayList<>();
        for (RuleDescriptor d : TOOL_NOTICES) {
            RuleDocPage p = pageWithFourSections(d, problems);
            if (p == null) {
                continue;
            }
            p.blocks().stream()
                    .filter(b -> !b.has("nolint"))
                    .forEach(b -> problems.add(d.id() + ": line " + b.line() + ": sql block without nolint"));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyRuleHasAPageWithTheFourSections() throws IOException {
        List<String> problems = new ArrayList<>();
        for (RuleDescriptor d : rules()) {
            RuleDocPage p = pageWithFourSections(d, problems);
            if (p == null) {
                continue;
            }
            boolean hasExpect = p.blocks().stream()
                    .anyMatch(b -> b.section().equals("Anti-pattern")
                            && !b.has("nolint")
                            && b.sql().matches("(?s).*--\\s*expect(-file)?:[^\\n]*\\b" + d.id() + "\\b.*"));
            if (!hasExpect
                    && !d.category().equals(Category.VERIFY)
                    && !d.category().equals(Category.GATE)) {
                problems.add(d.id() + ": no anti-pattern block expecting " + d.id());
            }
        }
        try (Stream<Path> pages = Files.list(RULES)) {
            Set<String> ids =
                    new TreeSet<>(rules().stream().map(RuleDescriptor::id).toList());
            TOOL_NOTICES.forEach(d -> ids.add(d.id()));
            pages.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".md"))
                    .map(n -> n.substring(0, n.length() - 3))
                    .filter(id -> !ids.contains(id))
                    .forEach(id -> problems.add("rules/" + id + ".md: no such rule"));
        }
        assertEquals(List.of(), problems);
    }

    /**
     * A rule that {@code deploy: offline} turns off says so, and why, on its page; no other page claims to be off
     * there.
     */
    @Test
    void theOnlineOnlyRulesAndNoOthersSayThatDeployOfflineTurnsThemOff() throws IOException {
        List<String> problems = new ArrayList<>();
        for (RuleDescriptor d : rules()) {
            Path page = RULES.resolve(d.id() + ".md");
            if (!Files.isRegularFile(page)) {
                continue;
            }
            boolean says = Files.readString(page).contains("Under `deploy: offline`");
            if (d.onlineOnly() && !says) {
                problems.add(d.id() + ": online-only, but its page does not say that `deploy: offline` turns it off");
            } else if (!d.onlineOnly() && says) {
                problems.add(d.id() + ": its page says `deploy: offline` turns it off, but it is not online-only");
            }
        }
        assertEquals(List.of(), problems);
    }

    @TestFactory
    Stream<DynamicTest> docBlocks() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (RuleDescriptor d : rules()) {
            Path page = RULES.resolve(d.id() + ".md");
            if (!Files.isRegularFile(page)) {
                continue;
            }
            for (RuleDocPage.Example e : RuleDocPage.read(page).examples()) {
                RuleDocPage.Block b = e.block();
                boolean anti = b.section().equals("Anti-pattern");
                boolean best = b.section().equals("Best practice");
                if (!anti && !best) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(
                        d.id() + " " + b.section() + " (" + page.getFileName() + ":" + b.line() + ")",
                        () -> check(d, b.sql(), e.setup(), e.up(), LintFixture.Group.NONE, b.options(), anti, anti)));
            }
        }
        return tests.stream();
    }

    static final Path SNAPSHOTS = CASES.resolve("snapshots");

    /**
     * Whole diagnostics, pinned: for every page, each anti-pattern block's findings as a user sees them (statement,
     * id, severity, span, message, help) must equal src/test/resources/rules/snapshots/&lt;id&gt;.txt. A change to a
     * message or a help shows as a diff to review; {@code -Dmiglint.updateSnapshots=true} rewrites the files.
     */
    @TestFactory
    Stream<DynamicTest> pageSnapshots() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (RuleDescriptor d : rules()) {
            Path page = RULES.resolve(d.id() + ".md");
            if (!Files.isRegularFile(page)) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(d.id(), () -> {
                StringBuilder out = new StringBuilder();
                for (RuleDocPage.Example e : RuleDocPage.read(page).examples()) {
                    RuleDocPage.Block b = e.block();
                    if (!b.section().equals("Anti-pattern")) {
                        continue;
                    }
                    Linted linted = lint(d, b.sql(), e.setup(), e.up(), LintFixture.Group.NONE, b.options(), true);
                    out.append("## ")
                            .append(page.getFileName())
                            .append(':')
                            .append(b.line())
                            .append('\n');
                    for (Finding f : linted.reported()) {
                        var l = f.location();
                        out.append(linted.where(f))
                                .append(" | ")
                                .append(f.ruleId())
                                .append(" | ")
                                .append(f.severity().label())
                                .append(" | ")
                                .append(l.line())
                                .append(':')
                                .append(l.column())
                                .append('-')
                                .append(l.endLine())
                                .append(':')
                                .append(l.endColumn())
                                .append("\n  message: ")
                                .append(f.message())
                                .append("\n  help: ")
                                .append(f.help() == null ? "" : f.help())
                                .append('\n');
                    }
                }
                Path file = SNAPSHOTS.resolve(d.id() + ".txt");
                String actual = out.toString();
                if (Boolean.getBoolean("miglint.updateSnapshots")) {
                    Files.createDirectories(SNAPSHOTS);
                    Files.writeString(file, actual);
                }
                String expected = Files.exists(file) ? Files.readString(file) : "";
                assertEquals(
                        expected,
                        actual,
                        file + " differs: review the change, then rewrite the snapshots with "
                                + "mvn test -Dtest=RuleDocsTest -Dmiglint.updateSnapshots=true");
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> regressionCases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        if (!Files.isDirectory(CASES)) {
            return Stream.empty();
        }
        Map<String, RuleDescriptor> byId = new LinkedHashMap<>();
        rules().forEach(r -> byId.put(r.id(), r));
        try (Stream<Path> files = Files.list(CASES)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".cases.sql"))
                    .sorted()
                    .toList()) {
                String name = f.getFileName().toString();
                String id = name.substring(0, name.length() - ".cases.sql".length());
                RuleDescriptor d = byId.get(id);
                if (d == null) {
                    tests.add(DynamicTest.dynamicTest(name, () -> fail(name + ": no rule " + id)));
                    continue;
                }
                for (RegressionCase c : RegressionCase.read(Files.readString(f))) {
                    tests.add(DynamicTest.dynamicTest(
                            id + ": " + c.title(),
                            () -> check(d, c.example(), c.setup(), c.up(), c.group(), c.options(), true, false)));
                }
            }
        }
        return tests.stream();
    }

    /** A case in a .cases.sql file: {@code -- case: title}, optional {@code -- options: k=v …},
     * {@code -- setup:}, {@code -- up:} and {@code -- example:} markers; for popx, {@code -- earlier-up:},
     * {@code -- earlier-down:}, {@code -- later-up:} and {@code -- later-down:} give the files of the example's group
     * numbered just before and just after it ({@link LintFixture.Group}). */
    record RegressionCase(
            String title,
            Map<String, String> options,
            String setup,
            String up,
            String example,
            LintFixture.Group group) {
        static List<RegressionCase> read(String text) {
            List<RegressionCase> out = new ArrayList<>();
            String[] parts = text.split("(?m)^-- case:");
            for (int i = 1; i < parts.length; i++) {
                String part = parts[i];
                int nl = part.indexOf('\n');
                String title = part.substring(0, nl < 0 ? part.length() : nl).trim();
                String body = nl < 0 ? "" : part.substring(nl + 1);
                Map<String, String> options = new LinkedHashMap<>();
                Matcher om = Pattern.compile("(?m)^-- options:(.*)$").matcher(body);
                if (om.find()) {
                    for (String o : om.group(1).trim().split("\\s+")) {
                        int eq = o.indexOf('=');
                        if (!o.isEmpty()) {
                            options.put(eq < 0 ? o : o.substring(0, eq), eq < 0 ? "" : o.substring(eq + 1));
                        }
                    }
                    body = body.substring(0, om.start()) + body.substring(om.end());
                }
                String setup = section(body, "setup");
                String up = section(body, "up");
                String example = section(body, "example");
                if (example == null) {
                    example = body;
                }
                LintFixture.Group group = new LintFixture.Group(
                        section(body, "earlier-up"),
                        section(body, "earlier-down"),
                        section(body, "later-up"),
                        section(body, "later-down"));
                out.add(new RegressionCase(
                        title, options, setup == null ? "" : setup, up == null ? "" : up, example, group));
            }
            return out;
        }

        private static String section(String body, String name) {
            Matcher m = Pattern.compile("(?ms)^-- " + name + ":\\s*$(.*?)(?=^-- (?:setup|up|example|"
                            + "earlier-up|earlier-down|later-up|later-down):\\s*$|\\z)")
                    .matcher(body);
            return m.find() ? m.group(1) : null;
        }
    }

    /** What linting one example gives: the findings of the rules it considers, placed in its statements. */
    private record Linted(
            LintFixture.Result result, SourceText source, List<RawStatement> statements, Set<String> considered) {
        /** "statement N" or "file" for a finding. */
        String where(Finding f) {
            int offset = source.lineStart(f.location().line()) + f.location().column() - 1;
            for (int i = 0; i < statements.size(); i++) {
                RawStatement st = statements.get(i);
                int from = st.comments().isEmpty()
                        ? st.span().start()
                        : Math.min(st.comments().get(0).start(), st.span().start());
                if (from <= offset
                        && offset <= st.span().end()
                        && !(f.location().line() == 1
                                && f.location().column() == 1
                                && f.location().endLine() == 1
                                && f.location().endColumn() == 1)) {
                    return "statement " + (i + 1);
                }
            }
            return "file";
        }

        List<Finding> reported() {
            return result.findings().stream()
                    .filter(f -> considered.contains(f.ruleId()) && !f.suppressed())
                    .toList();
        }
    }

    private Linted lint(
            RuleDescriptor rule,
            String sql,
            String setup,
            String up,
            LintFixture.Group group,
            Map<String, String> options,
            boolean antiPattern)
            throws IOException {
        Path dir = Files.createTempDirectory(tmp, "doc");
        int pg = Integer.parseInt(options.getOrDefault("pg", "15"));
        String layout = options.getOrDefault("layout", "numbered");
        boolean down = options.containsKey("down");
        LintFixture.Example ex = new LintFixture.Example(
                layout,
                pg,
                setup,
                up,
                sql,
                down,
                options.get("file"),
                options.containsKey("no-transaction"),
                group,
                options.get("when"));

        Map<String, String> settings = new LinkedHashMap<>();
        Set<String> considered = new TreeSet<>();
        if (antiPattern) {
            for (RuleDescriptor r : rules()) {
                settings.put(r.id(), "off");
            }
            Matcher m = EXPECT.matcher(sql);
            considered.add(rule.id());
            while (m.find()) {
                for (String id : m.group(2).split("[,\\s]+")) {
                    if (!id.isBlank()) {
                        considered.add(id.trim());
                    }
                }
            }
            considered.forEach(id -> settings.put(id, "on"));
        } else {
            settings.put(rule.id(), "on");
            for (RuleDescriptor r : rules()) {
                boolean fileRule = r.category() == Category.NAMING || r.category() == Category.PAIRING;
                if (fileRule && !r.id().equals(rule.id())) {
                    settings.put(r.id(), "off");
                } else if (!r.optIn() || r.id().equals(rule.id())) {
                    considered.add(r.id());
                }
            }
        }
        LintFixture.Result result = LintFixture.lint(dir, ex, settings);
        SourceText source = new SourceText("example", result.exampleText());
        return new Linted(result, source, StatementSplitter.split(source).statements(), considered);
    }

    private void check(
            RuleDescriptor rule,
            String sql,
            String setup,
            String up,
            LintFixture.Group group,
            Map<String, String> options,
            boolean antiPattern,
            boolean markerRequired)
            throws IOException {
        Linted linted = lint(rule, sql, setup, up, group, options, antiPattern);
        LintFixture.Result result = linted.result();
        SourceText source = linted.source();
        List<RawStatement> statements = linted.statements();

        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < statements.size(); i++) {
            for (Token c : statements.get(i).comments()) {
                if (c.end() > statements.get(i).span().start()) {
                    continue;
                }
                Matcher m = EXPECT.matcher(source.slice(c.start(), c.end()));
                if (m.find()) {
                    for (String id : m.group(2).split("[,\\s]+")) {
                        if (!id.isBlank()) {
                            expected.add((m.group(1) != null ? "file" : "statement " + (i + 1)) + ": " + id.trim());
                        }
                    }
                }
            }
        }
        Matcher fileMarks =
                Pattern.compile("--\\s*expect-file:\\s*([a-z0-9, -]+)").matcher(result.exampleText());
        while (fileMarks.find()) {
            for (String id : fileMarks.group(1).split("[,\\s]+")) {
                if (!id.isBlank()) {
                    expected.add("file: " + id.trim());
                }
            }
        }
        Set<String> actual = new TreeSet<>();
        List<String> details = new ArrayList<>();
        for (Finding f : linted.reported()) {
            String where = linted.where(f);
            actual.add(where + ": " + f.ruleId());
            details.add(where + ": " + f.ruleId() + " " + f.location().line() + ":"
                    + f.location().column() + " " + f.message());
        }
        if (!antiPattern) {
            assertTrue(
                    actual.isEmpty(),
                    "best practice must be clean, got " + details
                            + (result.errors().isEmpty() ? "" : " errors " + result.errors()));
            return;
        }
        // A regression case without markers is a "must stay silent" case; a doc anti-pattern block must show a finding.
        assertFalse(markerRequired && expected.isEmpty(), "an anti-pattern block needs at least one -- expect: marker");
        assertEquals(
                expected,
                actual,
                "findings " + details + (result.errors().isEmpty() ? "" : " errors " + result.errors()));
        // "-- help: text": some finding of the case's rule has a help holding that text (regression cases pin the
        // part of a help they are about; the pages' helps are pinned whole by the snapshots)
        Matcher helps = Pattern.compile("(?m)^--\\s*help:\\s*(.+?)\\s*$").matcher(sql);
        while (helps.find()) {
            String text = helps.group(1);
            List<String> given = linted.reported().stream()
                    .filter(f -> f.ruleId().equals(rule.id()) && f.help() != null)
                    .map(Finding::help)
                    .toList();
            assertTrue(given.stream().anyMatch(h -> h.contains(text)), "no help holds \"" + text + "\": " + given);
        }
        // "-- message: text": the same for a finding's message (with its severity, "info: …", when the text starts so)
        Matcher messages = Pattern.compile("(?m)^--\\s*message:\\s*(.+?)\\s*$").matcher(sql);
        while (messages.find()) {
            String text = messages.group(1);
            List<String> given = linted.reported().stream()
                    .filter(f -> f.ruleId().equals(rule.id()))
                    .map(f -> f.severity().label() + ": " + f.message())
                    .toList();
            assertTrue(given.stream().anyMatch(m -> m.contains(text)), "no message holds \"" + text + "\": " + given);
        }
    }
}
