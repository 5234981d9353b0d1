package io.miglint.cli;

import io.miglint.layout.LayoutDetector;
import io.miglint.layout.LayoutGuess;
import io.miglint.layout.LayoutKind;
import io.miglint.rule.Finding;
import io.miglint.scaffold.MigrationScaffold;
import io.miglint.scaffold.PlannedFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        versionProvider = ToolVersion.class,
        abbreviateSynopsis = true,
        description = {
            "Create a migration named the way the folder's tool expects.",
            "Up and down files where the tool has them; prints the paths of the new files."
        })
public final class NewCommand implements Callable<Integer> {
    /** The folders `new` looks in when --dir is not given, in order. */
    static final List<String> DEFAULT_DIRS = List.of("migrations", "db/migrations");

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "NAME",
            description = "What the migration does, named the way the folder names its "
                    + "migrations (learned from its history; in a new folder snake_case, 2 to 5 words, starting with a "
                    + "verb): add_users_email.")
    String name;

    @Option(
            names = "--dir",
            paramLabel = "PATH",
            description = "The migrations folder. Default: ./migrations, else ./db/migrations, else the current one.")
    Path dir;

    @Option(
            names = "--layout",
            paramLabel = "LAYOUT",
            description = "golang-migrate, dbmate, sqlx, diesel, flyway, numbered, rollback-suffix, popx, "
                    + "liquibase, sqitch, goose, prisma or drizzle; required when the folder has no migrations yet.")
    String layout;

    Clock clock = Clock.systemUTC();

    /** What may stand between the version and the extension in a file name; the naming rules judge the rest. */
    private static final Pattern FILE_NAME_PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!FILE_NAME_PART.matcher(name).matches() || name.contains("..")) {
            throw new UsageException(
                    "'" + name + "' cannot be part of a file name; use snake_case words, e.g. " + "add_users_email");
        }
        Path folder = dir != null
                ? dir
                : DEFAULT_DIRS.stream()
                        .map(Path::of)
                        .filter(Files::isDirectory)
                        .findFirst()
                        .orElse(Path.of("."));
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UsageException(CheckPipeline.display(folder) + ": not a folder");
        }
        LayoutKind kind = layout(folder);
        List<PlannedFile> files;
        // sqitch's plan is changed, not created: a refused name puts it back as it was
        Path planFile = folder.resolve("sqitch.plan");
        byte[] planBefore = null;
        try {
            if (kind == LayoutKind.SQITCH && Files.isRegularFile(planFile)) {
                planBefore = Files.readAllBytes(planFile);
            }
            files = MigrationScaffold.plan(folder, kind, name, clock);
            MigrationScaffold.write(files);
        } catch (FileAlreadyExistsException e) {
            throw new UsageException(CheckPipeline.display(Path.of(e.getFile())) + ": already exists; not overwritten");
        } catch (IOException e) {
            throw new UsageException(CheckPipeline.display(folder) + ": cannot write the migration: " + e.getMessage());
        }
        List<Path> created = createdRoots(files, kind);
        List<Finding> naming;
        try {
            naming = NewMigrationNameCheck.findings(folder, kind, created);
        } catch (RuntimeException e) {
            remove(created);
            restore(files);
            throw e;
        }
        if (!naming.isEmpty()) {
            // An applied migration cannot be renamed with most tools: refuse now, while nothing refers to the files.
            boolean planExisted = planBefore != null;
            List<Path> written = new ArrayList<>(created);
            if (planExisted) {
                written.remove(planFile);
            }
            remove(written);
            if (kind == LayoutKind.SQITCH) {
                for (Path p : written) {
                    if (MigrationScaffold.sqitchPlan(new PlannedFile(p, ""))) {
                        continue; // its folder is the one named
                    }
                    try {
                        Files.deleteIfExists(p.getParent()); // deploy/, revert/, verify/ when new and now empty
                    } catch (IOException e) {
                        // not empty: it held scripts before
                    }
                }
            }
            if (planExisted) {
                try {
                    Files.write(planFile, planBefore);
                } catch (IOException e) {
                    throw new UsageException(
                            CheckPipeline.display(planFile) + ": cannot restore the plan: " + e.getMessage());
                }
            }
            restore(files);
            throw new UsageException("not created: "
                    + naming.stream()
                            .map(f -> f.message() + " [" + f.ruleId() + "]")
                            .distinct()
                            .collect(Collectors.joining("; ")));
        }
        for (PlannedFile f : files) {
            if (MigrationScaffold.sqitchPlan(f)) {
                // changed, not created: said on stderr, so stdout lists exactly the new files
                spec.commandLine()
                        .getErr()
                        .println("miglint: planned " + name + " at the end of " + CheckPipeline.display(f.path()));
            } else if (!f.path().endsWith(Path.of("meta", "_journal.json"))) {
                // drizzle-kit names the migration file only; its journal is bookkeeping
                out.println(CheckPipeline.display(f.path()));
            }
        }
        spec.commandLine().getErr().flush();
        out.flush();
        return ExitCode.CLEAN;
    }

    /** The new files, or for diesel the new migration folder that holds them. */
    private static List<Path> createdRoots(List<PlannedFile> files, LayoutKind kind) {
        List<Path> roots = new ArrayList<>();
        for (PlannedFile f : files) {
            if (f.rewrites()) {
                continue; // the tool's journal: put back as it was (restore), never removed
            }
            Path root = kind == LayoutKind.DIESEL
                            || kind == LayoutKind.PRISMA
                                    && f.path().getFileName().toString().equals("migration.sql")
                    ? f.path().getParent()
                    : f.path();
            if (!roots.contains(root)) {
                roots.add(root);
            }
        }
        return roots;
    }

    /** Puts back the tool's files the new migration rewrote (Drizzle's journal), as they were. */
    private static void restore(List<PlannedFile> files) {
        for (PlannedFile f : files) {
            if (f.rewrites()) {
                try {
                    Files.writeString(f.path(), f.previous(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                    // Best effort: the message below still tells the user the migration was refused.
                }
            }
        }
    }

    private static void remove(List<Path> roots) {
        for (Path root : roots) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // Best effort: the message below still tells the user the migration was refused.
            }
            if (root.endsWith(Path.of("meta", "_journal.json"))) {
                try {
                    Files.deleteIfExists(root.getParent()); // the meta folder made for it, when nothing else is in it
                } catch (IOException e) {
                    // not empty: drizzle-kit's snapshots live there too
                }
            }
        }
    }

    private LayoutKind layout(Path folder) {
        if (layout != null) {
            try {
                return LayoutKind.parse(layout);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        Optional<LayoutGuess> guess = Optional.empty();
        if (Files.isDirectory(folder)) {
            try {
                guess = LayoutDetector.detect(folder);
            } catch (IOException e) {
                throw new UsageException(CheckPipeline.display(folder) + ": cannot read the folder: " + e.getMessage());
            }
        }
        return guess.map(LayoutGuess::layout)
                .orElseThrow(() -> new UsageException(CheckPipeline.display(folder)
                        + ": no migrations here to tell the tool from; pass --layout (" + LayoutKind.ids() + ")"));
    }
}
