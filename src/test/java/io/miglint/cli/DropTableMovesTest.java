package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drop-table across migrations: a table whose rows an earlier migration moved into a table it created is dropped
 * without loss while that table is there; rows copied into a table that existed already (a log) are no move.
 */
class DropTableMovesTest {
    @TempDir
    Path tmp;

    private List<String> dropped(Path dir) throws Exception {
        return Cli.findings(dir, "--layout", "golang-migrate").stream()
                .filter(f -> f.get("ruleId").asText().equals("drop-table"))
                .map(f -> f.get("message").asText().split(" ")[1])
                .toList();
    }

    @Test
    void aTableMovedIntoANewOneIsDroppedQuietlyUntilTheNewOneGoesToo() throws Exception {
        Path dir = tmp.resolve("moved");
        Cli.pair(
                dir,
                "20230101120000_create_thumbnails",
                "CREATE TABLE thumbnails (file_id bigint, k text);\n",
                "DROP TABLE thumbnails;\n");
        Cli.pair(
                dir,
                "20230201120000_create_object_keys",
                "CREATE TABLE object_keys (file_id bigint, k text);\n"
                        + "INSERT INTO object_keys (file_id, k) SELECT file_id, k FROM thumbnails;\n",
                "DROP TABLE object_keys;\n");
        Cli.pair(
                dir,
                "20230301120000_drop_thumbnails",
                "SET lock_timeout = '5s';\nDROP TABLE thumbnails;\n",
                "SELECT 1;\n");
        assertEquals(List.of(), dropped(dir));
        Cli.pair(
                dir,
                "20230215120000_drop_object_keys",
                "SET lock_timeout = '5s';\nDROP TABLE object_keys;\n",
                "SELECT 1;\n");
        // object_keys, made from thumbnails, goes while thumbnails still holds its rows; then thumbnails has no copy
        assertEquals(List.of("thumbnails"), dropped(dir), "the copy is gone before the drop");
    }

    @Test
    void rowsCopiedIntoATableThatWasThereAlreadyAreNoMove() throws Exception {
        Path dir = tmp.resolve("logged");
        Cli.pair(
                dir,
                "20230101120000_create_tables",
                "CREATE TABLE users (id bigint);\n" + "CREATE TABLE audit_log (user_id bigint);\n",
                "DROP TABLE audit_log;\nDROP TABLE users;\n");
        Cli.pair(
                dir,
                "20230201120000_log_users",
                "INSERT INTO audit_log (user_id) SELECT id FROM users;\n",
                "SELECT 1;\n");
        Cli.pair(dir, "20230301120000_drop_users", "SET lock_timeout = '5s';\nDROP TABLE users;\n", "SELECT 1;\n");
        assertEquals(List.of("users"), dropped(dir));
    }
}
