package io.miglint.verify;

import io.miglint.layout.MigrationDiscovery;
import io.miglint.layout.MigrationSet;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Not part of the suite: writes, for corpus histories applied up, down, up on the PostgreSQL at 127.0.0.1:5432, a
 * digest of every snapshot (a full read; incremental reads, from the log and from row versions, are said to differ
 * when they do) and each folder's last snapshot in full, to the file
 * {@code -Dmiglint.snapshotDump=PATH} (default target/snapshot-dump.txt). Two dumps, before and after a change to
 * the catalog SQL, must be equal: mvn -o test -Dtest=SnapshotCorpusDump -Dmiglint.snapshotDump=/tmp/before.txt
 */
class SnapshotCorpusDump {
    private static final List<String> PROJECTS = List.of(
            "atuinsh__atuin",
            "goharbor__harbor",
            "rust-lang__docs.rs",
            "MarquezProject__marquez",
            "ente-io__ente",
            "UPchieve__subway",
            "LemmyNet__lemmy");

    @Test
    void dump() throws Exception {
        Path root = io.miglint.testing.Corpus.location();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(root), "corpus absent");
        Path out = Path.of(System.getProperty("miglint.snapshotDump", "target/snapshot-dump.txt"));
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8));
                ThrowawayDatabase db = ThrowawayDatabase.open(VerifyOptions.forUrl(TestDatabases.LOCAL_URL))) {
            for (String project : PROJECTS) {
                for (MigrationSet set : MigrationDiscovery.discover(List.of(root.resolve(project)), Optional.empty())
                        .sets()) {
                    dumpSet(w, db, project, set);
                }
            }
        }
    }

    private static void dumpSet(PrintWriter w, ThrowawayDatabase db, String project, MigrationSet set)
            throws Exception {
        ScratchDatabase scratch = db.createScratch();
        try (Connection c = scratch.connect(false)) {
            var tracking = TrackingTable.ddl(set.layout());
            if (tracking.isPresent()) {
                try (Statement st = c.createStatement()) {
                    st.execute(tracking.get());
                }
            }
            CatalogReader full = new CatalogReader(VerifyOptions.TRACKING_TABLES);
            IncrementalCatalog incremental =
                    new IncrementalCatalog(new CatalogReader(VerifyOptions.TRACKING_TABLES, scratch.changeCapture()));
            // The other way of finding what changed: catalog row versions (a superuser's --database-url).
            IncrementalCatalog byRows = new IncrementalCatalog(new CatalogReader(VerifyOptions.TRACKING_TABLES));
            ScriptRunner runner = new ScriptRunner(c);
            SchemaSnapshot last = step(w, project + " start", full.read(c), incremental.read(c), byRows.read(c));
            for (var m : set.migrations()) {
                if (m.up() == null) {
                    continue;
                }
                LoadedScript up = LoadedScript.load(m, m.up());
                if (runner.run(up, "up").failure() != null) {
                    w.println(project + " " + m.name() + " up fails");
                    break;
                }
                last = step(
                        w,
                        project + " " + m.name() + " up",
                        full.read(c),
                        incremental.read(c, true),
                        byRows.read(c, true));
                if (m.down() != null) {
                    if (runner.run(LoadedScript.load(m, m.down()), "down").failure() != null) {
                        w.println(project + " " + m.name() + " down fails");
                        break;
                    }
                    step(
                            w,
                            project + " " + m.name() + " down",
                            full.read(c),
                            incremental.read(c, false),
                            byRows.read(c, false));
                    if (runner.run(up, "reapply").failure() != null) {
                        w.println(project + " " + m.name() + " reapply fails");
                        break;
                    }
                    last = step(
                            w,
                            project + " " + m.name() + " reapply",
                            full.read(c),
                            incremental.read(c, true),
                            byRows.read(c, true));
                }
            }
            w.println(project + " last snapshot:");
            for (SchemaObject o : last.objects().values()) {
                w.println("  "
                        + FROZEN_TIME.matcher(o.key() + " " + o.attributes()).replaceAll("'(a time)'"));
            }
        } finally {
            db.drop(scratch);
        }
    }

    private static SchemaSnapshot step(
            PrintWriter w, String label, SchemaSnapshot full, SchemaSnapshot incremental, SchemaSnapshot byRows)
            throws Exception {
        String digest = digest(full);
        w.println(label + " " + digest + " " + full.size()
                + (digest(incremental).equals(digest) ? "" : " incremental (log) differs: " + digest(incremental))
                + (digest(byRows).equals(digest) ? "" : " incremental (rows) differs: " + digest(byRows)));
        return full;
    }

    /** A time a view froze when it was created ('now'::timestamp): it differs from one run to the next. */
    private static final java.util.regex.Pattern FROZEN_TIME =
            java.util.regex.Pattern.compile("'\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)?([+-]\\d\\d)?'");

    private static String digest(SchemaSnapshot s) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (SchemaObject o : s.objects().values()) {
            md.update(FROZEN_TIME
                    .matcher(o.key() + " " + o.attributes() + "\n")
                    .replaceAll("'(a time)'")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest(), 0, 8);
    }
}
