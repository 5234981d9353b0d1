package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The runner's password reaches the server only as a SCRAM-SHA-256 verifier, which the server stores as sent: a server
 * that logs statements never writes the password. (That the runner logs in with it is proven by every verifier test
 * on the embedded engine, whose server accepts only scram-sha-256.)
 */
class RunnerPasswordTest {
    @Test
    void theServerGetsAVerifierNotThePassword() throws Exception {
        String password = "pw" + Long.toHexString(System.nanoTime()) + "x9";
        String verifier = ScratchServer.runnerVerifier(password);
        assertTrue(verifier.startsWith("SCRAM-SHA-256$4096:"), verifier);
        assertFalse(verifier.contains(password));
        String role = "miglint_pwtest_" + Long.toHexString(System.nanoTime());
        try (Connection admin =
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement st = admin.createStatement()) {
            st.execute("create role " + role + " login password '" + verifier + "'");
            try {
                try (ResultSet rs =
                        st.executeQuery("select rolpassword from pg_authid where rolname = '" + role + "'")) {
                    rs.next();
                    assertEquals(verifier, rs.getString(1), "stored as sent, not hashed again");
                }
            } finally {
                st.execute("drop role " + role);
            }
        }
    }
}
