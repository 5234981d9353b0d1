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
        CommandLine cli;
        if (args.length > 0 && args[0].equals("check")) {
            // pre-commit runs `check` on every commit: building only its command model saves picocli's
            // reflection over every other subcommand (about a third of a single-file run).
            cli = new CommandLine(new CheckCommand());
            cli.setCommandName("miglint check");
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        } else {
            cli = new CommandLine(new MiglintCommand());
        }
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
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // picocli hands only Exceptions to the handler above; a JVM error would end in a stack trace.
            err.println("miglint: internal error: " + e.getClass().getSimpleName()
                    + (e instanceof OutOfMemoryError ? " (give the JVM more heap with MIGLINT_JAVA_OPTS=-Xmx…, or "
                    + "check fewer files at once)" : "") + " (please report it; MIGLINT_DEBUG=1 shows the stack trace)");
            if (System.getenv("MIGLINT_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return ExitCode.INTERNAL;
        }
    }

    private static String subcommandName(CommandLine c) {
        if (c.getParent() == null) {
            return c.getCommandName().startsWith("miglint ") ? c.getCommandName().substring(8) + " " : "";
        }
        return c.getCommandName() + " ";
    }
}
