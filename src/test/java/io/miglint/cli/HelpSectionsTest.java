package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code --help}: commands grouped by what they are for, each command's options under headings, none lost. */
class HelpSectionsTest {
    private static final CommandLine CLI = new CommandLine(new MiglintCommand());

    private static String help(String... command) {
        Cli r = Cli.run(concat(command, "--help"));
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err());
        return r.out();
    }

    private static String[] concat(String[] a, String b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.add(b);
        return all.toArray(String[]::new);
    }

    @Test
    void theTopLevelHelpGroupsEveryCommandOnce() {
        String help = help();
        Set<String> listed = new TreeSet<>();
        int width = CLI.getSubcommands().keySet().stream()
                        .mapToInt(String::length)
                        .max()
                        .orElseThrow()
                + 2;
        int at = -1;
        for (HelpSections.Group g : HelpSections.COMMANDS) {
            int heading = help.indexOf("\n" + g.heading() + ":\n");
            assertTrue(heading > at, "heading " + g.heading() + " in order:\n" + help);
            at = heading;
            for (String name : g.names()) {
                assertTrue(listed.add(name), name + " is in two groups");
                String summary = CLI.getSubcommands()
                        .get(name)
                        .getCommandSpec()
                        .usageMessage()
                        .description()[0];
                // the summary fits on the command's own line
                assertTrue(
                        help.contains("\n  " + String.format("%-" + width + "s", name) + summary + "\n"),
                        name + ":\n" + help);
            }
        }
        assertEquals(new TreeSet<>(CLI.getSubcommands().keySet()), listed, "every command in a group");
        assertTrue(help.indexOf("\nLint:\n") < help.indexOf("\nOptions:\n"), "commands before the options");
        assertTrue(help.contains("Exit codes: 0 clean"), help);
    }

    @Test
    void everyOptionOfEveryCommandIsInExactlyOneGroup() {
        for (Map.Entry<String, List<HelpSections.Group>> e : HelpSections.OPTIONS.entrySet()) {
            CommandLine sub = CLI.getSubcommands().get(e.getKey());
            Set<String> options = sub.getCommandSpec().options().stream()
                    .filter(o -> !o.hidden())
                    .map(OptionSpec::longestName)
                    .collect(Collectors.toCollection(TreeSet::new));
            List<String> grouped =
                    e.getValue().stream().flatMap(g -> g.names().stream()).toList();
            assertEquals(options, new TreeSet<>(grouped), e.getKey() + ": the groups name exactly its options");
            assertEquals(grouped.size(), new TreeSet<>(grouped).size(), e.getKey() + ": an option in two groups");
        }
    }

    @Test
    void eachCommandsHelpShowsItsGroupsInOrder() {
        for (String name : CLI.getSubcommands().keySet()) {
            String help = help(name);
            assertTrue(help.startsWith("Usage: miglint " + name + " [OPTIONS]"), help);
            assertFalse(help.contains("Other options:"), name + ":\n" + help);
            List<HelpSections.Group> groups = HelpSections.OPTIONS.get(name);
            if (groups == null) {
                assertTrue(help.contains("\nOptions:\n"), name + ":\n" + help);
                continue;
            }
            int at = -1;
            for (HelpSections.Group g : groups) {
                int heading = help.indexOf("\n" + g.heading() + ":\n");
                assertTrue(heading > at, name + ": " + g.heading() + "\n" + help);
                at = heading;
            }
            for (String line : help.split("\n")) {
                assertTrue(line.length() <= 80, name + ": a line wider than the help: " + line);
            }
        }
    }

    @Test
    void applysRetryOptionsSitWithItsTimeouts() {
        String help = help("apply");
        int section = help.indexOf("\nTimeouts and retries:\n");
        int next = help.indexOf("\n\n", section + 2);
        String timeouts = help.substring(section, next);
        for (String option : List.of(
                "--lock-timeout", "--statement-timeout", "--lock-retries", "--lock-retry-delay", "--lock-wait")) {
            assertTrue(timeouts.contains(option), option + " in\n" + timeouts);
        }
        assertTrue(help.contains("\nExamples:\n  miglint apply db/migrations"), help);
    }

    /** check's own command line, built alone for start-up time, gets the same sections. */
    @Test
    void checkAloneHasItsSectionsToo() {
        String help = help("check");
        assertTrue(
                help.contains("\nInput:\n")
                        && help.contains("\nRules:\n")
                        && help.contains("\nReport:\n")
                        && help.contains("\nVerification (with --verify):\n"),
                help);
    }
}
