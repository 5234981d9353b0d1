package io.miglint.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The argument reader for the common forms of {@code miglint check}, used before picocli is touched.
 *
 * <p>Why by hand: a pre-commit hook runs {@code check} on every commit, and picocli spends most of a single-file
 * run's start-up building its command model (its converter registry and the reflection over the annotated options:
 * about 45 ms of a 0.25 s run on an idle machine, bench/single-file-latency.sh). This reader knows only the plain
 * options below, fills the same {@link CheckCommand} fields picocli would, and gives up (returns {@code null}) on
 * anything else — help, version, {@code --verify} and its options, {@code @argument-files}, clustered or unknown
 * options, a missing or option-like value, a number that is not plain digits — so picocli stays the one parser of
 * every other form and of every usage error. CheckArgsTest compares both readers field by field for every option.
 */
final class CheckArgs {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    private CheckArgs() {}

    /** The filled command, or {@code null} when picocli must read these arguments. */
    static CheckCommand read(String[] args) {
        CheckCommand c = new CheckCommand();
        boolean positionalOnly = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (positionalOnly || !arg.startsWith("-")) {
                    if (arg.startsWith("@") && !positionalOnly) {
                        return null; // picocli expands @argument-files
                    }
                    c.paths.add(Path.of(arg));
                    continue;
                }
                if (arg.equals("--")) {
                    positionalOnly = true;
                    continue;
                }
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                switch (name) {
                    case "--stats":
                        if (value != null || c.stats) {
                            return null;
                        }
                        c.stats = true;
                        continue;
                    case "--skip-unrelated-files":
                        if (value != null || c.skipUnrelatedFiles) {
                            return null;
                        }
                        c.skipUnrelatedFiles = true;
                        continue;
                    case "--verbose":
                        if (value != null || c.report.verbose) {
                            return null;
                        }
                        c.report.verbose = true;
                        continue;
                    default:
                        break;
                }
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("-") || args[i + 1].startsWith("@")) {
                        return null;
                    }
                    value = args[++i];
                }
                switch (name) {
                    case "--format":
                        c.report.formats.add(value);
                        break;
                    case "--enable":
                        c.enable.add(value);
                        break;
                    case "--disable":
                        c.disable.add(value);
                        break;
                    case "-o":
                    case "--output":
                        if (c.report.output != null) {
                            return null;
                        }
                        c.report.output = Path.of(value);
                        break;
                    case "--color":
                        if (c.report.color != null) {
                            return null;
                        }
                        c.report.color = value;
                        break;
                    case "--config":
                        if (c.config != null) {
                            return null;
                        }
                        c.config = Path.of(value);
                        break;
                    case "--baseline":
                        if (c.baseline != null) {
                            return null;
                        }
                        c.baseline = Path.of(value);
                        break;
                    case "--table-stats":
                        if (c.tableStats != null) {
                            return null;
                        }
                        c.tableStats = Path.of(value);
                        break;
                    case "--layout":
                        if (c.layout != null) {
                            return null;
                        }
                        c.layout = value;
                        break;
                    case "--fail-on":
                        if (c.failOn != null) {
                            return null;
                        }
                        c.failOn = value;
                        break;
                    case "--deploy":
                        if (c.deploy != null) {
                            return null;
                        }
                        c.deploy = value;
                        break;
                    case "--live-since":
                        if (c.liveSince != null) {
                            return null;
                        }
                        c.liveSince = value;
                        break;
                    case "--changed-since":
                        if (c.changedSince != null) {
                            return null;
                        }
                        c.changedSince = value;
                        break;
                    case "--pg-version":
                        if (c.pgVersion != null || !DIGITS.matcher(value).matches()) {
                            return null;
                        }
                        c.pgVersion = Integer.valueOf(value);
                        break;
                    default:
                        return null;
                }
            }
        } catch (InvalidPathException e) {
            return null;
        }
        return c;
    }
}
