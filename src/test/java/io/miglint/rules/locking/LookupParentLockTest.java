package io.miglint.rules.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import io.miglint.testing.LintFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lock-timeout-missing passes over the SHARE ROW EXCLUSIVE lock a new foreign key takes on a lookup table the folder
 * shows only migrations write, and goes on to the next lock that may queue the application's queries.
 */
class LookupParentLockTest {
    @TempDir
    Path dir;

    private static final String SETUP = "CREATE TABLE user_roles (id serial PRIMARY KEY, name text NOT NULL UNIQUE,"
            + " created_at timestamp NOT NULL);\n"
            + "COMMENT ON TABLE user_roles IS 'Reference table of user roles';\n"
            + "CREATE TABLE users (id uuid PRIMARY KEY, email text NOT NULL, created_at timestamp NOT NULL);\n";

    private List<Finding> lint(String name, String sql) {
        LintFixture.Example ex = new LintFixture.Example("dbmate", 15, SETUP, "", sql, false, null, false);
        return LintFixture.lint(dir.resolve(name), ex, Map.of("lock-timeout-missing", "on")).findings().stream()
                .filter(f -> f.ruleId().equals("lock-timeout-missing"))
                .toList();
    }

    @Test
    void aReferenceToTheLookupTableAloneIsNotReported() {
        assertEquals(
                List.of(),
                lint(
                        "alone",
                        "CREATE TABLE feedbacks (id serial PRIMARY KEY,"
                                + " user_role_id int REFERENCES user_roles (id), body text);\n"));
    }

    @Test
    void theApplicationTableItAlsoReferencesIsTheOneNamed() {
        List<Finding> found = lint(
                "both",
                "CREATE TABLE feedbacks (id serial PRIMARY KEY,"
                        + " user_role_id int REFERENCES user_roles (id), user_id uuid REFERENCES users (id));\n");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0)
                        .message()
                        .startsWith("takes a SHARE ROW EXCLUSIVE lock on users with no " + "lock_timeout"),
                found.get(0).message());
    }
}
