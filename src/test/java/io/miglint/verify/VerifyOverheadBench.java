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
        return MigrationFolderReader.read(folder, LayoutKind.GOLANG_MIGRATE, "bench").set();
    }

    private static double plainJdbc(ThrowawayDatabase db, MigrationSet set) throws Exception {
        ScratchDatabase scratch = db.createScratch();
        if (scratch.changeCapture()) {
            // The plain side runs in a database as PostgreSQL makes it, without the verifier's event triggers.
            try (Connection admin = scratch.connect(true)) {
                ChangeCapture.remove(admin);
            }
        }
        try (Connection c = scratch.connect(false); Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            List<String[]> texts = new ArrayList<>();
            for (var m : set.migrations()) {
                texts.add(new String[] {Files.readString(m.up().file()), Files.readString(m.down().file())});
            }
            long t0 = System.nanoTime();
            for (String[] ud : texts) {
                st.execute(ud[0]);
                st.execute(ud[1]);
                st.execute(ud[0]);
            }
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            db.drop(scratch);
        }
    }

    private static double verifier(ThrowawayDatabase db, MigrationSet set, boolean traceLocks) {
        long t0 = System.nanoTime();
        VerifyOutcome out = Verifier.verify(List.of(set), VerifyOptions.defaults().withTraceLocks(traceLocks), db);
        double ms = (System.nanoTime() - t0) / 1e6;
        // With --trace-locks each REFERENCES on the previous table is (rightly) a SHARE ROW EXCLUSIVE warning.
        assertEquals(traceLocks ? set.migrations().size() - 1 : 0, out.findings().size());
        assertEquals(List.of(), out.errors());
        return ms;
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
        System.out.printf("%-9s all in: plain JDBC up+down+up %.2f ms, verifier %.2f ms (%.2fx), "
                + "verifier --trace-locks %.2f ms (%.2fx)%n", engine, p, v, v / p, t, t / p);
        double pm = (median(plain) - median(plainOne)) / (MIGRATIONS - 1);
        double vm = (median(verify) - median(verifyOne)) / (MIGRATIONS - 1);
        double tm = (median(traced) - median(tracedOne)) / (MIGRATIONS - 1);
        System.out.printf("%-9s per migration: plain JDBC up+down+up %.2f ms, verifier %.2f ms (%.2fx), "
                + "verifier --trace-locks %.2f ms (%.2fx)%n", engine, pm, vm, vm / pm, tm, tm / pm);
        // This machine's speed drifts between rounds; a round's two sides ran seconds apart, so their ratio is the
        // steadier figure.
        double[] ratios = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            ratios[r] = (verify[r] - verifyOne[r]) / (plain[r] - plainOne[r]);
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        System.out.printf("%-9s per migration, ratio within each of %d rounds: median %.2fx (min %.2fx, max %.2fx)%n",
                engine, ROUNDS, median(ratios), sorted[0], sorted[ROUNDS - 1]);
        breakdown(engine, db, set);
    }

    /** Where the verifier's time goes: the per-folder scratch database and the catalog snapshots. */
    private static void breakdown(String engine, ThrowawayDatabase db, MigrationSet set) throws Exception {
        long t0 = System.nanoTime();
        ScratchDatabase scratch = db.createScratch();
        double create = (System.nanoTime() - t0) / 1e6;
        try (Connection c = scratch.connect(false); Statement st = c.createStatement()) {
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
            IncrementalCatalog incremental = new IncrementalCatalog(reader);
            incremental.read(c);
            t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                incremental.read(c);
            }
            double unchanged = (System.nanoTime() - t0) / 20e6;
            t0 = System.nanoTime();
            db.drop(scratch);
            System.out.printf("%-9s per folder: scratch database create %.0f ms, drop %.0f ms; full snapshot of the "
                    + "%d-migration schema %.1f ms, incremental snapshot with nothing changed %.1f ms%n", engine,
                    create, (System.nanoTime() - t0) / 1e6, MIGRATIONS, snapshot, unchanged);
        }
    }

    @Test
    void overheadAndStartTimes() throws Exception {
        MigrationSet set = chain(MIGRATIONS);
        MigrationSet one = chain(1);
        long t0 = System.nanoTime();
        try (ThrowawayDatabase url = ThrowawayDatabase.open(VerifyOptions.forUrl(TestDatabases.LOCAL_URL))) {
            System.out.printf("url       start %.0f ms (connect, create runner role)%n",
                    (System.nanoTime() - t0) / 1e6);
            measure("url", url, set, one);
        }
        Path binaries = Files.createDirectories(dir.resolve("pg-binaries"));
        t0 = System.nanoTime();
        EmbeddedDatabase cold = EmbeddedDatabase.start(null, binaries);
        double coldMs = (System.nanoTime() - t0) / 1e6;
        cold.close();
        t0 = System.nanoTime();
        try (EmbeddedDatabase warm = EmbeddedDatabase.start(null, binaries)) {
            double warmMs = (System.nanoTime() - t0) / 1e6;
            System.out.printf("embedded  start cold %.0f ms (unpack + initdb + start), warm %.0f ms (initdb + start)%n",
                    coldMs, warmMs);
            measure("embedded", warm, set, one);
        }
    }
}
