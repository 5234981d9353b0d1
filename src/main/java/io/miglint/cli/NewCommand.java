package io.miglint.cli;

import io.miglint.layout.LayoutDetector;
import io.miglint.layout.LayoutGuess;
import io.miglint.layout.LayoutKind;
import io.miglint.scaffold.MigrationName;
import io.miglint.scaffold.MigrationScaffold;
import io.miglint.scaffold.PlannedFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "new", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = "Create a migration named the way the folder's tool expects (up and down where it has them) "
                + "and print the paths of the new files.")
public final class NewCommand implements Callable<Integer> {
    /** The folders `new` looks in when --dir is not given, in order. */
    static final List<String> DEFAULT_DIRS = List.of("migrations", "db/migrations");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "snake_case, 2 to 5 words, starting with a verb: add_users_email.")
    String name;

    @Option(names = "--dir", paramLabel = "PATH",
            description = "The migrations folder. Default: ./migrations, else ./db/migrations, else the current one.")
    Path dir;

    @Option(names = "--layout", description = "golang-migrate, dbmate, sqlx, diesel, flyway, numbered or "
            + "rollback-suffix; required when the folder has no migrations yet.")
    String layout;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> problems = MigrationName.problems(name);
        if (!problems.isEmpty()) {
            throw new UsageException(String.join("; ", problems));
        }
        Path folder = dir != null ? dir : DEFAULT_DIRS.stream().map(Path::of).filter(Files::isDirectory).findFirst()
                .orElse(Path.of("."));
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UsageException(CheckPipeline.display(folder) + ": not a folder");
        }
        LayoutKind kind = layout(folder);
        try {
            List<PlannedFile> files = MigrationScaffold.plan(folder, kind, name, clock);
            MigrationScaffold.write(files);
            for (PlannedFile f : files) {
                out.println(CheckPipeline.display(f.path()));
            }
        } catch (FileAlreadyExistsException e) {
            throw new UsageException(CheckPipeline.display(Path.of(e.getFile())) + ": already exists; not overwritten");
        } catch (IOException e) {
            throw new UsageException(CheckPipeline.display(folder) + ": cannot write the migration: " + e.getMessage());
        }
        out.flush();
        return ExitCode.CLEAN;
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
        return guess.map(LayoutGuess::layout).orElseThrow(() -> new UsageException(
                CheckPipeline.display(folder) + ": no migrations here to tell the tool from; pass --layout "
                        + "(golang-migrate, dbmate, sqlx, diesel, flyway, numbered, rollback-suffix)"));
    }
}
