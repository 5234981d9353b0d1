package io.miglint.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The shape of {@code --help}: the top-level help lists the commands by what they are for, and each command's help
 * lists its options under headings, in the order a reader needs them. Both replace a picocli help section
 * ({@link UsageMessageSpec#SECTION_KEY_COMMAND_LIST}, {@link UsageMessageSpec#SECTION_KEY_OPTION_LIST}) and leave
 * parsing alone: the commands keep their options and mixins as they are. Argument groups would give option headings
 * too, but they change how picocli builds the option objects, which the pre-commit fast path of {@code check} fills
 * by hand.
 */
final class HelpSections {
    private HelpSections() {}

    /** A heading and the commands or options under it, by name. */
    record Group(String heading, List<String> names) {
        Group(String heading, String... names) {
            this(heading, List.of(names));
        }
    }

    static final List<Group> COMMANDS = List.of(
            new Group("Lint", "check", "baseline", "table-stats", "rules", "explain"),
            new Group("Verify on a throwaway PostgreSQL", "verify", "cache"),
            new Group("Release gate, on the target database", "status", "gate", "apply", "force"),
            new Group("Write migrations", "new"));

    private static final Group HELP = new Group("Help", "--help", "--version");

    private static final Group VERIFY_RUN = new Group(
            "Verification (with --verify)",
            "--verify",
            "--engine",
            "--database-url",
            "--image",
            "--runner-role",
            "--allow-extension",
            "--trace-locks",
            "--shard",
            "--downs-since",
            "--statement-timeout",
            "--timeout");

    private static final Group TARGET =
            new Group("Target database", "--database-url", "--migrations-table", "--layout");

    /** Per command, its options by heading. A command not named here lists its few options under "Options". */
    static final Map<String, List<Group>> OPTIONS = Map.of(
            "check",
                    List.of(
                            new Group("Input", "--config", "--layout", "--changed-since", "--skip-unrelated-files"),
                            new Group(
                                    "Rules",
                                    "--pg-version",
                                    "--deploy",
                                    "--live-since",
                                    "--table-stats",
                                    "--enable",
                                    "--disable",
                                    "--baseline"),
                            new Group("Report", "--format", "--output", "--color", "--verbose", "--stats", "--fail-on"),
                            VERIFY_RUN,
                            HELP),
            "baseline",
                    List.of(
                            new Group("Input and output", "--output", "--config", "--layout"),
                            new Group(
                                    "Rules",
                                    "--pg-version",
                                    "--deploy",
                                    "--live-since",
                                    "--table-stats",
                                    "--enable",
                                    "--disable"),
                            VERIFY_RUN,
                            HELP),
            "verify",
                    List.of(
                            new Group("Input", "--config", "--layout", "--changed-since"),
                            new Group(
                                    "Throwaway PostgreSQL",
                                    "--engine",
                                    "--database-url",
                                    "--pg-version",
                                    "--image",
                                    "--runner-role",
                                    "--allow-extension",
                                    "--cleanup"),
                            new Group(
                                    "Verification",
                                    "--trace-locks",
                                    "--shard",
                                    "--downs-since",
                                    "--statement-timeout",
                                    "--timeout",
                                    "--baseline"),
                            new Group("Report", "--format", "--output", "--color", "--verbose", "--fail-on"),
                            HELP),
            "status", List.of(TARGET, new Group("Report", "--format"), HELP),
            "force", List.of(TARGET, HELP),
            "gate",
                    List.of(
                            TARGET,
                            new Group(
                                    "Replay and verification",
                                    "--engine",
                                    "--engine-url",
                                    "--pg-version",
                                    "--downs-since"),
                            new Group(
                                    "Report",
                                    "--format",
                                    "--output",
                                    "--color",
                                    "--verbose",
                                    "--fail-on",
                                    "--baseline",
                                    "--changed-since"),
                            HELP),
            "apply",
                    List.of(
                            TARGET,
                            new Group("What runs", "--to", "--down", "--dry-run", "--yes"),
                            new Group(
                                    "Timeouts and retries",
                                    "--lock-timeout",
                                    "--statement-timeout",
                                    "--lock-retries",
                                    "--lock-retry-delay",
                                    "--lock-wait"),
                            new Group(
                                    "The gate before it",
                                    "--skip-gate",
                                    "--engine",
                                    "--engine-url",
                                    "--pg-version",
                                    "--downs-since",
                                    "--fail-on",
                                    "--baseline",
                                    "--changed-since"),
                            HELP));

    /** Installs the sections on {@code cli} and every subcommand under it. */
    static void install(CommandLine cli) {
        UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
        Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>(usage.sectionMap());
        if (!cli.getCommandSpec().positionalParameters().isEmpty()) {
            usage.parameterListHeading("%nArguments:%n");
        }
        if (!cli.getSubcommands().isEmpty()) {
            sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> "");
            sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, HelpSections::commandList);
            // the commands are what a reader of the top-level help is looking for: before its two options
            List<String> keys = new ArrayList<>(usage.sectionKeys());
            keys.removeAll(List.of(
                    UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, UsageMessageSpec.SECTION_KEY_COMMAND_LIST));
            int options = keys.indexOf(UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING);
            keys.addAll(
                    options,
                    List.of(
                            UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING,
                            UsageMessageSpec.SECTION_KEY_COMMAND_LIST));
            usage.sectionKeys(keys);
        }
        List<Group> groups = OPTIONS.get(name(cli));
        if (groups == null) {
            usage.optionListHeading("%nOptions:%n");
        } else {
            sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
            sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> optionList(help, groups));
        }
        usage.sectionMap(sections);
        cli.getSubcommands().values().forEach(HelpSections::install);
    }

    /** {@code check}, also when the command line was built for it alone ("miglint check"). */
    private static String name(CommandLine cli) {
        String name = cli.getCommandName();
        return name.startsWith("miglint ") ? name.substring("miglint ".length()) : name;
    }

    private static String commandList(Help help) {
        Map<String, Help> all = help.subcommands();
        int width = all.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        int total = help.commandSpec().usageMessage().width();
        StringBuilder sb = new StringBuilder();
        // the top level's commands by purpose; a command's own subcommands (cache list, cache prune) as they are
        List<Group> groups = help.commandSpec().parent() == null
                ? COMMANDS
                : List.of(new Group("Commands", new ArrayList<>(all.keySet())));
        for (Group g : groups) {
            Help.TextTable table = Help.TextTable.forColumns(
                    help.colorScheme(),
                    new Help.Column(width, 2, Help.Column.Overflow.SPAN),
                    new Help.Column(total - width, 2, Help.Column.Overflow.WRAP));
            for (String name : g.names()) {
                Help sub = all.get(name);
                if (sub != null) {
                    UsageMessageSpec u = sub.commandSpec().usageMessage();
                    String summary = u.description().length > 0 ? u.description()[0] : "";
                    table.addRowValues(
                            help.colorScheme().commandText(name),
                            help.colorScheme().text(summary));
                }
            }
            sb.append(String.format("%n%s:%n", g.heading())).append(table);
        }
        return sb.toString();
    }

    private static String optionList(Help help, List<Group> groups) {
        Map<String, OptionSpec> byName = new LinkedHashMap<>();
        for (OptionSpec o : help.commandSpec().options()) {
            if (!o.hidden()) {
                byName.put(o.longestName(), o);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Group g : groups) {
            List<OptionSpec> shown = new ArrayList<>();
            for (String name : g.names()) {
                OptionSpec o = byName.remove(name);
                if (o != null) {
                    shown.add(o);
                }
            }
            sb.append(section(help, g.heading(), shown));
        }
        // an option a table forgot still shows (HelpSectionsTest keeps the tables complete)
        sb.append(section(help, "Other options", new ArrayList<>(byName.values())));
        return sb.toString();
    }

    private static String section(Help help, String heading, List<OptionSpec> options) {
        if (options.isEmpty()) {
            return "";
        }
        return String.format("%n%s:%n", heading)
                + help.optionListExcludingGroups(
                        options, help.createDefaultLayout(), null, help.parameterLabelRenderer());
    }
}
