package io.miglint.rules.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.config.MiglintConfig;
import io.miglint.rule.RuleOptions;
import io.miglint.testing.LintFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** options.broad-grant in .miglint.yaml names the untrusted and admin roles the rule judges grants by. */
class BroadGrantOptionsTest {
    @TempDir
    Path dir;

    private static final String SQL = "GRANT SELECT ON accounts TO web_anon;\n"
            + "GRANT SELECT, INSERT, UPDATE ON accounts TO web_anon;\n"
            + "ALTER DEFAULT PRIVILEGES IN SCHEMA api GRANT SELECT ON TABLES TO web_anon;\n"
            + "GRANT platform_admin TO app_login;\n"
            + "GRANT SELECT, INSERT, UPDATE ON accounts TO app;\n";

    private List<Integer> flaggedLines(RuleOptions options) {
        LintFixture.Example ex = new LintFixture.Example("numbered", 15, "", "", SQL, false, null, false);
        return LintFixture.lint(dir.resolve("m"), ex, Map.of(), options).findings().stream()
                .filter(f -> f.ruleId().equals("broad-grant"))
                .map(f -> f.location().line())
                .toList();
    }

    @Test
    void withoutConfigurationNoneOfTheseIsBroad() {
        assertEquals(List.of(), flaggedLines(RuleOptions.EMPTY));
    }

    @Test
    void configuredRolesMakeWritesToTheUntrustedRoleAndAdminMembershipBroad() throws Exception {
        Path yaml = Files.writeString(
                dir.resolve(".miglint.yaml"),
                "options:\n  broad-grant:\n"
                        + "    untrusted-roles: [anon, WEB_ANON]\n    admin-roles: [platform_admin]\n");
        RuleOptions options = MiglintConfig.load(yaml, ".miglint.yaml").ruleOptions();
        // reading stays allowed; writes, and any default privileges, to the untrusted role are broad
        assertEquals(List.of(2, 3, 4), flaggedLines(options));
    }
}
