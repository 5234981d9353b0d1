package io.miglint.cli;

import io.miglint.gate.Applier;
import io.miglint.verify.DatabaseUnavailableException;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "force",
        mixinStandardHelpOptions = true,
        versionProvider = ToolVersion.class,
        abbreviateSynopsis = true,
        description = {
            "Clear a failed or dirty state after fixing it by hand.",
            "As the tool's users do: golang-migrate `force VERSION` (sets the version, dirty = false; -1 for "
                    + "none), sqlx's success = false row and Flyway's failed rows are deleted (the migration "
                    + "then runs again), miglint's interrupted-run mark is removed for the other layouts."
        })
public final class ForceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "VERSION",
            description = "The version the schema is at (golang-migrate), "
                    + "or the failed migration's; a Flyway repeatable by its file name (R__name.sql).")
    String version;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws IOException {
        DatabaseOptions.Resolved r = database.resolve();
        if (r.set().layout() == io.miglint.layout.LayoutKind.SQITCH) {
            throw new UsageException(io.miglint.gate.SqitchLedger.refusal());
        }
        try {
            String done = new Applier(
                            r.target(), r.set(), r.ledger(), spec.commandLine().getErr())
                    .force(version);
            if (done == null) {
                spec.commandLine()
                        .getErr()
                        .println("miglint: nothing to clear for version " + version + " in "
                                + r.ledger().table());
                return ExitCode.FINDINGS;
            }
            spec.commandLine().getOut().println("forced: " + done);
            return ExitCode.CLEAN;
        } catch (DatabaseUnavailableException e) {
            spec.commandLine().getErr().println("miglint: " + e.getMessage());
            return ExitCode.DATABASE_UNAVAILABLE;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
