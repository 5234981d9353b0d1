package io.miglint.gate;

import static io.miglint.gate.GateDatabases.miglint;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh target, so the whole history is pending and the gate verifies all of it: an old down that fails blocks it,
 * until verify.downs-since (or --downs-since) leaves the old downs alone or a baseline taken with --verify records it.
 */
@Tag("slow")
class GateOldHistoryTest {
    @TempDir
    Path tmp;

    String db;
    Path folder;

    @BeforeEach
    void create() throws Exception {
        db = GateDatabases.create();
        folder = Files.createDirectories(tmp.resolve("migrations"));
        Files.writeString(folder.resolve("1_users.up.sql"), "create table users (id int primary key);\n");
        Files.writeString(folder.resolve("1_users.down.sql"), "drop table user_typo;\n");
        Files.writeString(folder.resolve("2_orders.up.sql"), "create table orders (id int primary key);\n");
        Files.writeString(folder.resolve("2_orders.down.sql"), "drop table orders;\n");
    }

    @AfterEach
    void drop() throws SQLException {
        GateDatabases.drop(db);
    }

    private GateDatabases.Run gate(String... extra) {
        String[] args = {
            "gate",
            folder.toString(),
            "--database-url",
            url(db),
            "--engine",
            "url",
            "--engine-url",
            GateEndToEndTest.ENGINE_SERVER,
            "--format",
            "text"
        };
        String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return miglint(all);
    }

    @Test
    void oldDownsAreLeftAloneFromDownsSinceOrHiddenByABaseline() throws Exception {
        GateDatabases.Run blocked = gate();
        assertEquals(1, blocked.exit(), blocked.out() + blocked.err());
        assertTrue(blocked.out().contains("verify-down-failed"), blocked.out());

        GateDatabases.Run since = gate("--downs-since", "2");
        assertEquals(0, since.exit(), since.out() + since.err());
        Files.writeString(tmp.resolve(".miglint.yaml"), "verify: {downs-since: \"2\"}\n");
        GateDatabases.Run configured = gate();
        assertEquals(0, configured.exit(), configured.out() + configured.err());
        Files.delete(tmp.resolve(".miglint.yaml"));

        Path baseline = tmp.resolve("baseline.json");
        GateDatabases.Run written = miglint(
                "baseline",
                folder.toString(),
                "--verify",
                "--engine",
                "url",
                "--database-url",
                GateEndToEndTest.ENGINE_SERVER,
                "-o",
                baseline.toString());
        assertEquals(0, written.exit(), written.out() + written.err());
        GateDatabases.Run hidden = gate("--baseline", baseline.toString());
        assertEquals(0, hidden.exit(), hidden.out() + hidden.err());
        assertTrue(!hidden.out().contains("baseline-stale"), hidden.out());
    }
}
