package io.miglint.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.rule.Category;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rules.registry.RuleRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/rules.md is generated from the rule metadata and the squawk mapping; this test fails when the committed file
 * is stale. Regenerate: {@code mvn test -Dtest=RulesDocTest -Dmiglint.updateDocs=true}.
 */
class RulesDocTest {
    static final Path PROJECT = Path.of(System.getProperty("miglint.projectDir", "."));
    static final Path DOC = PROJECT.resolve("docs/rules.md");

    record SquawkRow(String squawk, List<String> ours, String note) {}

    static List<SquawkRow> squawkMapping() throws IOException {
        List<SquawkRow> rows = new ArrayList<>();
        try (InputStream in = RulesDocTest.class.getResourceAsStream("/docs/squawk-2.66-rules.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                List<String> ours = cols[1].equals("-") ? List.of() : List.of(cols[1].split(",\\s*"));
                rows.add(new SquawkRow(cols[0], ours, cols.length > 2 ? cols[2] : ""));
            }
        }
        rows.sort((a, b) -> a.squawk().compareTo(b.squawk()));
        return rows;
    }

    static String render() throws IOException {
        List<RuleDescriptor> rules = io.miglint.cli.RuleCatalog.all();
        StringBuilder md = new StringBuilder();
        md.append("# Rules\n\n")
                .append("Generated from the rule metadata by `RulesDocTest` ")
                .append("(`mvn test -Dtest=RulesDocTest -Dmiglint.updateDocs=true`); do not edit by hand.\n\n")
                .append(rules.size())
                .append(" rules: the lint rules, and the findings of the verifier, the release ")
                .append(
                        "gate and the baseline. The severity is the default, set by the [severity policy](severity.md). ")
                .append("Every id below, whatever reports it, is handled the same way: turned on or off with ")
                .append("`--enable ID`/`--disable ID` or under `rules:` in `.miglint.yaml` (`ID: off`), given another ")
                .append("severity there (`ID: warning`), and silenced where it points with `-- miglint:ignore ID ")
                .append("reason` before its statement or `-- miglint:ignore-file ID reason` in its file (the one way ")
                .append("for a finding about a whole file, such as a file name). Opt-in ids are off until enabled. ")
                .append("Online-only ids report a harm that exists only while other sessions use the database or ")
                .append("code of the previous release still runs (a lock, a name old code uses): they are off under ")
                .append(
                        "`deploy: offline` (migrations run while the application is stopped) until enabled, and do not ")
                .append("run on the migrations from before `live-since:` (the day the database went live). ")
                .append("Each id links to its page (also `miglint explain ID`), whose examples run as tests.\n");
        for (Category c : Category.values()) {
            List<RuleDescriptor> inCat =
                    rules.stream().filter(r -> r.category() == c).toList();
            if (inCat.isEmpty()) {
                continue;
            }
            md.append("\n## ")
                    .append(Character.toUpperCase(c.label().charAt(0)))
                    .append(c.label().substring(1))
                    .append("\n\n| rule | severity | summary | PostgreSQL | opt-in | online only |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (RuleDescriptor r : inCat) {
                String pg = r.minPg() <= 10 && r.maxPg() >= 18
                        ? "all"
                        : r.maxPg() >= 18 ? "≥ " + r.minPg() : r.minPg() + "–" + r.maxPg();
                md.append("| [`")
                        .append(r.id())
                        .append("`](../rules/")
                        .append(r.id())
                        .append(".md) | ")
                        .append(r.defaultSeverity().label())
                        .append(" | ")
                        .append(r.summary())
                        .append(" | ")
                        .append(pg)
                        .append(" | ")
                        .append(r.optIn() ? "yes" : "")
                        .append(" | ")
                        .append(r.onlineOnly() ? "yes" : "")
                        .append(" |\n");
            }
        }
        md.append("\n## Rule options\n\n")
                .append("The keys each rule reads under `options: {ID: {key: value}}` in `.miglint.yaml`, declared by ")
                .append("the rule; any other key, or a value of another type, is refused at its line.\n\n")
                .append("| rule | option | type | what it does |\n|---|---|---|---|\n");
        for (RuleDescriptor r : rules) {
            for (io.miglint.rule.RuleOption o : RuleRegistry.options(r.id())) {
                md.append("| [`")
                        .append(r.id())
                        .append("`](../rules/")
                        .append(r.id())
                        .append(".md) | `")
                        .append(o.name())
                        .append("` | ")
                        .append(o.type().words())
                        .append(" | ")
                        .append(o.description())
                        .append(" |\n");
            }
        }
        md.append("\n## squawk 2.66 rules and their miglint counterparts\n\n")
                .append("Every squawk rule, with the miglint rule that answers it or the reason there is none.\n\n")
                .append("| squawk | miglint | note |\n|---|---|---|\n");
        for (SquawkRow row : squawkMapping()) {
            String ours = row.ours().isEmpty()
                    ? "—"
                    : row.ours().stream()
                            .map(id -> "[`" + id + "`](../rules/" + id + ".md)")
                            .collect(Collectors.joining(", "));
            md.append("| `")
                    .append(row.squawk())
                    .append("` | ")
                    .append(ours)
                    .append(" | ")
                    .append(row.note())
                    .append(" |\n");
        }
        return md.toString();
    }

    @Test
    void squawkMappingNamesOnlyExistingRulesAndGivesAReasonForEveryGap() throws IOException {
        Set<String> ids = RuleRegistry.instances().stream()
                .map(r -> r.descriptor().id())
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> problems = new ArrayList<>();
        for (SquawkRow row : squawkMapping()) {
            for (String id : row.ours()) {
                if (!ids.contains(id)) {
                    problems.add(row.squawk() + " -> " + id + " (no such miglint rule)");
                }
            }
            if (row.ours().isEmpty() && row.note().isBlank()) {
                problems.add(row.squawk() + " has neither a miglint rule nor a reason");
            }
        }
        assertEquals(List.of(), problems);
    }

    /** A rule's page explains every option it declares (by its key). */
    @Test
    void everyDeclaredOptionIsOnItsRulesPage() throws IOException {
        List<String> missing = new ArrayList<>();
        for (RuleDescriptor r : io.miglint.cli.RuleCatalog.all()) {
            for (io.miglint.rule.RuleOption o : RuleRegistry.options(r.id())) {
                String page = Files.readString(PROJECT.resolve(r.page()));
                if (!page.contains(o.name())) {
                    missing.add(r.id() + ": " + o.name());
                }
            }
        }
        assertEquals(List.of(), missing, "options not explained on their rule's page");
    }

    @Test
    void docsRulesMdIsUpToDate() throws IOException {
        String expected = render();
        if (Boolean.getBoolean("miglint.updateDocs")) {
            Files.writeString(DOC, expected);
        }
        String actual = Files.exists(DOC) ? Files.readString(DOC) : "";
        assertEquals(
                expected,
                actual,
                "docs/rules.md is stale: regenerate with " + "mvn test -Dtest=RulesDocTest -Dmiglint.updateDocs=true");
    }
}
