package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@link CheckArgs} reads the plain forms of {@code check} without picocli; whatever it accepts must leave the command
 * exactly as picocli would, and whatever it declines must still be picocli's to read (or reject).
 */
class CheckArgsTest {
    /** Options the plain reader is expected to take (the forms hooks and CI use); all others go to picocli. */
    private static final Set<String> PLAIN = Set.of(
            "--format",
            "-o",
            "--output",
            "--config",
            "--layout",
            "--pg-version",
            "--fail-on",
            "--deploy",
            "--live-since",
            "--enable",
            "--disable",
            "--stats",
            "--changed-since",
            "--baseline",
            "--skip-unrelated-files",
            "--color",
            "--verbose",
            "--table-stats");

    @Test
    void everyOptionOfCheckIsEitherReadLikePicocliOrLeftToIt() throws Exception {
        List<String> seen = new ArrayList<>();
        List<Field> options = new ArrayList<>(Arrays.asList(CheckCommand.class.getDeclaredFields()));
        options.addAll(Arrays.asList(ReportOptions.class.getDeclaredFields()));
        options.addAll(Arrays.asList(VerifyMixin.class.getDeclaredFields()));
        for (Field f : options) {
            Option o = f.getAnnotation(Option.class);
            if (o == null) {
                continue;
            }
            for (String name : o.names()) {
                seen.add(name);
                boolean flag = f.getType() == boolean.class;
                String value = sampleValue(f);
                List<String[]> forms = new ArrayList<>();
                if (flag) {
                    forms.add(new String[] {name, "db/migrations"});
                    forms.add(new String[] {"db/migrations", name});
                } else {
                    forms.add(new String[] {name, value, "db/migrations"});
                    forms.add(new String[] {"db/migrations", name, value});
                    if (name.startsWith("--")) {
                        forms.add(new String[] {name + "=" + value});
                    }
                }
                for (String[] args : forms) {
                    CheckCommand plain = CheckArgs.read(args);
                    if (PLAIN.contains(name)) {
                        assertNotNull(plain, "plain reader declined " + Arrays.toString(args));
                        assertEquals(fields(picocli(args)), fields(plain), Arrays.toString(args));
                    } else {
                        assertNull(plain, "plain reader took " + Arrays.toString(args) + ", which is picocli's");
                    }
                }
            }
        }
        assertTrue(seen.containsAll(PLAIN), "options listed here that check no longer has: " + PLAIN);
    }

    @Test
    void repeatableOptionsAndPathsKeepTheirOrder() throws Exception {
        String[] args = {
            "a.sql",
            "--format",
            "text",
            "b",
            "--format=sarif=out.sarif",
            "--enable",
            "x",
            "--enable=y",
            "--disable",
            "z",
            "--",
            "--not-an-option.sql",
            "-o"
        };
        CheckCommand plain = CheckArgs.read(args);
        assertNotNull(plain);
        assertEquals(fields(picocli(args)), fields(plain));
        assertEquals(
                List.of(Path.of("a.sql"), Path.of("b"), Path.of("--not-an-option.sql"), Path.of("-o")), plain.paths);
        assertEquals(List.of("text", "sarif=out.sarif"), plain.report.formats);
    }

    @Test
    void whatPicocliRejectsIsLeftToPicocliSoItsMessageIsTheOneUsersSee() {
        List<String[]> rejected = List.of(
                new String[] {"--layout", "dbmate", "--layout", "sqlx"},
                new String[] {"--stats", "--stats"},
                new String[] {"--pg-version", "fifteen"},
                new String[] {"--pg-version"},
                new String[] {"--config", "--stats"},
                new String[] {"--no-such-option"},
                new String[] {"-x"});
        for (String[] args : rejected) {
            assertNull(CheckArgs.read(args), Arrays.toString(args));
            assertThrows(CommandLine.ParameterException.class, () -> picocli(args), Arrays.toString(args));
        }
        for (String[] args : List.of(
                new String[] {"--help"},
                new String[] {"-V"},
                new String[] {"--verify", "x"},
                new String[] {"@args.txt"},
                new String[] {"--engine", "url"},
                new String[] {"--pg-version", "0x10"})) {
            assertNull(CheckArgs.read(args), Arrays.toString(args));
        }
    }

    @Test
    void theHookAndTheActionInvocationsTakeThePlainPath() {
        assertNotNull(CheckArgs.read(new String[] {
            "--skip-unrelated-files",
            "--fail-on",
            "error",
            "db/migrations/001_create_users.sql",
            "db/migrations/002_add_users_email.sql"
        }));
        assertNotNull(CheckArgs.read(new String[] {
            "db/migrations",
            "--format",
            "sarif=miglint.sarif",
            "--format",
            "markdown=/tmp/summary.md",
            "--fail-on",
            "error",
            "--changed-since",
            "origin/main"
        }));
    }

    private static String sampleValue(Field f) {
        if (f.getType() == Integer.class || f.getType() == int.class) {
            return "16";
        }
        return "some-value";
    }

    private static CheckCommand picocli(String[] args) {
        CheckCommand c = new CheckCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    /** Every option and parameter field, by name. */
    private static Map<String, Object> fields(CheckCommand c) throws IllegalAccessException {
        Map<String, Object> values = new LinkedHashMap<>();
        fields(c, "", values);
        fields(c.report, "report.", values);
        return values;
    }

    private static void fields(Object o, String prefix, Map<String, Object> values) throws IllegalAccessException {
        for (Field f : o.getClass().getDeclaredFields()) {
            if (f.getAnnotation(Option.class) != null || f.getAnnotation(Parameters.class) != null) {
                f.setAccessible(true);
                values.put(prefix + f.getName(), f.get(o));
            }
        }
    }
}
