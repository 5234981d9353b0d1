package io.miglint.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.miglint.rule.RuleDescriptor;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        versionProvider = ToolVersion.class,
        abbreviateSynopsis = true,
        description = {
            "List every rule: id, default severity, category and summary.",
            "Opt-in rules are off until enabled; online-only ones are off under `deploy: offline` until " + "enabled."
        })
public final class RulesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
    String format = "text";

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<RuleDescriptor> rules = RuleCatalog.all();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> {
                List<Map<String, Object>> list = rules.stream()
                        .map(d -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("id", d.id());
                            m.put("severity", d.defaultSeverity().label());
                            m.put("category", d.category().label());
                            m.put("summary", d.summary());
                            m.put("optIn", d.optIn());
                            m.put("onlineOnly", d.onlineOnly());
                            m.put("minPg", d.minPg());
                            m.put("maxPg", d.maxPg());
                            m.put("since", d.since());
                            m.put("helpUri", d.helpUri());
                            return m;
                        })
                        .toList();
                out.println(new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(Map.of("rules", list)));
            }
            case "text" -> {
                for (RuleDescriptor d : rules) {
                    out.printf(
                            Locale.ROOT,
                            "%-34s %-8s %-14s %s%s%s%n",
                            d.id(),
                            d.defaultSeverity().label(),
                            d.category().label(),
                            d.summary(),
                            d.optIn() ? " (opt-in)" : "",
                            d.onlineOnly() ? " (online only)" : "");
                }
            }
            default -> throw new UsageException("--format '" + format + "' is not one of text, json");
        }
        out.flush();
        return ExitCode.CLEAN;
    }
}
