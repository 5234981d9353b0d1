package io.miglint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReporterTest {

    private static JsonNode render() throws IOException {
        StringWriter out = new StringWriter();
        new JsonReporter().write(ReportFixtures.sample(), out);
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void hasTheDocumentedFields() throws IOException {
        JsonNode root = render();
        assertEquals("miglint", root.at("/tool/name").asText());
        assertEquals("0.1.0-test", root.at("/tool/version").asText());
        JsonNode first = root.at("/findings/0");
        for (String field : List.of(
                "ruleId",
                "severity",
                "message",
                "help",
                "file",
                "line",
                "column",
                "endLine",
                "endColumn",
                "migration",
                "fingerprint")) {
            assertTrue(first.has(field), field);
        }
        assertEquals(
                "db/migrations/20240101120000_create orders.up.sql",
                first.get("file").asText());
        assertEquals(3, first.get("line").asInt());
        assertEquals("up", first.at("/migration/direction").asText());
        assertEquals(
                Fingerprints.of(ReportFixtures.sample().findings().get(0)),
                first.get("fingerprint").asText());
        assertTrue(!first.has("suppressed"), "only suppressed findings carry 'suppressed'");
        assertEquals("inSource", root.at("/findings/2/suppressed/kind").asText());
        assertEquals("external", root.at("/findings/4/suppressed/kind").asText());
        assertEquals(
                "fails when orders has rows,\r\nthe column has no default: <none>",
                root.at("/findings/1/message").asText(),
                "messages are kept verbatim");
    }

    @Test
    void summaryCountsActiveFindingsOnly() throws IOException {
        JsonNode summary = render().get("summary");
        assertEquals(1, summary.get("errors").asInt());
        assertEquals(1, summary.get("warnings").asInt());
        assertEquals(1, summary.get("infos").asInt());
        assertEquals(2, summary.get("suppressed").asInt());
        assertEquals(4, summary.get("files").asInt());
    }

    @Test
    void errorsAndStatsAreListed() throws IOException {
        JsonNode root = render();
        assertEquals("unreadable-file", root.at("/errors/0/kind").asText());
        assertEquals("db/migrations/3_bad bytes.sql", root.at("/errors/0/file").asText());
        assertEquals(2, root.at("/errors/0/line").asInt());
        assertTrue(root.at("/errors/1/file").isNull());
        assertEquals("golang-migrate", root.at("/stats/0/layout").asText());
        assertEquals(9, root.at("/stats/0/parsedByJsqlparser").asInt());
    }
}
