package io.miglint.report;

import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.Invocation;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.Notification;
import com.contrastsecurity.sarif.OriginalUriBaseIds;
import com.contrastsecurity.sarif.PartialFingerprints;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.PropertyBag;
import com.contrastsecurity.sarif.Region;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.ReportingDescriptorReference;
import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.miglint.diagnostic.ToolError;
import io.miglint.engine.LintReport;
import io.miglint.rule.Category;
import io.miglint.rule.Finding;
import io.miglint.rule.Location;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.Severity;
import io.miglint.rule.Suppression;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * SARIF 2.1.0 for GitHub code scanning and IDE viewers, built with java-sarif. File URIs are relative to
 * {@code %SRCROOT%}, which {@code originalUriBaseIds} points at the working directory, so the log is portable and
 * GitHub can map results onto the repository.
 */
public final class SarifReporter implements Reporter {

    static final String SRCROOT = "%SRCROOT%";
    static final String INFORMATION_URI = "https://github.com/miglint/miglint";
    static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

    private final Path workingDirectory;
    private final Function<String, Optional<String>> ruleDocs;

    /** Relative to the process's working directory, rule pages from the classpath ({@code rules/<id>.md}). */
    public SarifReporter() {
        this(Path.of("").toAbsolutePath(), SarifReporter::classpathRuleDoc);
    }

    /**
     * @param workingDirectory what {@code %SRCROOT%} stands for; display paths are relative to it
     * @param ruleDocs         the markdown page of a rule id, if there is one
     */
    public SarifReporter(Path workingDirectory, Function<String, Optional<String>> ruleDocs) {
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
        this.ruleDocs = ruleDocs;
    }

    /** The page {@code rules/<id>.md} shipped in the jar, if present. */
    public static Optional<String> classpathRuleDoc(String ruleId) {
        if (!ruleId.matches("[a-z0-9][a-z0-9-]*")) {
            return Optional.empty();
        }
        try (InputStream in = SarifReporter.class.getClassLoader().getResourceAsStream("rules/" + ruleId + ".md")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(LintReport report, Writer out) throws IOException {
        JsonReporter.writePretty(toTree(report), out);
    }

    /** The SARIF log as a JSON tree (what {@link #write} prints). */
    public ObjectNode toTree(LintReport report) {
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        Set<ReportingDescriptor> rules = new LinkedHashSet<>();
        for (RuleDescriptor rule : report.rules()) {
            if (ruleIndex.putIfAbsent(rule.id(), ruleIndex.size()) == null) {
                rules.add(rule(rule));
            }
        }
        // A finding of a rule the report does not describe (an engine-made notice) still needs a rules[] entry for
        // GitHub to display it.
        for (Finding f : report.findings()) {
            if (ruleIndex.putIfAbsent(f.ruleId(), ruleIndex.size()) == null) {
                rules.add(new ReportingDescriptor()
                        .withId(f.ruleId())
                        .withName(pascalCase(f.ruleId()))
                        .withShortDescription(new MultiformatMessageString().withText(f.ruleId())));
            }
        }

        List<Result> results = new ArrayList<>();
        for (Finding f : report.findings()) {
            results.add(result(f, ruleIndex.get(f.ruleId())));
        }

        List<Notification> notifications = new ArrayList<>();
        for (ToolError e : report.errors()) {
            notifications.add(notification(e));
        }

        Run run = new Run()
                .withTool(new Tool()
                        .withDriver(new ToolComponent()
                                .withName("miglint")
                                .withVersion(report.toolVersion())
                                .withInformationUri(URI.create(INFORMATION_URI))
                                .withRules(rules)))
                .withOriginalUriBaseIds(new OriginalUriBaseIds()
                        .withAdditionalProperty(
                                SRCROOT, new ArtifactLocation().withUri(directoryUri(workingDirectory))))
                .withInvocations(List.of(new Invocation()
                        .withExecutionSuccessful(report.errors().isEmpty())
                        .withExitCode(report.exitCode())
                        .withToolExecutionNotifications(notifications)))
                .withColumnKind(Run.ColumnKind.UTF_16_CODE_UNITS)
                .withResults(results);
        SarifSchema210 log = new SarifSchema210()
                .with$schema(URI.create(SCHEMA_URI))
                .withVersion(SarifSchema210.Version._2_1_0)
                .withRuns(List.of(run));

        ObjectNode tree = JsonReporter.MAPPER.valueToTree(log);
        restoreDefaults(tree, report);
        return tree;
    }

    /**
     * java-sarif leaves out every value equal to its schema default, and {@code "warning"} is the default level. GitHub
     * and several viewers do not apply that default, so a warning would lose its level: write it back.
     */
    private static void restoreDefaults(ObjectNode tree, LintReport report) {
        JsonNode run = tree.path("runs").path(0);
        JsonNode results = run.path("results");
        for (int i = 0; i < report.findings().size(); i++) {
            ObjectNode result = (ObjectNode) results.get(i);
            String level = level(report.findings().get(i).severity());
            ObjectNode ordered = JsonReporter.MAPPER.createObjectNode();
            result.properties().forEach(field -> {
                if (!field.getKey().equals("level")) {
                    ordered.set(field.getKey(), field.getValue());
                }
                if (field.getKey().equals("ruleIndex")) {
                    ordered.put("level", level);
                }
            });
            result.removeAll().setAll(ordered);
        }
        Map<String, Severity> defaults = new LinkedHashMap<>();
        report.rules().forEach(r -> defaults.putIfAbsent(r.id(), r.defaultSeverity()));
        for (JsonNode rule : run.path("tool").path("driver").path("rules")) {
            Severity severity = defaults.get(rule.path("id").asText());
            if (severity != null) {
                ((ObjectNode) rule).withObjectProperty("defaultConfiguration").put("level", level(severity));
            }
        }
        for (JsonNode notification : run.path("invocations").path(0).path("toolExecutionNotifications")) {
            ((ObjectNode) notification).put("level", "error");
        }
    }

    private ReportingDescriptor rule(RuleDescriptor rule) {
        Optional<String> page = ruleDocs.apply(rule.id());
        String helpMarkdown = page.map(String::strip).orElse(rule.summary());
        Set<String> tags = new LinkedHashSet<>();
        tags.add(rule.category().label());
        PropertyBag properties = new PropertyBag();
        if (rule.category() == Category.SECURITY) {
            tags.add("security");
            // GitHub ranks security alerts by this number: 7.0-8.9 is "high", 4.0-6.9 "medium", below "low".
            properties.withAdditionalProperty(
                    "security-severity",
                    switch (rule.defaultSeverity()) {
                        case ERROR -> "8.0";
                        case WARNING -> "5.0";
                        case INFO -> "2.0";
                    });
        }
        properties.withTags(tags);
        return new ReportingDescriptor()
                .withId(rule.id())
                .withName(pascalCase(rule.id()))
                .withShortDescription(new MultiformatMessageString().withText(rule.summary()))
                .withFullDescription(new MultiformatMessageString()
                        .withText(page.flatMap(SarifReporter::problemParagraph).orElse(rule.summary())))
                .withHelp(new MultiformatMessageString().withText(helpMarkdown).withMarkdown(helpMarkdown))
                .withHelpUri(URI.create(rule.helpUri()))
                .withDefaultConfiguration(new ReportingConfiguration()
                        .withLevel(ReportingConfiguration.Level.fromValue(level(rule.defaultSeverity()))))
                .withProperties(properties);
    }

    /** The first paragraph under {@code ## Problem} of a rule page: a longer description than the summary. */
    static Optional<String> problemParagraph(String page) {
        String[] lines = page.replace("\r\n", "\n").split("\n");
        StringBuilder paragraph = new StringBuilder();
        boolean inProblem = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                if (inProblem && paragraph.length() > 0) {
                    break;
                }
                inProblem = line.strip().equalsIgnoreCase("## Problem");
            } else if (inProblem) {
                if (line.isBlank()) {
                    if (paragraph.length() > 0) {
                        break;
                    }
                } else {
                    paragraph.append(paragraph.length() > 0 ? " " : "").append(line.strip());
                }
            }
        }
        return paragraph.length() == 0 ? Optional.empty() : Optional.of(paragraph.toString());
    }

    private Result result(Finding f, int index) {
        Result r = new Result()
                .withRuleId(f.ruleId())
                .withRuleIndex(index)
                .withLevel(Result.Level.fromValue(level(f.severity())))
                .withMessage(new Message().withText(f.message()))
                .withLocations(List.of(location(f.location())))
                .withPartialFingerprints(
                        new PartialFingerprints().withAdditionalProperty(Fingerprints.SARIF_KEY, Fingerprints.of(f)));
        if (!f.related().isEmpty()) {
            // The other statements of a finding told once for its transaction block; ids from 1, in source order.
            Set<com.contrastsecurity.sarif.Location> related = new java.util.LinkedHashSet<>();
            int id = 1;
            for (Finding.Related rel : f.related()) {
                related.add(location(rel.location()).withId(id++).withMessage(new Message().withText(rel.message())));
            }
            r.withRelatedLocations(related);
        }
        if (f.suppressed()) {
            Suppression s = f.suppression();
            r.withSuppressions(Set.of(new com.contrastsecurity.sarif.Suppression()
                    .withKind(
                            s.kind() == Suppression.Kind.IN_SOURCE
                                    ? com.contrastsecurity.sarif.Suppression.Kind.IN_SOURCE
                                    : com.contrastsecurity.sarif.Suppression.Kind.EXTERNAL)
                    .withJustification(s.justification())));
        }
        return r;
    }

    private com.contrastsecurity.sarif.Location location(Location at) {
        Region region = new Region().withStartLine(at.line()).withStartColumn(at.column());
        // An empty range (a whole-file finding points at 1:1-1:1) is left open: SARIF reads a region with only a
        // start as "from there", which viewers show as the line.
        if (at.endLine() > at.line() || (at.endLine() == at.line() && at.endColumn() > at.column())) {
            region.withEndLine(at.endLine()).withEndColumn(at.endColumn());
        }
        return new com.contrastsecurity.sarif.Location()
                .withPhysicalLocation(new PhysicalLocation()
                        .withArtifactLocation(artifact(at.displayPath(), at.file()))
                        .withRegion(region));
    }

    private Notification notification(ToolError e) {
        Notification n = new Notification()
                .withLevel(Notification.Level.ERROR)
                .withMessage(new Message().withText(e.message()))
                .withDescriptor(
                        new ReportingDescriptorReference().withId(e.kind().label()));
        if (e.file() != null) {
            PhysicalLocation physical = new PhysicalLocation().withArtifactLocation(artifact(e.file(), null));
            if (e.line() > 0) {
                physical.withRegion(new Region().withStartLine(e.line()).withStartColumn(Math.max(1, e.column())));
            }
            n.withLocations(Set.of(new com.contrastsecurity.sarif.Location().withPhysicalLocation(physical)));
        }
        return n;
    }

    /**
     * A display path as a URI relative to {@code %SRCROOT%}. A path the user gave as absolute is made relative to the
     * working directory: an absolute path in a SARIF log leaks the build machine's layout and GitHub rejects it.
     */
    private ArtifactLocation artifact(String displayPath, Path file) {
        return new ArtifactLocation()
                .withUri(RelativeUri.encode(RepositoryPath.of(workingDirectory, displayPath, file)))
                .withUriBaseId(SRCROOT);
    }

    private static String directoryUri(Path dir) {
        String uri = dir.toUri().toASCIIString();
        return uri.endsWith("/") ? uri : uri + "/";
    }

    static String level(Severity severity) {
        return switch (severity) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    /** {@code concurrent-index} → {@code ConcurrentIndex}, SARIF's convention for {@code rules[].name}. */
    static String pascalCase(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }
}
