package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.layout.Direction;
import io.miglint.layout.LayoutKind;
import io.miglint.rule.Finding;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The verifier against the PostgreSQL server on 127.0.0.1:5432 (url engine). */
@Tag("slow")
class VerifierUrlTest extends VerifierContract {
    private static ThrowawayDatabase db;

    @BeforeAll
    static void open() throws DatabaseUnavailableException {
        db = ThrowawayDatabase.open(VerifyOptions.forUrl(TestDatabases.LOCAL_URL));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Override
    ThrowawayDatabase database() {
        return db;
    }

    /** A partitioned table with a trigger, a plain partition and a partitioned one with a partition of its own. */
    private static final String PARTITIONED = "create table events (k int not null, v int, "
            + "constraint events_v check (v > 0)) partition by list (k);\n"
            + "create index events_v_idx on events (v);\n"
            + "create function events_seen() returns trigger language plpgsql as $$ begin return new; end $$;\n"
            + "create trigger events_seen after insert on events for each row execute function events_seen();\n"
            + "create table events_1 partition of events for values in (1);\n"
            + "create table events_2 partition of events for values in (2) partition by list (v);\n"
            + "create table events_21 partition of events_2 for values in (1);\n";

    /**
     * Partitions detached and attached again, also concurrently (a file of that statement alone runs outside a
     * transaction block): the snapshots after each script see the partitions as they are.
     */
    @Test
    void partitionsDetachedAndAttachedAgainPass() throws IOException {
        VerifyOutcome out = verify(folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_events.up.sql",
                PARTITIONED,
                "1_events.down.sql",
                "drop table events;\ndrop function events_seen();\n",
                "2_detach.up.sql",
                "alter table events detach partition events_1;\n" + "alter table events detach partition events_2;\n",
                "2_detach.down.sql",
                "alter table events attach partition events_1 for values in (1);\n"
                        + "alter table events attach partition events_2 for values in (2);\n",
                "3_attach.up.sql",
                "alter table events attach partition events_2 for values in (2);\n",
                "3_attach.down.sql",
                "alter table events detach partition events_2;\n",
                // Detached concurrently, a partition keeps its bound as a CHECK constraint (on its partitions too).
                "4_concurrently.up.sql",
                "alter table events detach partition events_2 concurrently;\n",
                "4_concurrently.down.sql",
                "alter table events attach partition events_2 for values in (2);\n"
                        + "alter table events_2 drop constraint events_2_k_check;\n"));
        assertEquals(List.of(), out.findings(), () -> describe(out.findings()));
    }

    /** A down that leaves a detached partition detached is incomplete: the snapshot after the up saw the detach. */
    @Test
    void aDownThatDoesNotAttachTheDetachedPartitionAgainIsIncomplete() throws IOException {
        Finding f = only(
                verify(folder(
                        LayoutKind.GOLANG_MIGRATE,
                        "1_events.up.sql",
                        PARTITIONED,
                        "1_events.down.sql",
                        "drop table events;\ndrop function events_seen();\n",
                        "2_detach.up.sql",
                        "alter table events detach partition events_2;\n",
                        "2_detach.down.sql",
                        "-- forgot to attach it again\nselect 1;\n")),
                "verify-down-incomplete");
        assertEquals(Direction.DOWN, f.migration().direction());
        assertTrue(f.message().contains("events_2"), f.message());
    }
}
