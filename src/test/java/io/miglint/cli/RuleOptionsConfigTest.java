package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.RuleOption;
import io.miglint.rules.registry.RuleRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule options are typed: each rule declares the keys it reads ({@code @RuleInfo(options = …)}), and a configuration
 * with any other key, or a value of another type, is refused at its line instead of being ignored.
 */
class RuleOptionsConfigTest {
    @TempDir
    Path tmp;

    Path dir;

    @BeforeEach
    void folder() throws Exception {
        dir = tmp.resolve("db/migrations");
        Cli.pair(
                dir,
                "20230101120000_create_users_table",
                "CREATE TABLE users (id bigint PRIMARY KEY);\n",
                "DROP TABLE users;\n");
    }

    private Cli check(String yaml) throws Exception {
        Files.writeString(tmp.resolve(".miglint.yaml"), yaml);
        return Cli.run("check", dir.toString());
    }

    @Test
    void aMisspelledKeyIsRefusedAtItsLineWithTheRightSpelling() throws Exception {
        Cli r = check("options:\n  migration-too-large:\n    max-statments: 1\n");
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertTrue(
                r.err()
                        .contains(
                                ".miglint.yaml:3:5: options: migration-too-large: unknown option " + "'max-statments'"),
                r.err());
        assertTrue(r.err().contains("max-statements"), r.err());
    }

    @Test
    void aRuleWithoutOptionsSaysSo() throws Exception {
        Cli r = check("options:\n  drop-table: {allow: true}\n");
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertTrue(
                r.err().contains("options: drop-table: unknown option 'allow'; this rule takes no options"), r.err());
    }

    @Test
    void aValueOfTheWrongTypeIsRefused() throws Exception {
        Cli r = check("options:\n  migration-too-large: {max-tables: many}\n");
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertTrue(r.err().contains("max-tables takes a whole number, not \"many\""), r.err());
        Cli list = check("options:\n  broad-grant: {untrusted-roles: anon}\n");
        assertEquals(ExitCode.USAGE, list.exit(), list.toString());
        assertTrue(list.err().contains("untrusted-roles takes a list of strings"), list.err());
    }

    @Test
    void declaredKeysOfTheRightTypeAreAccepted() throws Exception {
        Cli r = check("options:\n  migration-too-large: {max-statements: 3, max-tables: 2}\n"
                + "  broad-grant: {untrusted-roles: [anon], admin-roles: []}\n"
                + "  index-name-convention: {template: \"{table}_{columns}_idx\", allow-postgres-names: false}\n");
        assertEquals(ExitCode.CLEAN, r.exit(), r.toString());
    }

    @Test
    void aNamingKeyNothingReadsIsRefused() throws Exception {
        Cli r = check("naming: {timestamp-format: \"%Y\"}\n");
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertTrue(r.err().contains("timestamp-format"), r.err());
    }

    /** Every {@code options.<id>.<key>} a rule's source reads is a key that rule declares. */
    @Test
    void everyOptionARuleReadsIsDeclaredByThatRule() throws Exception {
        Pattern read = Pattern.compile("\"options\\.([a-z0-9-]+)\\.([a-z0-9-]+)\"");
        int found = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/miglint/rules"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = read.matcher(Files.readString(f));
                while (m.find()) {
                    found++;
                    String id = m.group(1);
                    String key = m.group(2);
                    List<String> declared = RuleRegistry.options(id).stream()
                            .map(RuleOption::name)
                            .toList();
                    assertTrue(
                            declared.contains(key),
                            f + " reads options." + id + "." + key + " but " + id + " declares " + declared);
                }
            }
        }
        assertTrue(found >= 10, "found only " + found + " option reads: is the pattern still right?");
    }
}
