package io.miglint.cli;

import io.miglint.config.ConfigException;
import io.miglint.config.MiglintConfig;
import io.miglint.engine.LintEngine;
import io.miglint.engine.RuleSelection;
import io.miglint.engine.ToolError;
import io.miglint.layout.Discovery;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationDiscovery;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Rule;
import io.miglint.rule.Severity;
import io.miglint.rules.RuleRegistry;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Discovery, configuration and linting for one run, without any command-line parsing, so commands share it and
 * tests can drive it directly.
 */
public final class CheckPipeline {

    /** What the user asked for; null fields fall back to configuration, then defaults. */
    public record Request(List<Path> paths, Path configFile, String layout, Integer pgVersion, String failOn,
                          List<String> enable, List<String> disable, Predicate<Path> onlyFiles, boolean stats) {
        /** Without per-folder statistics (they cost a JSqlParser parse of every data statement). */
        public Request(List<Path> paths, Path configFile, String layout, Integer pgVersion, String failOn,
                       List<String> enable, List<String> disable, Predicate<Path> onlyFiles) {
            this(paths, configFile, layout, pgVersion, failOn, enable, disable, onlyFiles, false);
        }
    }

    /** Settings after flags, configuration and defaults were merged. */
    public record Resolved(MiglintConfig config, int pgVersion, Severity failOn, RuleSelection rules,
                           Optional<LayoutKind> layout) {
    }

    public record Outcome(Resolved settings, Discovery discovery, LintEngine.Result result) {
        public List<ToolError> allErrors() {
            List<ToolError> all = new ArrayList<>(discovery.problems());
            all.addAll(result.errors());
            return all;
        }
    }

    public static final int DEFAULT_PG_VERSION = 15;

    private CheckPipeline() {
    }

    public static Resolved resolve(Request r) {
        MiglintConfig config = loadConfig(r);
        int pg = r.pgVersion() != null ? r.pgVersion() : config.pgVersion() != null ? config.pgVersion()
                : DEFAULT_PG_VERSION;
        if (pg < 10 || pg > 18) {
            throw new UsageException("--pg-version " + pg + " is outside the supported 10..18");
        }
        String failOnText = r.failOn() != null ? r.failOn() : config.failOn() != null ? config.failOn() : "error";
        Severity failOn = failOnText.equalsIgnoreCase("never") ? null : parseSeverity(failOnText);
        Map<String, String> settings = new LinkedHashMap<>(config.ruleSettings());
        r.enable().forEach(id -> settings.put(id, "on"));
        r.disable().forEach(id -> settings.put(id, "off"));
        List<Rule> all = RuleRegistry.instances();
        RuleSelection rules;
        try {
            rules = RuleSelection.select(all, settings, pg);
        } catch (IllegalArgumentException e) {
            String where = config.file() != null && !r.enable().contains(firstWord(e.getMessage()))
                    ? display(config.file()) + ": " : "";
            throw new UsageException(where + e.getMessage());
        }
        for (String id : config.optionRuleIds()) {
            if (!rules.isKnown(id)) {
                throw new UsageException(display(config.file()) + ": options: unknown rule id '" + id + "'");
            }
        }
        String layoutText = r.layout() != null ? r.layout() : config.layout();
        Optional<LayoutKind> layout;
        try {
            layout = layoutText == null ? Optional.empty() : Optional.of(LayoutKind.parse(layoutText));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return new Resolved(config, pg, failOn, rules, layout);
    }

    public static Outcome run(Request r) {
        Resolved s = resolve(r);
        Discovery discovery = MigrationDiscovery.discover(r.paths(), s.layout());
        LintEngine engine = new LintEngine(new LintEngine.Settings(s.pgVersion(), s.rules(),
                s.config().ruleOptions(), reportOn(r, s, discovery), r.stats()));
        return new Outcome(s, discovery, engine.run(discovery.sets()));
    }

    /**
     * Whether findings in {@code file} (a real path, as in the discovered sets) are reported: not excluded by the
     * configuration, accepted by {@link Request#onlyFiles()}, and named by the user when only some files of its set
     * were.
     */
    public static Predicate<Path> reportOn(Request r, Resolved s, Discovery discovery) {
        Predicate<Path> excluded = excludeMatcher(s.config());
        return file -> {
            if (excluded.test(file) || !r.onlyFiles().test(file)) {
                return false;
            }
            for (MigrationSet set : discovery.sets()) {
                if (file.startsWith(set.folder())) {
                    return discovery.isSelected(set, file);
                }
            }
            return true;
        };
    }

    private static MiglintConfig loadConfig(Request r) {
        Path file = r.configFile();
        if (file == null && !r.paths().isEmpty()) {
            file = MiglintConfig.find(r.paths().get(0));
        }
        if (file == null) {
            return MiglintConfig.empty();
        }
        // A planted `.miglint.yaml -> ~/.token` would otherwise be quoted in the parse error.
        MigrationDiscovery.outsideRepository(file).ifPresent(why -> {
            throw new UsageException(why);
        });
        try {
            return MiglintConfig.load(file, display(file));
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Predicate<Path> excludeMatcher(MiglintConfig config) {
        if (config.exclude().isEmpty() || config.file() == null) {
            return p -> false;
        }
        Path base = config.file().toAbsolutePath().normalize().getParent();
        List<PathMatcher> matchers = config.exclude().stream()
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        return p -> {
            Path abs = p.toAbsolutePath().normalize();
            Path rel = abs.startsWith(base) ? base.relativize(abs) : abs;
            return matchers.stream().anyMatch(m -> m.matches(rel));
        };
    }

    static Severity parseSeverity(String s) {
        try {
            return Severity.parse(s);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--fail-on '" + s + "' is not one of error, warning, info, never");
        }
    }

    private static String firstWord(String message) {
        int a = message.indexOf('\'');
        int b = message.indexOf('\'', a + 1);
        return a >= 0 && b > a ? message.substring(a + 1, b) : "";
    }

    static String display(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return (abs.startsWith(cwd) ? cwd.relativize(abs) : abs).toString().replace('\\', '/');
    }
}
