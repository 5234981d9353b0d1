package io.miglint.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.cli.RuleCatalog;
import io.miglint.rule.Category;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/severity.md is enforced: every rule's default severity fits its category (or is one of the exceptions the
 * policy names, each with its reason), and every rule page says why in a {@code ## Severity} section that opens with
 * the default ({@code **info**: …}).
 */
class SeverityPolicyTest {
    static final Path PROJECT = Path.of(System.getProperty("miglint.projectDir", "."));

    private static final Map<Category, Set<Severity>> BY_CATEGORY = new EnumMap<>(Map.ofEntries(
            Map.entry(Category.SYNTAX, Set.of(Severity.ERROR)),
            Map.entry(Category.TRANSACTIONS, Set.of(Severity.ERROR)),
            Map.entry(Category.GATE, Set.of(Severity.ERROR)),
            Map.entry(Category.VERIFY, Set.of(Severity.ERROR)),
            Map.entry(Category.LOCKING, Set.of(Severity.WARNING, Severity.INFO)),
            Map.entry(Category.COMPATIBILITY, Set.of(Severity.WARNING, Severity.INFO)),
            Map.entry(Category.DATA, Set.of(Severity.WARNING)),
            Map.entry(Category.SECURITY, Set.of(Severity.WARNING)),
            Map.entry(Category.REVERSIBILITY, Set.of(Severity.WARNING)),
            Map.entry(Category.SCHEMA, Set.of(Severity.WARNING, Severity.INFO)),
            Map.entry(Category.NAMING, Set.of(Severity.INFO)),
            Map.entry(Category.PAIRING, Set.of(Severity.INFO)),
            Map.entry(Category.IDEMPOTENCY, Set.of(Severity.INFO)),
            Map.entry(Category.TYPES, Set.of(Severity.INFO)),
            Map.entry(Category.TOOL, Set.of(Severity.WARNING, Severity.INFO))));

    /** The rules whose default differs from their category's, as docs/severity.md lists them. */
    private static final Map<String, Severity> EXCEPTIONS = Map.ofEntries(
            Map.entry("add-column-not-null-no-default", Severity.ERROR),
            Map.entry("drop-index-of-constraint", Severity.ERROR),
            Map.entry("index-qualified-by-table", Severity.ERROR),
            Map.entry("drop-wrong-kind", Severity.ERROR),
            Map.entry("dbmate-multiple-sections", Severity.ERROR),
            Map.entry("goose-statement-split", Severity.ERROR),
            Map.entry("frozen-time-literal", Severity.ERROR),
            Map.entry("migration-filename", Severity.ERROR),
            Map.entry("version-duplicate", Severity.ERROR),
            Map.entry("version-timestamp-invalid", Severity.WARNING),
            Map.entry("up-missing", Severity.WARNING),
            Map.entry("prefer-bigint", Severity.WARNING),
            Map.entry("verify-dangerous-lock", Severity.WARNING),
            Map.entry("verify-table-rewrite", Severity.WARNING),
            Map.entry("verify-psql-command-skipped", Severity.INFO),
            Map.entry("verify-needs-superuser", Severity.WARNING),
            Map.entry("gate-replay-version", Severity.INFO));

    private static final Pattern SEVERITY_SECTION = Pattern.compile("(?ms)^## Severity\\s*\\n(.*?)(?=^## |\\z)");

    @Test
    void everyDefaultFitsItsCategoryOrIsANamedException() {
        List<String> problems = new ArrayList<>();
        for (RuleDescriptor d : RuleCatalog.all()) {
            Severity exception = EXCEPTIONS.get(d.id());
            boolean fits = exception != null
                    ? exception == d.defaultSeverity()
                    : BY_CATEGORY.get(d.category()).contains(d.defaultSeverity());
            if (!fits) {
                problems.add(d.id() + " (" + d.category().label() + ") is "
                        + d.defaultSeverity().label()
                        + (exception != null
                                ? ", the policy says " + exception.label()
                                : ", the policy allows " + BY_CATEGORY.get(d.category())));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void thePolicyPageNamesEveryException() throws IOException {
        String policy = Files.readString(PROJECT.resolve("docs/severity.md"));
        List<String> unnamed = EXCEPTIONS.keySet().stream()
                .sorted()
                .filter(id -> !policy.contains("`" + id + "`"))
                .toList();
        assertEquals(List.of(), unnamed);
    }

    @Test
    void everyPageSaysWhyItsSeverityIsWhatItIs() throws IOException {
        List<String> problems = new ArrayList<>();
        for (RuleDescriptor d : RuleCatalog.all()) {
            Path page = PROJECT.resolve("rules/" + d.id() + ".md");
            if (!Files.isRegularFile(page)) {
                problems.add(d.id() + ": no page");
                continue;
            }
            Matcher m = SEVERITY_SECTION.matcher(Files.readString(page));
            if (!m.find()) {
                problems.add(d.id() + ": no '## Severity' section");
                continue;
            }
            String text = m.group(1).strip();
            String opening = "**" + d.defaultSeverity().label() + "**:";
            if (!text.startsWith(opening)) {
                problems.add(d.id() + ": '## Severity' does not open with " + opening + " (default "
                        + d.defaultSeverity().label() + ")");
            } else if (text.length() - opening.length() < 30 || text.split("\\.\\s").length > 3) {
                problems.add(d.id() + ": '## Severity' should give the reason in one or two sentences");
            }
        }
        assertEquals(List.of(), problems);
    }
}
