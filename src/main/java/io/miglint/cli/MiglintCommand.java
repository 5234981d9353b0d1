package io.miglint.cli;

import picocli.CommandLine.Command;

@Command(
        name = "miglint",
        mixinStandardHelpOptions = true,
        versionProvider = ToolVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Lint and verify PostgreSQL schema migrations, and gate their release.",
            "`miglint COMMAND --help` shows a command's options."
        },
        subcommands = {
            CheckCommand.class,
            VerifyCommand.class,
            StatusCommand.class,
            GateCommand.class,
            ApplyCommand.class,
            ForceCommand.class,
            RulesCommand.class,
            ExplainCommand.class,
            BaselineCommand.class,
            TableStatsCommand.class,
            NewCommand.class,
            CacheCommand.class
        },
        optionListHeading = "%nOptions:%n",
        footer = {
            "",
            "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or configuration error, "
                    + "3 internal error, 4 database unavailable, 5 some input could not be read."
        })
public final class MiglintCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
