package io.miglint.report;

import io.miglint.engine.LintReport;
import java.io.IOException;
import java.io.Writer;

/** Renders one run in one output format. Reporters never close {@code out}. */
public interface Reporter {
    void write(LintReport report, Writer out) throws IOException;
}
