package io.miglint.report;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.miglint.diagnostic.ToolError;
import io.miglint.engine.FolderStats;
import io.miglint.engine.LintReport;
import io.miglint.rule.Finding;
import io.miglint.rule.Location;
import io.miglint.rule.MigrationRef;
import io.miglint.rule.Suppression;
import java.io.IOException;
import java.io.Writer;

/**
 * The machine-readable report. Every finding is listed, suppressed ones with a {@code suppressed} object, so scripts
 * can audit suppressions; {@code summary} counts only active findings, as the exit code does.
 */
public final class JsonReporter implements Reporter {

    /** Also SARIF's: DEL, C1 and bidi controls written as {@code \\u202e} escapes (lossless; see {@link Escape}). */
    static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setCharacterEscapes(Escape.jsonEscapes());
    }

    @Override
    public void write(LintReport report, Writer out) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("tool").put("name", "miglint").put("version", report.toolVersion());
        ArrayNode findings = root.putArray("findings");
        for (Finding f : report.findings()) {
            findings.add(finding(f));
        }
        ArrayNode errors = root.putArray("errors");
        for (ToolError e : report.errors()) {
            ObjectNode n = errors.addObject()
                    .put("kind", e.kind().label())
                    .put("message", e.message())
                    .put("file", e.file());
            if (e.line() > 0) {
                n.put("line", e.line()).put("column", Math.max(1, e.column()));
            } else {
                n.putNull("line").putNull("column");
            }
        }
        Summary s = Summary.of(report);
        root.putObject("summary")
                .put("errors", s.errors())
                .put("warnings", s.warnings())
                .put("infos", s.infos())
                .put("suppressed", s.suppressed())
                .put("toolErrors", s.toolErrors())
                .put("files", s.files());
        if (!report.timings().isEmpty()) {
            ArrayNode timings = root.putArray("timings");
            for (io.miglint.engine.Timing t : report.timings()) {
                timings.addObject()
                        .put("file", t.file())
                        .put("line", t.line())
                        .put("direction", t.direction())
                        .put("pass", t.pass())
                        .put("millis", t.millis());
            }
        }
        ArrayNode stats = root.putArray("stats");
        for (FolderStats st : report.stats()) {
            ObjectNode folder = stats.addObject().put("folder", st.folder()).put("layout", st.layout());
            if (st.layoutAlsoFits() != null) {
                folder.put("layoutAlsoFits", st.layoutAlsoFits());
            }
            folder.put("migrations", st.migrations())
                    .put("files", st.files())
                    .put("statements", st.statements())
                    .put("parsedByJsqlparser", st.parsedByJsqlparser())
                    .put("recognized", st.recognized())
                    .put("unparsed", st.unparsed())
                    .put("understoodRatio", st.understoodRatio());
            ArrayNode runs = folder.putArray("executions");
            for (FolderStats.Executions e : st.executions()) {
                runs.addObject()
                        .put("reason", e.reason())
                        .put("wrapped", e.wrapped())
                        .put("singleQuery", e.singleQuery())
                        .put("up", e.up())
                        .put("down", e.down())
                        .put("ownTransaction", e.ownTransaction());
            }
        }
        writePretty(root, out);
    }

    private static ObjectNode finding(Finding f) {
        Location at = f.location();
        ObjectNode n = MAPPER.createObjectNode()
                .put("ruleId", f.ruleId())
                .put("severity", f.severity().label())
                .put("message", f.message())
                .put("help", f.help())
                .put("file", at.displayPath())
                .put("line", at.line())
                .put("column", at.column())
                .put("endLine", at.endLine())
                .put("endColumn", at.endColumn());
        MigrationRef m = f.migration();
        if (m == null) {
            n.putNull("migration");
        } else {
            n.putObject("migration")
                    .put("version", m.version())
                    .put("name", m.name())
                    .put(
                            "direction",
                            m.direction() == null ? null : m.direction().label());
        }
        n.put("fingerprint", Fingerprints.of(f));
        if (!f.related().isEmpty()) {
            var related = n.putArray("related");
            for (Finding.Related r : f.related()) {
                related.addObject()
                        .put("message", r.message())
                        .put("line", r.location().line())
                        .put("column", r.location().column())
                        .put("endLine", r.location().endLine())
                        .put("endColumn", r.location().endColumn());
            }
        }
        if (f.suppressed()) {
            Suppression sup = f.suppression();
            n.putObject("suppressed").put("kind", kindLabel(sup.kind())).put("justification", sup.justification());
        }
        return n;
    }

    /** SARIF's spelling, so the two formats agree: inSource / external. */
    static String kindLabel(Suppression.Kind kind) {
        return switch (kind) {
            case IN_SOURCE -> "inSource";
            case EXTERNAL -> "external";
        };
    }

    /**
     * Two-space indentation, \n line ends on every platform (golden files and diffs stay stable), final newline,
     * {@link Escape#json} applied: every JSON file miglint writes.
     */
    public static void writePretty(Object tree, Writer out) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(
                        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        out.write(Escape.json(MAPPER.writer(printer).writeValueAsString(tree)));
        out.write("\n");
    }
}
