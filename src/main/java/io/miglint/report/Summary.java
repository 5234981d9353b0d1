package io.miglint.report;

import io.miglint.engine.LintReport;
import io.miglint.rule.Severity;
import java.util.ArrayList;
import java.util.List;

/** The counts every format ends with, worded once so text and markdown say the same thing. */
record Summary(long errors, long warnings, long infos, long suppressed, int toolErrors, int files) {

    static Summary of(LintReport report) {
        return new Summary(
                report.count(Severity.ERROR),
                report.count(Severity.WARNING),
                report.count(Severity.INFO),
                report.suppressedCount(),
                report.errors().size(),
                report.filesChecked());
    }

    long active() {
        return errors + warnings + infos;
    }

    /** "3 errors, 2 warnings, 1 info", or "no findings". */
    String counts() {
        List<String> parts = new ArrayList<>();
        if (errors > 0) {
            parts.add(plural(errors, "error", "errors"));
        }
        if (warnings > 0) {
            parts.add(plural(warnings, "warning", "warnings"));
        }
        if (infos > 0) {
            parts.add(plural(infos, "info", "info"));
        }
        return parts.isEmpty() ? "no findings" : String.join(", ", parts);
    }

    String filesPhrase() {
        return plural(files, "file", "files");
    }

    /** "(1 suppressed, 1 tool error)" or "" when both are zero. */
    String extras() {
        List<String> parts = new ArrayList<>();
        if (suppressed > 0) {
            parts.add(suppressed + " suppressed");
        }
        if (toolErrors > 0) {
            parts.add(plural(toolErrors, "tool error", "tool errors"));
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    String line() {
        return counts() + " in " + filesPhrase() + extras();
    }

    static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
