package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationFolderReader;
import io.miglint.layout.MigrationSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not part of the suite (run it with bench/verify-overhead.sh): per-migration cost of the verifier versus
 * applying the same up + down + up with plain JDBC, and engine start times. Figures go to stdout.
 */
class VerifyOverheadBench {
    private static final int MIGRATIONS = 30;
    private static final int ROUNDS = 9;

    @TempDir
    Path dir;

    private MigrationSet chain(int migrations) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("chain" + migrations));
        for (int i = 1; i <= migrations; i++) {
            String t = "t" + i;
            String up = "create table " + t + " (id bigint generated always as identity primary key,\n"
                    + "  name text not null, created_at timestamptz not null default now(),\n"
                    + "  parent bigint" + (i > 1 ? " references t" + (i - 1) + " (id)" : "") + ");\n"
                    + "create index " + t + "_name on " + t + " (name);\n"
                    + "alter table " + t + " add constraint " + t + "_name_len check (length(name) < 200);\n"
                    + "comment on table " + t + " is 'table " + i + "';\n"
                    + "create view " + t + "_v as select id, name from " + t + ";\n";
            String down = "drop view " + t + "_v;\ndrop table " + t + ";\n";
            Files.writeString(folder.resolve(i + "_" + t + ".up.sql"), up);
            Files.writeString(folder.resolve(i + "_" + t + ".down.sql"), down);
        }
        return MigrationFolderReader.read(folder, LayoutKind.GOLANG_MIGRATE, "bench")
                .set();
    }

    private static double verifier(ThrowawayDatabase db, MigrationSet set, boolean traceLocks) throws Exception {
        settle(db);
        long t0 = System.nanoTime();
        VerifyOutcome out =
                Verifier.verify(List.of(set), VerifyOptions.defaults().withTraceLocks(traceLocks), db);
        double ms = (System.nanoTime() - t0) / 1e6;
        // With --trace-locks each REFERENCES on the previous table is (rightly) a SHARE ROW EXCLUSIVE warning.
        assertEquals(
                traceLocks ? set.migrations().size() - 1 : 0, out.findings().size());
        assertEquals(List.of(), out.errors());
        return ms;
    }

    /** The embedded engine drops scratch databases in the background: no timing may overlap one. */
    private static void settle(ThrowawayDatabase db) throws Exception {
        if (db instanceof ScratchServerDatabase s) {
            s.server.awaitDrops();
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /**
     * Two figures per engine. "All in": the verifier's whole run over the 30-migration folder (its scratch database's
     * create and drop and the first snapshot included) divided by 30, against the plain statements alone. "Per
     * migration": what each further migration adds, (time for 30 - time for 1) / 29 for both, which leaves out the
     * per-folder costs printed on the next line.
     */
    private void measure(String engine, ThrowawayDatabase db, MigrationSet set, MigrationSet one) throws Exception {
        plainJdbc(db, set);
        verifier(db, set, false);
        double[] plain = new double[ROUNDS];
        double[] verify = new double[ROUNDS];
        double[] traced = new double[ROUNDS];
        double[] plainOne = new double[ROUNDS];
        double[] verifyOne = new double[ROUNDS];
        double[] tracedOne = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            plain[r] = plainJdbc(db, set);
            verify[r] = verifier(db, set, false);
            traced[r] = verifier(db, set, true);
            plainOne[r] = plainJdbc(db, one);
            verifyOne[r] = verifier(db, one, false);
            tracedOne[r] = verifier(db, one, true);
        }
        double p = median(plain) / MIGRATIONS;
        double v = median(verify) / MIGRATIONS;
        double t = median(traced) / MIGRATIONS;
        System.out.printf(
                "%-9s all in: plain JDBC up+down+up %.2f ms, verifier %.2f ms (%.2fx), "
                        + "verifier --trace-locks %.2f ms (%.2fx)%n",
                engine, p, v, v / p, t, t / p);
        double pm = (median(plain) - median(plainOne)) / (MIGRATIONS - 1);
        double vm = (median(verify) - median(verifyOne)) / (MIGRATIONS - 1);
        double tm = (median(traced) - median(tracedOne)) / (MIGRATIONS - 1);
        System.out.printf(
                "%-9s per migration: plain JDBC up+down+up %.2f ms, verifier %.2f ms (%.2fx), "
                        + "verifier --trace-locks %.2f ms (%.2fx)%n",
                engine, pm, vm, vm / pm, tm, tm / pm);
        // This machine's speed drifts between rounds; a round's two sides ran seconds apart, so their ratio is the
        // steadier figure.
        double[] ratios = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            ratios[r] = (verify[r] - verifyOne[r]) / (plain[r] - plainOne[r]);
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "%-9s per migration, ratio within each of %d rounds: median %.2fx (min %.2fx, max %.2fx)%n",
                engine, ROUNDS, median(ratios), sorted[0], sorted[ROUNDS - 1]);
        breakdown(engine, db, set);
    }

    /** Where the verifier's time goes: the per-folder scratch database and the catalog snapshots. */
    private static void breakdown(String engine, ThrowawayDatabase db, MigrationSet set) throws Exception {
        long t0 = System.nanoTime();
        ScratchDatabase scratch = db.createScratch();
        double create = (System.nanoTime() - t0) / 1e6;
        try (Connection c = scratch.connect(false);
                Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            for (var m : set.migrations()) {
                st.execute(Files.readString(m.up().file()));
            }
            CatalogReader reader = new CatalogReader(VerifyOptions.TRACKING_TABLES);
            reader.read(c);
            t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                reader.read(c);
            }
            double snapshot = (System.nanoTime() - t0) / 20e6;
            double[] unchanged = new double[2];
            for (int mode = 0; mode < 2; mode++) {
                IncrementalCatalog incremental = new IncrementalCatalog(
                        mode == 0 ? reader : new CatalogReader(VerifyOptions.TRACKING_TABLES, true));
                incremental.read(c);
                t0 = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    incremental.read(c, false); // as after a down: the log is read without the object statements
                }
                unchanged[mode] = (System.nanoTime() - t0) / 20e6;
            }
            System.out.printf(
                    "%-9s per folder: full snapshot of the %d-migration schema %.1f ms, incremental "
                            + "snapshot with nothing changed %.1f ms (row versions) / %.1f ms (log, as after a down)%n",
                    engine, MIGRATIONS, snapshot, unchanged[0], unchanged[1]);
        }
        t0 = System.nanoTime();
        db.drop(scratch);
        double dropCall = (System.nanoTime() - t0) / 1e6;
        settle(db);
        System.out.printf(
                "%-9s per folder: scratch database create %.0f ms, drop %.0f ms (%.0f ms of it on the "
                        + "verifier's thread)%n",
                engine, create, (System.nanoTime() - t0) / 1e6, dropCall);
    }

    /** Corpus projects whose whole history the verifier runs without a failure (docs/verify-corpus.md). */
    private static final List<String> CORPUS =
            List.of("atuinsh__atuin", "goharbor__harbor", "rust-lang__docs.rs", "MarquezProject__marquez");

    /**
     * The same scripts the verifier runs for a folder (up, down, up; or up twice where the layout asks for it), as
     * plain JDBC statements, in a database as PostgreSQL makes it: without the verifier's event triggers.
     */
    private static double plainJdbc(ThrowawayDatabase db, MigrationSet set) throws Exception {
        List<String> texts = new ArrayList<>();
        for (var m : set.migrations()) {
            if (m.up() == null) {
                continue;
            }
            String up = LoadedScript.load(m, m.up()).text();
            texts.add(up);
            if (m.down() != null) {
                texts.add(LoadedScript.load(m, m.down()).text());
                texts.add(up);
            } else if (!"R".equals(m.kind())
                    && (set.layout() == LayoutKind.NUMBERED || set.layout() == LayoutKind.ROLLBACK_SUFFIX)) {
                texts.add(up);
            }
        }
        settle(db);
        ScratchDatabase scratch = db.createScratch();
        if (scratch.changeCapture()) {
            try (Connection admin = scratch.connect(true)) {
                ChangeCapture.remove(admin);
            }
        }
        try (Connection c = scratch.connect(false);
                Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            // Some histories read or write their tool's tracking table, which the verifier provides too.
            var tracking = TrackingTable.ddl(set.layout());
            if (tracking.isPresent()) {
                st.execute(tracking.get());
            }
            long t0 = System.nanoTime();
            for (String text : texts) {
                if (!text.isBlank()) {
                    st.execute(text);
                }
            }
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            db.drop(scratch);
        }
    }

    /**
     * Real histories (when ../shared/corpus is there): the verifier's whole run over each folder against its scripts
     * run up, down, up with plain JDBC, per migration, three interleaved rounds. Real migrations do more per script
     * than the synthetic chain, so the verifier's fixed cost per read weighs less.
     */
    private static void corpus(String engine, ThrowawayDatabase db) throws Exception {
        Path root = io.miglint.testing.Corpus.location();
        if (!Files.isDirectory(root)) {
            System.out.printf("%-9s corpus: absent, skipped%n", engine);
            return;
        }
        for (String project : CORPUS) {
            var sets = io.miglint.layout.MigrationDiscovery.discover(
                            List.of(root.resolve(project)), java.util.Optional.empty())
                    .sets();
            for (MigrationSet set : sets) {
                int n = set.migrations().size();
                double[] plain = new double[3];
                double[] verify = new double[3];
                double[] ratio = new double[3];
                for (int r = 0; r < 3; r++) {
                    plain[r] = plainJdbc(db, set);
                    settle(db);
                    long t0 = System.nanoTime();
                    VerifyOutcome out = Verifier.verify(List.of(set), VerifyOptions.defaults(), db);
                    verify[r] = (System.nanoTime() - t0) / 1e6;
                    ratio[r] = verify[r] / plain[r];
                    assertEquals(List.of(), out.errors());
                }
                System.out.printf(
                        "%-9s corpus %s (%d migrations, %s): plain JDBC %.2f ms, verifier %.2f ms per "
                                + "migration, all in (%.2fx; per round %.2fx median)%n",
                        engine,
                        project,
                        n,
                        set.layout(),
                        median(plain) / n,
                        median(verify) / n,
                        median(verify) / median(plain),
                        median(ratio));
            }
        }
    }

    @Test
    void overheadAndStartTimes() throws Exception {
        MigrationSet set = chain(MIGRATIONS);
        MigrationSet one = chain(1);
        long t0 = System.nanoTime();
        try (ThrowawayDatabase url = ThrowawayDatabase.open(VerifyOptions.forUrl(TestDatabases.LOCAL_URL))) {
            System.out.printf(
                    "url       start %.0f ms (connect, create runner role)%n", (System.nanoTime() - t0) / 1e6);
            measure("url", url, set, one);
            corpus("url", url);
        }
        Path binaries = dir.resolve("pg-binaries");
        t0 = System.nanoTime();
        EmbeddedDatabase cold = EmbeddedDatabase.start(null, binaries, VerifyOptions.Sandbox.DEFAULT);
        double coldMs = (System.nanoTime() - t0) / 1e6;
        cold.close();
        t0 = System.nanoTime();
        try (EmbeddedDatabase warm = EmbeddedDatabase.start(null, binaries, VerifyOptions.Sandbox.DEFAULT)) {
            double warmMs = (System.nanoTime() - t0) / 1e6;
            System.out.printf(
                    "embedded  start cold %.0f ms (unpack + initdb + start), warm %.0f ms (initdb + start)%n",
                    coldMs, warmMs);
            measure("embedded", warm, set, one);
            corpus("embedded", warm);
        }
    }
}
