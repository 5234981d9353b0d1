package io.miglint.gate;

import static io.miglint.gate.GateDatabases.miglint;
import static io.miglint.gate.GateDatabases.rows;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationFolderReader;
import io.miglint.layout.MigrationSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sqitch itself (Debian's {@code sqitch} package with {@code libdbd-pg-perl}; .ci/run installs them) deploys a small
 * plan into a scratch database: dependencies, a note with an escaped newline, a tag, a reworked change with its
 * {@code name@tag.sql} scripts, a {@code %uri} sqitch canonicalises. miglint's status then finds every change applied
 * (its change ids are sqitch's), the gate passes, and an edited deploy script is reported as edited. The one on PATH,
 * or the one {@code MIGLINT_SQITCH} names; skipped, not failed, without it.
 */
@Tag("slow")
class RealSqitchComparisonTest {
    static final String PLAN = "%syntax-version=1.0.0\n"
            + "%project=shop\n"
            + "%uri=HTTPS://Example.com\n"
            + "\n"
            + "schemas/app 2024-01-01T00:00:00Z Ann Lee <ann@example.com> # Create the app schema\n"
            + "tables/orders [schemas/app] 2024-01-02T00:00:00Z Ann Lee <ann@example.com> # Orders\\nsecond line\n"
            + "indexes/orders_id [tables/orders !other:legacy] 2024-01-02T10:00:00Z Ann Lee <ann@example.com>\n"
            + "@v1.0 2024-01-03T00:00:00Z Ann Lee <ann@example.com> # first release\n"
            + "\n"
            + "tables/orders [tables/orders@v1.0] 2024-01-04T00:00:00Z Bob <bob@example.com> # add total\n";

    String db;

    @TempDir
    Path project;

    @TempDir
    Path logs;

    @BeforeEach
    void create() throws SQLException {
        db = GateDatabases.create();
    }

    @AfterEach
    void drop() throws SQLException {
        GateDatabases.drop(db);
    }

    private static Path installedSqitch() {
        String named = System.getenv("MIGLINT_SQITCH");
        Path sqitch = named != null && !named.isBlank() ? Path.of(named) : null;
        if (sqitch == null) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "sqitch"))) {
                    sqitch = Path.of(dir, "sqitch");
                    break;
                }
            }
        }
        assumeTrue(
                sqitch != null && Files.isExecutable(sqitch),
                "sqitch is not installed (on PATH or in MIGLINT_SQITCH; .ci/run installs Debian's sqitch and "
                        + "libdbd-pg-perl), so there is nothing to compare with");
        return sqitch;
    }

    private void write(String relative, String text) throws IOException {
        Path f = project.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    private void writeProject() throws IOException {
        write("sqitch.plan", PLAN);
        write("sqitch.conf", "[core]\n\tengine = pg\n");
        write("deploy/schemas/app.sql", "BEGIN;\nCREATE SCHEMA app;\nCOMMIT;\n");
        write("revert/schemas/app.sql", "BEGIN;\nDROP SCHEMA app;\nCOMMIT;\n");
        write("verify/schemas/app.sql", "SELECT pg_catalog.has_schema_privilege('app', 'usage');\n");
        write("deploy/tables/orders@v1.0.sql", "BEGIN;\nCREATE TABLE app.orders (id bigint NOT NULL);\nCOMMIT;\n");
        write("revert/tables/orders@v1.0.sql", "BEGIN;\nDROP TABLE app.orders;\nCOMMIT;\n");
        write("deploy/tables/orders.sql", "BEGIN;\nALTER TABLE app.orders ADD COLUMN total numeric;\nCOMMIT;\n");
        write("revert/tables/orders.sql", "BEGIN;\nALTER TABLE app.orders DROP COLUMN total;\nCOMMIT;\n");
        // outside a transaction, as sqitch runs it: psql sends the statement on its own
        write("deploy/indexes/orders_id.sql", "CREATE INDEX CONCURRENTLY orders_id ON app.orders (id);\n");
        write("revert/indexes/orders_id.sql", "DROP INDEX CONCURRENTLY app.orders_id;\n");
    }

    private RealDbmateComparisonTest.Exec sqitch(Path sqitch, String... command)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(sqitch.toString(), "-C", project.toString()));
        args.addAll(List.of(command));
        return RealDbmateComparisonTest.exec(logs.resolve("sqitch.log"), args);
    }

    @Test
    void whatSqitchDeployedIsAppliedAndAnEditedDeployScriptIsEdited() throws Exception {
        Path sqitch = installedSqitch();
        writeProject();
        RealDbmateComparisonTest.Exec deploy = sqitch(sqitch, "deploy", "db:pg://postgres@127.0.0.1:5432/" + db);
        assertEquals(0, deploy.exit(), deploy.output());
        List<List<String>> registry =
                rows(db, "select change_id, change from sqitch.changes order by committed_at, change_id");
        assertEquals(4, registry.size(), registry.toString());

        // miglint's change ids are the ones sqitch stored, in plan order
        MigrationSet set =
                MigrationFolderReader.read(project, LayoutKind.SQITCH, "test").set();
        SqitchLedger ledger = new SqitchLedger(SqitchLedger.DEFAULT);
        List<String> ours = set.migrations().stream().map(ledger::key).sorted().toList();
        assertEquals(registry.stream().map(r -> r.get(0)).sorted().toList(), ours, "change ids of " + registry);

        GateDatabases.Run status = miglint("status", project.toString(), "--database-url", url(db), "--format", "json");
        assertEquals(0, status.exit(), status.out() + status.err());
        JsonNode report = new ObjectMapper().readTree(status.out());
        assertEquals("sqitch.changes", report.get("table").asText());
        List<String> states = new ArrayList<>();
        report.get("migrations")
                .forEach(m ->
                        states.add(m.get("name").asText() + " " + m.get("state").asText()));
        assertEquals(
                List.of(
                        "schemas/app applied",
                        "tables/orders applied",
                        "indexes/orders_id applied",
                        "tables/orders applied"),
                states);

        GateDatabases.Run gate = miglint("gate", project.toString(), "--database-url", url(db));
        assertEquals(0, gate.exit(), gate.out() + gate.err());

        write("deploy/tables/orders.sql", "BEGIN;\nALTER TABLE app.orders ADD COLUMN total numeric(12, 2);\nCOMMIT;\n");
        GateDatabases.Run edited = miglint("gate", project.toString(), "--database-url", url(db));
        assertEquals(1, edited.exit(), edited.out() + edited.err());
        assertTrue(edited.out().contains("gate-edited"), edited.out());
        assertTrue(edited.out().contains("deploy/tables/orders.sql"), edited.out());
        assertTrue(!edited.out().contains("orders@v1.0.sql:1:1: error [gate-edited]"), edited.out());

        // deploying stays with sqitch: apply refuses in one line and writes nothing
        GateDatabases.Run apply = miglint("apply", project.toString(), "--database-url", url(db), "--yes");
        assertEquals(2, apply.exit(), apply.out() + apply.err());
        assertTrue(apply.err().contains("sqitch deploy"), apply.err());
        assertEquals(
                registry, rows(db, "select change_id, change from sqitch.changes order by committed_at, change_id"));
    }

    @Test
    void aChangeNotYetDeployedIsPending() throws Exception {
        Path sqitch = installedSqitch();
        writeProject();
        RealDbmateComparisonTest.Exec deploy =
                sqitch(sqitch, "deploy", "--to", "@v1.0", "db:pg://postgres@127.0.0.1:5432/" + db);
        assertEquals(0, deploy.exit(), deploy.output());
        GateDatabases.Run status = miglint("status", project.toString(), "--database-url", url(db));
        assertEquals(0, status.exit(), status.out() + status.err());
        assertTrue(status.out().contains("3 applied, 1 pending"), status.out());
    }

    /**
     * A registry the project's sqitch.conf names ({@code engine.pg.registry}): sqitch deploys into it, and miglint's
     * status reads it there, without being told, instead of finding the default {@code sqitch} schema empty.
     */
    @Test
    void theRegistrySqitchConfNamesIsTheOneRead() throws Exception {
        Path sqitch = installedSqitch();
        writeProject();
        write("sqitch.conf", "[core]\n\tengine = pg\n[engine \"pg\"]\n\tregistry = app_registry # ours\n");
        RealDbmateComparisonTest.Exec deploy = sqitch(sqitch, "deploy", "db:pg://postgres@127.0.0.1:5432/" + db);
        assertEquals(0, deploy.exit(), deploy.output());
        assertEquals(List.of(List.of("4")), rows(db, "select count(*)::text from app_registry.changes"));
        GateDatabases.Run status = miglint("status", project.toString(), "--database-url", url(db), "--format", "json");
        assertEquals(0, status.exit(), status.out() + status.err());
        JsonNode report = new ObjectMapper().readTree(status.out());
        assertEquals("app_registry.changes", report.get("table").asText());
        assertEquals(4, report.get("counts").get("applied").asInt(), report.toString());
        assertTrue(report.get("clean").asBoolean(), report.toString());
    }
}
