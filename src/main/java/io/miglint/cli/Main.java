package io.miglint.cli;

import io.miglint.report.Escape;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Entry point. Bad input and usage errors become one line on stderr and an exit code, never a stack trace
 * (set MIGLINT_DEBUG=1 to see one for a bug report).
 */
public final class Main {
    private Main() {}

    @SuppressWarnings("DefaultCharset") // the console's own encoding, as System.out itself writes
    public static void main(String[] args) {
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        PrintWriter raw = new PrintWriter(System.err, true);
        // What the run still says after an interrupt is the noise of its work being torn down (connections closed
        // under it): stderr goes quiet once the one line is out.
        PrintWriter err = new PrintWriter(
                new java.io.Writer() {
                    @Override
                    public void write(char[] buf, int off, int len) {
                        if (!interrupted.get()) {
                            raw.write(buf, off, len);
                        }
                    }

                    @Override
                    public void flush() {
                        raw.flush();
                    }

                    @Override
                    public void close() {
                        raw.flush();
                    }
                },
                true);
        // Ctrl-C (SIGINT, SIGTERM): one line saying so, before the cleanup hooks drop what the run created, instead of
        // a silent stop in the middle of a report.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (!finished.get() && !interrupted.getAndSet(true)) {
                                raw.println(INTERRUPTED);
                            }
                        },
                        "miglint-interrupted"));
        int exit = run(args, new PrintWriter(System.out, true), err);
        finished.set(true);
        System.exit(exit);
    }

    /** What an interrupted run says, once. */
    static final String INTERRUPTED = "miglint: interrupted; scratch databases are being dropped, and a migration "
            + "that apply had started stays marked failed or dirty in its tracking table";

    public static int run(String[] args, PrintWriter out, PrintWriter rawErr) {
        // Messages quote file names, identifiers and database errors: nothing in them may drive the terminal or a CI
        // runner reading stderr (docs/security.md, "Output and files").
        PrintWriter err = Escape.guard(rawErr);
        try {
            return execute(args, out, err);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // picocli hands only Exceptions to its handler; a JVM error would end in a stack trace.
            err.println("miglint: internal error: " + e.getClass().getSimpleName()
                    + (e instanceof OutOfMemoryError
                            ? " (give the JVM more heap with MIGLINT_JAVA_OPTS=-Xmx…, or "
                                    + "check fewer files at once)"
                            : "")
                    + " (please report it; MIGLINT_DEBUG=1 shows the stack trace)");
            if (debug()) {
                e.printStackTrace(err);
            }
            return ExitCode.INTERNAL;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli;
        if (args.length > 0 && args[0].equals("check")) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            // pre-commit runs `check` on every commit: its plain forms skip picocli's start-up (see CheckArgs).
            CheckCommand plain = CheckArgs.read(rest);
            if (plain != null) {
                try {
                    return plain.run(out, err);
                } catch (Exception e) {
                    return failed(e, err);
                }
            }
            // Otherwise building only check's command model saves picocli's reflection over every other subcommand.
            cli = new CommandLine(new CheckCommand());
            cli.setCommandName("miglint check");
            args = rest;
        } else {
            cli = new CommandLine(new MiglintCommand());
        }
        HelpSections.install(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("miglint: " + ex.getMessage());
            if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
                // picocli's "Did you mean: check?" for a mistyped command or option; picocli finds no option it
                // deems close for a transposed or doubled letter (--fial-on), where the edit distance does.
                if (unmatched.getSuggestions().isEmpty()) {
                    optionSuggestion(unmatched)
                            .ifPresent(o -> err.println(
                                    "Did you mean: miglint " + subcommandName(ex.getCommandLine()) + o + "?"));
                } else {
                    // picocli's first suggestion for a command is by its own similarity, which puts `cache` before
                    // `check` for "chek": the edit distance decides among the commands it suggests
                    Optional<String> command = commandSuggestion(unmatched);
                    if (command.isPresent()) {
                        err.println(
                                "Did you mean: miglint " + subcommandName(ex.getCommandLine()) + command.get() + "?");
                    } else {
                        CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, err);
                    }
                }
            }
            err.println("Try 'miglint " + subcommandName(ex.getCommandLine()) + "--help'.");
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failed(ex, err));
        return cli.execute(args);
    }

    /** The subcommand closest to a mistyped command (the first unmatched argument), by edit distance. */
    private static Optional<String> commandSuggestion(CommandLine.UnmatchedArgumentException unmatched) {
        List<String> args = unmatched.getUnmatched();
        if (args.isEmpty() || args.get(0).startsWith("-")) {
            return Optional.empty();
        }
        return io.miglint.engine.Suggestion.closest(
                args.get(0), unmatched.getCommandLine().getSubcommands().keySet());
    }

    /** The option closest to the first unmatched argument that looks like an option, by edit distance. */
    private static java.util.Optional<String> optionSuggestion(CommandLine.UnmatchedArgumentException unmatched) {
        java.util.Optional<String> typed = unmatched.getUnmatched().stream()
                .filter(a -> a.startsWith("--"))
                .map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a)
                .findFirst();
        if (typed.isEmpty()) {
            return java.util.Optional.empty();
        }
        java.util.List<String> names = unmatched.getCommandLine().getCommandSpec().options().stream()
                .filter(o -> !o.hidden())
                .flatMap(o -> java.util.Arrays.stream(o.names()))
                .filter(n -> n.startsWith("--"))
                .toList();
        return io.miglint.engine.Suggestion.closest(typed.get(), names);
    }

    private static int failed(Exception ex, PrintWriter err) {
        if (ex instanceof UsageException) {
            err.println("miglint: " + Escape.inline(ex.getMessage()));
            return ExitCode.USAGE;
        }
        err.println("miglint: internal error: " + ex.getClass().getSimpleName()
                + (ex.getMessage() == null
                        ? ""
                        : ": " + Escape.inline(ex.getMessage().split("\n")[0]))
                + " (please report it; MIGLINT_DEBUG=1 shows the stack trace)");
        if (debug()) {
            ex.printStackTrace(err);
        }
        return ExitCode.INTERNAL;
    }

    /** {@code MIGLINT_DEBUG} is set: print the stack traces behind internal errors and crashed rules. */
    static boolean debug() {
        return System.getenv("MIGLINT_DEBUG") != null;
    }

    private static String subcommandName(CommandLine c) {
        if (c.getParent() == null) {
            return c.getCommandName().startsWith("miglint ")
                    ? c.getCommandName().substring(8) + " "
                    : "";
        }
        return c.getCommandName() + " ";
    }
}
