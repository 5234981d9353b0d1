package io.miglint.cli;

import io.miglint.config.ConfigException;
import io.miglint.config.MiglintConfig;
import io.miglint.config.TableStatsFile;
import io.miglint.diagnostic.ToolError;
import io.miglint.engine.FindingStage;
import io.miglint.engine.LintEngine;
import io.miglint.engine.LiveSince;
import io.miglint.engine.RuleSelection;
import io.miglint.engine.Suggestion;
import io.miglint.layout.Discovery;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationDiscovery;
import io.miglint.layout.MigrationSet;
import io.miglint.model.schema.TableStats;
import io.miglint.rule.Catalog;
import io.miglint.rule.Deploy;
import io.miglint.rule.Finding;
import io.miglint.rule.RuleOption;
import io.miglint.rule.Severity;
import io.miglint.rules.registry.RuleRegistry;
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
 * tests can drive it directly. Linting gives drafts; {@link Outcome#stage()} is the {@link FindingStage} that turns
 * them, and the verifier's drafts, into what the run reports.
 */
public final class CheckPipeline {

    /**
     * What the user asked for; null fields fall back to configuration, then defaults. {@code onByDefault}: ids turned
     * on unless configuration or flags say otherwise ({@code --trace-locks} turns on the lock-tracing ids).
     * {@code deploy}: {@code --deploy} as written (online, offline); {@code liveSince}: {@code --live-since} as
     * written (a date or a version); {@code tableStats}: {@code --table-stats FILE}, which replaces the
     * configuration's {@code table-stats:}.
     */
    public record Request(
            List<Path> paths,
            Path configFile,
            String layout,
            Integer pgVersion,
            String failOn,
            List<String> enable,
            List<String> disable,
            Predicate<Path> onlyFiles,
            boolean stats,
            List<String> onByDefault,
            String deploy,
            String liveSince,
            Path tableStats) {
        public Request(
                List<Path> paths,
                Path configFile,
                String layout,
                Integer pgVersion,
                String failOn,
                List<String> enable,
                List<String> disable,
                Predicate<Path> onlyFiles,
                boolean stats,
                List<String> onByDefault,
                String deploy,
                String liveSince) {
            this(
                    paths,
                    configFile,
                    layout,
                    pgVersion,
                    failOn,
                    enable,
                    disable,
                    onlyFiles,
                    stats,
                    onByDefault,
                    deploy,
                    liveSince,
                    null);
        }

        public Request(
                List<Path> paths,
                Path configFile,
                String layout,
                Integer pgVersion,
                String failOn,
                List<String> enable,
                List<String> disable,
                Predicate<Path> onlyFiles,
                boolean stats,
                List<String> onByDefault,
                String deploy) {
            this(
                    paths,
                    configFile,
                    layout,
                    pgVersion,
                    failOn,
                    enable,
                    disable,
                    onlyFiles,
                    stats,
                    onByDefault,
                    deploy,
                    null);
        }

        public Request(
                List<Path> paths,
                Path configFile,
                String layout,
                Integer pgVersion,
                String failOn,
                List<String> enable,
                List<String> disable,
                Predicate<Path> onlyFiles,
                boolean stats,
                List<String> onByDefault) {
            this(paths, configFile, layout, pgVersion, failOn, enable, disable, onlyFiles, stats, onByDefault, null);
        }

        public Request(
                List<Path> paths,
                Path configFile,
                String layout,
                Integer pgVersion,
                String failOn,
                List<String> enable,
                List<String> disable,
                Predicate<Path> onlyFiles,
                boolean stats) {
            this(paths, configFile, layout, pgVersion, failOn, enable, disable, onlyFiles, stats, List.of());
        }

        /** Without per-folder statistics (they cost a JSqlParser parse of every data statement). */
        public Request(
                List<Path> paths,
                Path configFile,
                String layout,
                Integer pgVersion,
                String failOn,
                List<String> enable,
                List<String> disable,
                Predicate<Path> onlyFiles) {
            this(paths, configFile, layout, pgVersion, failOn, enable, disable, onlyFiles, false);
        }
    }

    /** Settings after flags, configuration and defaults were merged. */
    public record Resolved(
            MiglintConfig config, int pgVersion, Severity failOn, RuleSelection rules, Optional<LayoutKind> layout) {}

    /** {@code result} holds the lint drafts; {@link #stage()} decides what of them, and of other drafts, is reported. */
    public record Outcome(Resolved settings, Discovery discovery, LintEngine.Result result, Request request) {
        public List<ToolError> allErrors() {
            List<ToolError> all = new ArrayList<>(discovery.problems());
            all.addAll(result.errors());
            return all;
        }

        /**
         * The finding stage of this run: its selection and severities, the suppression comments of the files linted,
         * {@code exclude:}, and the request's scope (the files named, {@code --changed-since}).
         */
        public FindingStage stage() {
            return FindingStage.of(settings.rules())
                    .withSources(result.sources())
                    .excluding(excludeMatcher(settings.config()))
                    .scopedTo(f -> inRequest(request, discovery, f.location().file()));
        }

        /** The lint drafts through {@link #stage()}: what {@code check} reports without a baseline or verify. */
        public List<Finding> findings() {
            return stage().run(result.drafts());
        }
    }

    public static final int DEFAULT_PG_VERSION = 15;
    /** The PostgreSQL majors the rules know ({@code --pg-version}, {@code pg-version:}). */
    public static final int MIN_PG_VERSION = 10;

    public static final int MAX_PG_VERSION = 18;

    private CheckPipeline() {}

    /** Each key under {@code options: {id: …}} must be one the rule declares, with a value of its type. */
    private static void checkOptions(MiglintConfig config, String id) {
        List<RuleOption> declared = RuleRegistry.options(id);
        List<String> names = declared.stream().map(RuleOption::name).toList();
        for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e :
                config.optionValues(id).entrySet()) {
            String at = config.locate("options", id + "." + e.getKey()) + ": options: " + id + ": ";
            RuleOption o = declared.stream()
                    .filter(d -> d.name().equals(e.getKey()))
                    .findFirst()
                    .orElse(null);
            if (o == null) {
                throw new UsageException(at + "unknown option '" + e.getKey() + "'"
                        + Suggestion.didYouMean(e.getKey(), names)
                        + (names.isEmpty()
                                ? "; this rule takes no options"
                                : "; it takes " + String.join(", ", names)));
            }
            com.fasterxml.jackson.databind.JsonNode v = e.getValue();
            boolean fits = switch (o.type()) {
                case INTEGER -> v.isIntegralNumber() && v.canConvertToInt();
                case STRING -> v.isTextual();
                case BOOLEAN -> v.isBoolean();
                case STRINGS ->
                    v.isArray()
                            && java.util.stream.StreamSupport.stream(v.spliterator(), false)
                                    .allMatch(com.fasterxml.jackson.databind.JsonNode::isTextual);
            };
            if (!fits) {
                throw new UsageException(at + e.getKey() + " takes " + o.type().words() + ", not " + v);
            }
        }
    }

    public static Resolved resolve(Request r) {
        MiglintConfig config = loadConfig(r);
        int pg = r.pgVersion() != null
                ? r.pgVersion()
                : config.pgVersion() != null ? config.pgVersion() : DEFAULT_PG_VERSION;
        if (pg < MIN_PG_VERSION || pg > MAX_PG_VERSION) {
            throw new UsageException(
                    "--pg-version " + pg + " is outside the supported " + MIN_PG_VERSION + ".." + MAX_PG_VERSION);
        }
        String failOnText = r.failOn() != null ? r.failOn() : config.failOn() != null ? config.failOn() : "error";
        Severity failOn = failOnText.equalsIgnoreCase("never") ? null : parseSeverity(failOnText);
        Catalog catalog = RuleRegistry.catalog();
        for (String id : config.ruleSettings().keySet()) {
            if (!catalog.isKnown(id)) {
                throw new UsageException(config.locate("rules", id) + ": rules: " + unknownId(catalog, id));
            }
        }
        for (String id : config.optionRuleIds()) {
            if (!catalog.isKnown(id)) {
                throw new UsageException(config.locate("options", id) + ": options: " + unknownId(catalog, id));
            }
            checkOptions(config, id);
        }
        for (List<String> flag : List.of(r.enable(), r.disable())) {
            for (String id : flag) {
                if (!catalog.isKnown(id)) {
                    throw new UsageException(unknownId(catalog, id));
                }
            }
        }
        Deploy deploy = Deploy.ONLINE;
        if (r.deploy() != null) {
            try {
                deploy = Deploy.parse(r.deploy());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--deploy " + e.getMessage());
            }
        } else if (config.deploy() != null) {
            deploy = config.deploy();
        }
        Map<String, String> settings = new LinkedHashMap<>();
        r.onByDefault().forEach(id -> settings.put(id, "on"));
        settings.putAll(config.ruleSettings());
        r.enable().forEach(id -> settings.put(id, "on"));
        r.disable().forEach(id -> settings.put(id, "off"));
        RuleSelection rules;
        try {
            rules = RuleSelection.select(catalog, RuleRegistry.instances(), settings, pg, deploy);
        } catch (IllegalArgumentException e) {
            // Ids are known by now: what is left is a value under rules:, which only the configuration gives.
            throw new UsageException(display(config.file()) + ": " + e.getMessage());
        }
        String liveSince = r.liveSince() != null ? r.liveSince() : config.liveSince();
        if (liveSince != null) {
            try {
                rules = rules.withLiveSince(LiveSince.parse(liveSince));
            } catch (IllegalArgumentException e) {
                // The configuration's value was checked when it was read: this is the flag's.
                throw new UsageException("--live-since " + e.getMessage());
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
        // Only the locking rules ask for table sizes: a run without any (miglint new's naming check) needs no file.
        boolean sizesAsked = s.rules().active().stream()
                .anyMatch(a -> a.descriptor().category() == io.miglint.rule.Category.LOCKING);
        LintEngine engine = new LintEngine(new LintEngine.Settings(
                s.pgVersion(),
                s.rules(),
                s.config().ruleOptions(),
                reportOn(r, s, discovery),
                r.stats(),
                sizesAsked ? tableStats(r, s.config()) : TableStats.NONE));
        return new Outcome(s, discovery, engine.run(discovery.sets()), r);
    }

    /**
     * The table stats the run uses: {@code --table-stats}, else the configuration's {@code table-stats:} (relative to
     * the configuration file), judged by its {@code small-table-rows} and {@code small-table-bytes}.
     */
    static TableStats tableStats(Request r, MiglintConfig config) {
        Path file = r.tableStats() != null ? r.tableStats() : config.tableStats();
        if (file == null) {
            return TableStats.NONE;
        }
        String display = display(file);
        // A planted `table-stats: ../../.ssh/id_rsa` must not be read, nor its text quoted in an error.
        MigrationDiscovery.outsideRepository(file).ifPresent(why -> {
            throw new UsageException(why);
        });
        try {
            return TableStatsFile.read(file, display, config.smallTable());
        } catch (ConfigException e) {
            // Named by the configuration: say where, since the path is relative to it.
            throw new UsageException(
                    r.tableStats() != null
                            ? e.getMessage()
                            : config.locateValue("table-stats") + ": table-stats: " + e.getMessage());
        }
    }

    /**
     * Whether findings in {@code file} (a real path, as in the discovered sets) are reported: not excluded by the
     * configuration, accepted by {@link Request#onlyFiles()}, and named by the user when only some files of its set
     * were.
     */
    public static Predicate<Path> reportOn(Request r, Resolved s, Discovery discovery) {
        Predicate<Path> excluded = excludeMatcher(s.config());
        return file -> !excluded.test(file) && inRequest(r, discovery, file);
    }

    /**
     * Whether {@code file} is one the user asked about: accepted by {@link Request#onlyFiles()} and named when only
     * some files of its set were. A finding about a whole folder (the verifier's time limit) concerns every part of
     * it that was asked about.
     */
    static boolean inRequest(Request r, Discovery discovery, Path file) {
        for (MigrationSet set : discovery.sets()) {
            if (file.equals(set.folder())) {
                return true;
            }
        }
        if (!r.onlyFiles().test(file)) {
            return false;
        }
        for (MigrationSet set : discovery.sets()) {
            if (file.startsWith(set.folder())) {
                return discovery.isSelected(set, file);
            }
        }
        return true;
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

    /** Whether a file matches the configuration's {@code exclude:} globs (relative to the configuration's folder). */
    static Predicate<Path> excludeMatcher(MiglintConfig config) {
        if (config.exclude().isEmpty() || config.file() == null) {
            return p -> false;
        }
        Path base = config.file().toAbsolutePath().normalize().getParent();
        List<PathMatcher> matchers = config.exclude().stream()
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g))
                .toList();
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

    private static String unknownId(Catalog catalog, String id) {
        return "unknown rule id '" + id + "'" + Suggestion.didYouMean(id, catalog.ids()) + " (see `miglint rules`)";
    }

    static String display(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return (abs.startsWith(cwd) ? cwd.relativize(abs) : abs).toString().replace('\\', '/');
    }
}
