package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationFolderReader;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --shard i/n: each job replays the migrations before its slice and verifies only the slice. */
class ShardTest {

    @Test
    void eachShardVerifiesItsSliceOnTopOfTheReplayedPrefix(@TempDir Path dir) throws Exception {
        // Migration 1's down forgets a sequence (a finding when verified, and the run goes on: the guarded up
        // applies again); migration 4 depends on migration 1 and its down forgets its column.
        Files.writeString(
                dir.resolve("1_create_a.up.sql"), "create sequence if not exists a_seq;\ncreate table a (id int);\n");
        Files.writeString(dir.resolve("1_create_a.down.sql"), "drop table a;\n");
        Files.writeString(dir.resolve("2_create_b.up.sql"), "create table b (id int);\n");
        Files.writeString(dir.resolve("2_create_b.down.sql"), "drop table b;\n");
        Files.writeString(dir.resolve("3_create_c.up.sql"), "create table c (id int);\n");
        Files.writeString(dir.resolve("3_create_c.down.sql"), "drop table c;\n");
        Files.writeString(dir.resolve("4_add_a_note.up.sql"), "alter table a add column if not exists note text;\n");
        Files.writeString(dir.resolve("4_add_a_note.down.sql"), "select 1;\n");
        MigrationSet set = MigrationFolderReader.read(dir, LayoutKind.GOLANG_MIGRATE, "test")
                .set();
        VerifyOptions url = VerifyOptions.forUrl(TestDatabases.LOCAL_URL);

        List<String> first = versions(Verifier.verify(List.of(set), url.withShard(VerifyOptions.Shard.parse("1/2")))
                .findings());
        List<String> second = versions(Verifier.verify(List.of(set), url.withShard(VerifyOptions.Shard.parse("2/2")))
                .findings());
        List<String> whole = versions(Verifier.verify(List.of(set), url).findings());

        assertEquals(List.of("1"), first, "slice 1/2 verifies migrations 1-2 only");
        assertEquals(List.of("4"), second, "slice 2/2 replays 1-2 (no finding there) and verifies 3-4");
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        assertEquals(whole, both, "the shards together find what one run finds");
    }

    @Test
    void malformedShardIsRefused() {
        for (String bad : List.of("0/2", "3/2", "1", "a/b", "1/0")) {
            try {
                VerifyOptions.Shard.parse(bad);
                throw new AssertionError(bad + " was accepted");
            } catch (IllegalArgumentException expected) {
                // the message names the value and the form
            }
        }
    }

    private static List<String> versions(List<Finding> findings) {
        return findings.stream().map(f -> f.migration().version()).toList();
    }
}
