package io.miglint.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point. Bad input and usage errors become one line on stderr and an exit code, never a stack trace
 * (set MIGLINT_DEBUG=1 to see one for a bug report).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new MiglintCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("miglint: " + ex.getMessage());
            err.println("Try 'miglint " + subcommandName(ex.getCommandLine()) + "--help'.");
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UsageException) {
                err.println("miglint: " + ex.getMessage());
                return ExitCode.USAGE;
            }
            err.println("miglint: internal error: " + ex.getClass().getSimpleName()
                    + (ex.getMessage() == null ? "" : ": " + ex.getMessage().split("\n")[0])
                    + " (please report it; MIGLINT_DEBUG=1 shows the stack trace)");
            if (System.getenv("MIGLINT_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return ExitCode.INTERNAL;
        });
        return cli.execute(args);
    }

    private static String subcommandName(CommandLine c) {
        return c.getParent() == null ? "" : c.getCommandName() + " ";
    }
}
