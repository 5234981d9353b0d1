package io.miglint.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.miglint.diagnostic.ToolError;
import io.miglint.engine.LintReport;
import io.miglint.rule.Finding;
import io.miglint.rule.Location;
import io.miglint.rule.Severity;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A GitLab Code Quality report (the {@code artifacts: reports: codequality:} file), as GitLab documents it
 * (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format): one JSON array of objects with
 * {@code description}, {@code check_name}, {@code fingerprint}, {@code severity} ({@code info}, {@code minor},
 * {@code major}, {@code critical} or {@code blocker}) and {@code location} ({@code path} relative to the repository
 * root, {@code lines.begin}); GitLab ignores any other property, so none is written. No byte order mark (GitLab's
 * parser rejects one).
 *
 * <p>GitLab keys the findings of a report by fingerprint (a second one with the same fingerprint replaces the first)
 * and compares fingerprints between the merge request and its target branch to tell new findings from fixed ones. So
 * a fingerprint is the finding's identity ({@link Fingerprints#of}: rule, file, statement, key; never the line, which
 * moves when a migration above grows), made unique where two findings share it (the same statement twice in one
 * file): the second and later ones in report order hash their occurrence number in as well.
 *
 * <p>Active findings only: GitLab has no notion of a suppressed finding. Tool errors that name a file (an unreadable
 * migration) are reported at that file, so a merge request shows what could not be checked; the others have no file
 * for GitLab to show them at and are left to the job log.
 */
public final class GitlabReporter implements Reporter {

    private final Path workingDirectory;

    /** Paths relative to the process's working directory: the repository root in a GitLab CI job. */
    public GitlabReporter() {
        this(Path.of("").toAbsolutePath());
    }

    public GitlabReporter(Path workingDirectory) {
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    @Override
    public void write(LintReport report, Writer out) throws IOException {
        ArrayNode issues = JsonReporter.MAPPER.createArrayNode();
        Map<String, Integer> seen = new HashMap<>();
        for (Finding f : report.active()) {
            Location at = f.location();
            issue(
                    issues,
                    f.message(),
                    f.ruleId(),
                    unique(Fingerprints.of(f), seen),
                    severity(f.severity()),
                    RepositoryPath.of(workingDirectory, at.displayPath(), at.file()),
                    at.line());
        }
        for (ToolError e : report.errors()) {
            if (e.file() == null) {
                continue;
            }
            String path = RepositoryPath.of(workingDirectory, e.file(), null);
            String fingerprint = Fingerprints.sha256Hex(
                    "miglint tool error\0" + e.kind().label() + "\0" + path + "\0" + e.message());
            issue(issues, e.message(), e.kind().label(), unique(fingerprint, seen), "critical", path, e.line());
        }
        JsonReporter.writePretty(issues, out);
    }

    private static void issue(
            ArrayNode issues,
            String description,
            String checkName,
            String fingerprint,
            String severity,
            String path,
            int line) {
        ObjectNode n = issues.addObject()
                .put("description", description.strip())
                .put("check_name", checkName)
                .put("fingerprint", fingerprint)
                .put("severity", severity);
        n.putObject("location").put("path", path).putObject("lines").put("begin", Math.max(1, line));
    }

    /** The fingerprint itself the first time; then hashed with how many times it came before. */
    private static String unique(String fingerprint, Map<String, Integer> seen) {
        int before = seen.merge(fingerprint, 1, Integer::sum) - 1;
        return before == 0 ? fingerprint : Fingerprints.sha256Hex(fingerprint + "\0" + before);
    }

    /**
     * miglint's three levels on GitLab's five: an error fails at deploy or rollback ({@code critical}); a warning runs
     * but hurts production ({@code major}); an info is a convention ({@code info}). {@code minor} and {@code blocker}
     * are not used.
     */
    static String severity(Severity severity) {
        return switch (severity) {
            case ERROR -> "critical";
            case WARNING -> "major";
            case INFO -> "info";
        };
    }
}
