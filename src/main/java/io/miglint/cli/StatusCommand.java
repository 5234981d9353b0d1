package io.miglint.cli;

import io.miglint.gate.MigrationStatus;
import io.miglint.gate.StatusRenderer;
import io.miglint.verify.DatabaseUnavailableException;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = ToolVersion.class,
        abbreviateSynopsis = true,
        description = {
            "List each migration's state on the target database (read-only).",
            "applied, pending, missing-locally, edited (checksum mismatch), out-of-order or failed/dirty. Exit 0 "
                    + "when clean, 1 when something needs attention."
        })
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json or markdown.")
    String format = "text";

    @Override
    public Integer call() throws IOException {
        if (!format.matches("(?i)text|json|markdown|md")) {
            throw new UsageException("--format '" + format + "' is not text, json or markdown");
        }
        DatabaseOptions.Resolved r = database.resolve();
        try {
            MigrationStatus status = MigrationStatus.read(r.target(), r.set(), r.ledger());
            StatusRenderer.render(
                    status, r.target().toString(), format, spec.commandLine().getOut());
            return status.clean() ? ExitCode.CLEAN : ExitCode.FINDINGS;
        } catch (DatabaseUnavailableException e) {
            spec.commandLine().getErr().println("miglint: " + e.getMessage());
            return ExitCode.DATABASE_UNAVAILABLE;
        }
    }
}
