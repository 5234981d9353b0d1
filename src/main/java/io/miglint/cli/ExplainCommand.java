package io.miglint.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        versionProvider = ToolVersion.class,
        abbreviateSynopsis = true,
        description = "Print a rule's page: problem, anti-pattern, best practice, links.",
        footerHeading = "%nExample:%n",
        footer = "  miglint explain require-concurrent-index")
public final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "A rule id from `miglint rules`.")
    String id;

    @Override
    public Integer call() throws IOException {
        boolean known = RuleCatalog.find(id).isPresent();
        if (!known) {
            throw new UsageException("unknown rule id '" + id + "'"
                    + io.miglint.engine.Suggestion.didYouMean(
                            id, io.miglint.rules.registry.RuleRegistry.catalog().ids())
                    + " (see `miglint rules`)");
        }
        try (InputStream in = ExplainCommand.class.getResourceAsStream("/rules/" + id + ".md")) {
            if (in == null) {
                throw new UsageException("rule '" + id + "' has no documentation page in this build");
            }
            spec.commandLine().getOut().print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
        }
        return ExitCode.CLEAN;
    }
}
