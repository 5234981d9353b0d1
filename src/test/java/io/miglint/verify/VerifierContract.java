package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.layout.Direction;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationFolderReader;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance cases of the verifier, run against one engine per subclass. Migration folders are written to disk
 * and read by the real layout reader, so the verifier sees exactly what `miglint verify` would hand it.
 */
abstract class VerifierContract {
    @TempDir
    Path dir;

    abstract ThrowawayDatabase database();

    VerifyOptions options() {
        return VerifyOptions.defaults();
    }

    MigrationSet folder(LayoutKind layout, String... nameThenContent) throws IOException {
        return folderAt(dir.resolve(layout.id()), layout, nameThenContent);
    }

    /** Writes the files into {@code at} and reads them as a folder of {@code layout}. */
    MigrationSet folderAt(Path at, LayoutKind layout, String... nameThenContent) throws IOException {
        Path folder = Files.createDirectories(at);
        for (int i = 0; i < nameThenContent.length; i += 2) {
            Path f = folder.resolve(nameThenContent[i]);
            Files.createDirectories(f.getParent());
            Files.writeString(f, nameThenContent[i + 1]);
        }
        MigrationFolderReader.Result r = MigrationFolderReader.read(folder, layout, "test");
        assertEquals(List.of(), r.problems());
        return r.set();
    }

    VerifyOutcome verify(MigrationSet set) {
        VerifyOutcome out = Verifier.verify(List.of(set), options(), database());
        assertEquals(List.of(), out.errors(), "tool errors");
        return out;
    }

    static String describe(List<Finding> findings) {
        return findings.stream()
                .map(f -> f.location().displayPath() + ":" + f.location().line() + ":"
                        + f.location().column() + " " + f.ruleId() + " " + f.message())
                .collect(Collectors.joining("\n"));
    }

    static Finding only(VerifyOutcome out, String ruleId) {
        List<Finding> all = out.findings();
        assertEquals(1, all.size(), () -> "expected exactly one " + ruleId + ", got:\n" + describe(all));
        assertEquals(ruleId, all.get(0).ruleId(), () -> describe(all));
        return all.get(0);
    }

    static void assertAt(Finding f, String fileSuffix, int line, int column) {
        assertTrue(f.location().displayPath().endsWith(fileSuffix), f.location().displayPath());
        assertEquals(
                line + ":" + column, f.location().line() + ":" + f.location().column(), f.message());
    }

    @Test
    void cleanChainPasses() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_users.up.sql",
                "create type role as enum ('admin', 'user');\n"
                        + "create table users (id bigint generated always as identity primary key,\n"
                        + "  email text not null unique, role role not null default 'user');\n",
                "1_users.down.sql",
                "drop table users;\ndrop type role;\n",
                "2_tickets.up.sql",
                "create sequence ticket_number_seq;\n"
                        + "create table tickets (id serial primary key,"
                        + " number int default nextval('ticket_number_seq'),"
                        + " user_id bigint references users(id));\n"
                        + "create index tickets_user on tickets (user_id);\n"
                        + "create function touch() returns trigger language plpgsql as $$ begin return new; end $$;\n"
                        + "create trigger t before update on tickets for each row execute function touch();\n",
                "2_tickets.down.sql",
                "drop table tickets;\ndrop function touch();\ndrop sequence ticket_number_seq;\n",
                "3_default.up.sql",
                "alter table users add column active boolean not null default true;\n",
                "3_default.down.sql",
                "alter table users drop column active;\n");
        VerifyOutcome out = verify(set);
        assertEquals(List.of(), out.findings(), () -> describe(out.findings()));
        // up, down, reapply for each of the three migrations: one timing per single-query script run
        assertEquals(9, out.timings().size(), out.timings().toString());
        assertTrue(out.timings().stream().allMatch(t -> t.millis() >= 0 && t.line() >= 1));
    }

    /**
     * A migration may change its session's output settings for the migrations after it; the snapshots read every
     * definition the same way whatever they are, so nothing differs that the migrations did not change.
     */
    @Test
    void sessionSettingsOfAMigrationDoNotChangeHowTheSchemaReads() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_slots.up.sql",
                "create table slots (id int primary key, length interval default '1 day 02:00',\n"
                        + "  starts timestamptz default '2020-01-02 03:04:05+00', price float8 default 0.1,\n"
                        + "  tag bytea default '\\x01ff', path text default 'a\\b');\n",
                "1_slots.down.sql",
                "drop table slots;\n",
                "2_settings.up.sql",
                "set intervalstyle = 'sql_standard';\n"
                        + "set extra_float_digits = 0;\nset bytea_output = 'escape';\nset timezone = 'Asia/Tokyo';\n"
                        + "set quote_all_identifiers = on;\nset standard_conforming_strings = off;\n"
                        + "alter table slots add column note text;\n",
                "2_settings.down.sql",
                "alter table slots drop column note;\n",
                "3_later.up.sql",
                "alter table slots alter column length set default '3 hours';\n",
                "3_later.down.sql",
                "alter table slots alter column length set default '1 day 02:00';\n");
        VerifyOutcome out = verify(set);
        assertEquals(List.of(), out.findings(), () -> describe(out.findings()));
    }

    @Test
    void downThatForgetsASequence() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_tickets.up.sql",
                "create sequence ticket_number_seq;\n"
                        + "create table tickets (id int, number int default nextval('ticket_number_seq'));\n",
                "1_tickets.down.sql",
                "-- reverses 1_tickets\ndrop table tickets;\n");
        Finding f = only(verify(set), "verify-down-incomplete");
        assertTrue(
                f.message()
                        .contains("sequence ticket_number_seq left behind; applying the up again then fails "
                                + "(relation \"ticket_number_seq\" already exists)"),
                f.message());
        assertEquals(Direction.DOWN, f.migration().direction());
        assertAt(f, "1_tickets.down.sql", 2, 1);
    }

    @Test
    void downWithATypo() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_users.up.sql",
                "create table users (id int);\n",
                "1_users.down.sql",
                "-- undo\n  DROP TABEL users;\n");
        Finding f = only(verify(set), "verify-down-failed");
        assertTrue(f.message().contains("syntax error at or near \"TABEL\""), f.message());
        assertTrue(f.message().contains("SQLSTATE 42601"), f.message());
        assertAt(f, "1_users.down.sql", 2, 8);
    }

    /** A broken down that changed nothing (rolled back) does not keep the later migrations from being verified. */
    @Test
    void aFailedDownThatRolledBackLetsTheLaterMigrationsBeVerified() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_users.up.sql",
                "create table users (id int);\n",
                "1_users.down.sql",
                "drop table users;\nDROP TABEL nothing;\n",
                "2_orders.up.sql",
                "create table orders (id int);\ncreate sequence order_no;\n",
                "2_orders.down.sql",
                "drop table orders;\n");
        VerifyOutcome out = verify(set);
        assertEquals(
                List.of("verify-down-failed", "verify-down-incomplete"),
                out.findings().stream().map(Finding::ruleId).toList(),
                () -> describe(out.findings()));
        assertAt(out.findings().get(0), "1_users.down.sql", 2, 6);
        assertTrue(
                out.findings().get(1).message().contains("sequence order_no left behind"),
                out.findings().get(1).message());
    }

    /**
     * An old migration that fails here does not leave the rest of the history unverified: its up is replayed one
     * statement at a time without what fails, the later migrations are verified on that schema and each reports on
     * its own, and a later failure that only comes from what was left out is told in the first finding, once.
     */
    @Test
    void aFailedUpIsReplayedWithoutWhatFailsAndTheLaterMigrationsAreStillVerified() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_users.up.sql",
                "create table users (id int primary key);\ncreate role miglint_reporting_x;\n"
                        + "grant select on users to miglint_reporting_x;\n",
                "1_users.down.sql",
                "drop table users;\n",
                "2_orders.up.sql",
                "create table orders (id int, user_id int references users (id));\n",
                "2_orders.down.sql",
                "drop table orders;\ncreate sequence left_behind;\n",
                "3_grant.up.sql",
                "grant select on orders to miglint_reporting_x;\n",
                "3_grant.down.sql",
                "revoke select on orders from miglint_reporting_x;\n",
                "4_more.up.sql",
                "create table more (order_id int);\n",
                "4_more.down.sql",
                "drop table more;\n");
        VerifyOutcome out = verify(set);
        List<Finding> all = out.findings();
        assertEquals(
                List.of("verify-needs-superuser", "verify-down-incomplete"),
                all.stream().map(Finding::ruleId).toList(),
                () -> describe(all));
        Finding root = all.get(0);
        assertAt(root, "1_users.up.sql", 2, 1);
        assertTrue(
                root.message()
                        .startsWith("CREATE ROLE was not run: the verifier runs migrations as a role that "
                                + "may not create or change roles"),
                root.message());
        assertTrue(root.message().contains("permission denied to create role"), root.message());
        assertTrue(
                root.message()
                        .contains(
                                "The later migrations of this folder were verified on the schema this "
                                        + "up gives when its statements run one at a time, without the 2 statements that fail (line 2; line "
                                        + "3: role \"miglint_reporting_x\" does not exist), so their results assume that schema"),
                root.message());
        assertTrue(
                root.message()
                                .contains("1 later failure comes only from what it left out, and is not reported "
                                        + "on its own: ")
                        && root.message()
                                .contains("3_grant.up.sql:1 (role \"miglint_reporting_x\" does " + "not exist)"),
                root.message());
        // the second migration ran on a schema with users (its foreign key needs it) and reports its own defect
        assertTrue(
                all.get(1).message().contains("sequence left_behind left behind"),
                all.get(1).message());
        assertAt(all.get(1), "2_orders.down.sql", 1, 1);
    }

    /** A statement that fails only inside the tool's transaction runs alone in the replay, as it was meant to. */
    @Test
    void theReplayOfAFailedUpRunsEachStatementInItsOwnTransaction() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_t.up.sql",
                "create table t (id int);\ncreate index concurrently t_id on t (id);\n",
                "1_t.down.sql",
                "drop table t;\n",
                "2_uses.up.sql",
                "comment on index t_id is 'needs the index';\n",
                "2_uses.down.sql",
                "comment on index t_id is null;\n");
        Finding f = only(verify(set), "verify-up-failed");
        assertTrue(f.message().contains("cannot run inside a transaction block"), f.message());
        assertTrue(
                f.message()
                        .contains("Run one statement at a time, each in its own transaction, every statement "
                                + "of it succeeds"),
                f.message());
    }

    /**
     * psql-style scripts: what the failed run left committed is not run again (a second CREATE TABLE would fail and
     * be listed as left out), and a block of the script's own that the failure rolled back is replayed.
     */
    @Test
    void theReplayRunsOnlyWhatTheFailedRunDidNotCommit() throws IOException {
        MigrationSet set = folder(
                LayoutKind.NUMBERED,
                "001_a.sql",
                "create table a (id int primary key);\ncreate role miglint_never_x;\n"
                        + "create table b (id int primary key);\n",
                "002_c.sql",
                "BEGIN;\ncreate table c (id int primary key);\ncreate role miglint_never_y;\n"
                        + "create table d (id int);\nCOMMIT;\n",
                "003_e.sql",
                "create table if not exists e (a int references a (id), b int references b (id), "
                        + "c int references c (id), d int);\ncomment on column d.id is 'replayed';\n");
        VerifyOutcome out = verify(set);
        List<Finding> all = out.findings();
        assertEquals(
                List.of("verify-needs-superuser@001_a.sql:2", "verify-needs-superuser@002_c.sql:3"),
                all.stream()
                        .map(f -> f.ruleId() + "@"
                                + f.location()
                                        .displayPath()
                                        .substring(f.location().displayPath().lastIndexOf('/') + 1) + ":"
                                + f.location().line())
                        .toList(),
                () -> describe(all));
        assertTrue(
                all.get(0).message().contains("without the statement that fails (line 2)"),
                all.get(0).message());
        assertTrue(
                all.get(1).message().contains("without the statement that fails (line 3)"),
                all.get(1).message());
    }

    /** A down that stopped halfway: the up's statements run again, and the later migrations start from its schema. */
    @Test
    void aDownThatFailsHalfwayIsUndoneByTheUpSoTheLaterMigrationsStillRun() throws IOException {
        MigrationSet set = folder(
                LayoutKind.ROLLBACK_SUFFIX,
                "20240101_000000_ab.sql",
                "create table a (id int primary key);\n" + "create table b (id int primary key);\n",
                "20240101_000000_ab_rollback.sql",
                "drop table b;\ndrop tabel a;\n",
                "20240102_000000_c.sql",
                "create table c (b int references b (id));\n",
                "20240102_000000_c_rollback.sql",
                "drop table c;\ncreate sequence left_behind;\n");
        VerifyOutcome out = verify(set);
        List<Finding> all = out.findings();
        assertEquals(
                List.of("verify-down-failed", "verify-down-incomplete"),
                all.stream().map(Finding::ruleId).toList(),
                () -> describe(all));
        assertTrue(
                all.get(0)
                        .message()
                        .contains(
                                "it had changed the schema before it failed, so the up's statements "
                                        + "were run again one at a time, which restored the up's schema for the later migrations"),
                all.get(0).message());
    }

    /** verify.downs-since: older migrations are applied up only, so their broken downs are not reported. */
    @Test
    void downsAreVerifiedOnlyFromTheDownsSinceVersionOn() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_users.up.sql",
                "create table users (id int);\n",
                "1_users.down.sql",
                "DROP TABEL users;\n",
                "2_orders.up.sql",
                "create table orders (id int);\ncreate sequence order_no;\n",
                "2_orders.down.sql",
                "drop table orders;\n",
                "3_items.up.sql",
                "create table items (id int);\ncreate sequence item_no;\n",
                "3_items.down.sql",
                "drop table items;\n");
        VerifyOutcome out = Verifier.verify(
                List.of(set), options().withDownsSince(io.miglint.layout.Version.parse("2")), database());
        assertEquals(List.of(), out.errors());
        assertEquals(
                List.of("verify-down-incomplete@2_orders.down.sql", "verify-down-incomplete@3_items.down.sql"),
                out.findings().stream()
                        .map(f -> f.ruleId() + "@"
                                + f.location()
                                        .displayPath()
                                        .substring(f.location().displayPath().lastIndexOf('/') + 1))
                        .toList(),
                () -> describe(out.findings()));
        VerifyOutcome later = Verifier.verify(
                List.of(set), options().withDownsSince(io.miglint.layout.Version.parse("3")), database());
        assertEquals(
                List.of("verify-down-incomplete"),
                later.findings().stream().map(Finding::ruleId).toList(),
                () -> describe(later.findings()));
        assertAt(later.findings().get(0), "3_items.down.sql", 1, 1);
    }

    /**
     * A 'now' literal frozen into a view that later migrations recreate differs after each of them: one cause, one
     * finding, which lists the later scripts.
     */
    @Test
    void aFrozenTimeLiteralThatLaterMigrationsRecreateIsReportedOnce() throws IOException {
        String view = "create view recent as select * from events where at > 'now'::timestamp - interval '1 day';\n";
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_events.up.sql",
                "create table events (at timestamp);\n" + view,
                "1_events.down.sql",
                "drop view recent;\ndrop table events;\n",
                "2_note.up.sql",
                "alter table events add column note text;\ndrop view recent;\n" + view,
                "2_note.down.sql",
                "drop view recent;\nalter table events drop column note;\n" + view);
        List<Finding> all = verify(set).findings();
        assertEquals(1, all.size(), () -> describe(all));
        Finding f = all.get(0);
        assertEquals("verify-reapply-differs", f.ruleId());
        assertAt(f, "1_events.up.sql", 1, 1);
        assertTrue(f.message().contains("only dates or times of the last day differ"), f.message());
        // 2_note's reapply differs in the same view its down did: that is the down's finding, listed here
        assertTrue(
                f.message()
                                .contains("the same frozen literal differs again in 1 later script, not reported on "
                                        + "its own: ")
                        && f.message().endsWith("2_note.down.sql"),
                f.message());
    }

    @Test
    void upThatDependsOnAMissingTable() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_users.up.sql",
                "create table users (id int);\n",
                "1_users.down.sql",
                "drop table users;\n",
                "2_orders.up.sql",
                "create table orders (id int);\n\nalter table customers add column vip boolean;\n"
                        + "create view vip as select * from customers;\n",
                "2_orders.down.sql",
                "drop table orders;\n",
                "3_never.up.sql",
                "create table never_reached (id int);\n");
        Finding f = only(verify(set), "verify-up-failed");
        assertTrue(f.message().contains("relation \"customers\" does not exist"), f.message());
        assertTrue(f.message().contains("42P01"), f.message());
        // PostgreSQL gives no position for ALTER TABLE's target: the finding points at the statement.
        assertAt(f, "2_orders.up.sql", 3, 1);
        assertEquals("2", f.migration().version());
        assertEquals("alter table customers add column vip boolean", f.statementText());
    }

    /**
     * The server receives each script as its tool sends it, byte for byte, and runs it once: the first script keeps
     * what the server received for it (current_query(): the whole query string), the second reports it, and how
     * often it ran itself, in the error it fails with.
     */
    @Test
    void eachScriptReachesTheServerAsItsToolSendsIt() throws Exception {
        String first = "-- récit\r\ncreate table seen (q text);\r\ninsert into seen select current_query();\r\n"
                + "create sequence runs;\r\n-- no line break at the end";
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_seen.up.sql",
                first,
                "2_check.up.sql",
                "select nextval('runs');\ndo $$ begin raise exception 'received % (% characters), "
                        + "run %', (select md5(q) from seen), (select length(q) from seen), currval('runs'); end $$;\n");
        Finding f = only(verify(set), "verify-up-failed");
        String md5 = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5")
                        .digest(first.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(
                f.message().contains("received " + md5 + " (" + first.length() + " characters), run 1"), f.message());
    }

    @Test
    void errorPositionIsMappedToTheExactColumn() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_v.up.sql",
                "-- a view\ncreate table a (id int);\n\tcreate view v as select * from cüstomers;\n");
        Finding f = only(verify(set), "verify-up-failed");
        assertAt(f, "1_v.up.sql", 3, "\tcreate view v as select * from ".length() + 1);
    }

    @Test
    void downThatForgetsToRestoreADefault() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_calls.up.sql",
                "create table calls (id int primary key, duration int);\n",
                "1_calls.down.sql",
                "drop table calls;\n",
                "2_default.up.sql",
                "alter table calls alter column duration set default 60;\n",
                "2_default.down.sql",
                "-- nothing to undo?\nselect 1;\n");
        Finding f = only(verify(set), "verify-down-incomplete");
        assertEquals(
                "down does not restore the schema the up started from: "
                        + "column calls.duration: default 60, expected no default",
                f.message());
        assertAt(f, "2_default.down.sql", 2, 1);
    }

    @Test
    void concurrentlyAmongOtherStatementsInAGolangMigrateFile() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_t.up.sql",
                "create table t (id int);\n",
                "1_t.down.sql",
                "drop table t;\n",
                "2_alone.up.sql",
                "create index concurrently t_id on t (id);\n",
                "2_alone.down.sql",
                "drop index concurrently t_id;\n",
                "3_mixed.up.sql",
                "alter table t add column v int;\n" + "create index concurrently t_v on t (v);\n",
                "3_mixed.down.sql",
                "drop index t_v;\nalter table t drop column v;\n");
        Finding f = only(verify(set), "verify-up-failed");
        assertTrue(
                f.message().contains("CREATE INDEX CONCURRENTLY cannot run inside a transaction block"), f.message());
        assertTrue(f.message().contains("25001"), f.message());
        assertAt(f, "3_mixed.up.sql", 2, 1);
        assertEquals("create index concurrently t_v on t ( v )", f.statementText());
    }

    @Test
    void dbmateSectionWithoutTransactionFalse() throws IOException {
        MigrationSet set = folder(
                LayoutKind.DBMATE,
                "20240101000000_t.sql",
                "-- migrate:up\ncreate table t (id int);\n\n" + "-- migrate:down\ndrop table t;\n",
                "20240102000000_ok.sql",
                "-- migrate:up transaction:false\ncreate index concurrently t_a on t (id);\n"
                        + "\n-- migrate:down transaction:false\ndrop index concurrently t_a;\n",
                "20240103000000_bad.sql",
                "-- migrate:up\n\ncreate index concurrently t_b on t (id);\n\n" + "-- migrate:down\ndrop index t_b;\n");
        Finding f = only(verify(set), "verify-up-failed");
        assertTrue(f.message().contains("cannot run inside a transaction block"), f.message());
        assertTrue(f.message().contains("dbmate wraps each section in a transaction"), f.message());
        assertAt(f, "20240103000000_bad.sql", 3, 1);
    }

    @Test
    void reapplyAfterDownIsCheckedAndNumberedFilesRunTwice() throws IOException {
        MigrationSet set = folder(
                LayoutKind.NUMBERED,
                "001_init.sql",
                "BEGIN;\ncreate table if not exists a (id int);\nCOMMIT;\n",
                "002_b.sql",
                "BEGIN;\ncreate table b (id int);\nCOMMIT;\n");
        Finding f = only(verify(set), "verify-reapply-failed");
        assertTrue(f.message().contains("relation \"b\" already exists"), f.message());
        assertAt(f, "002_b.sql", 2, 1);
    }

    @Test
    void psqlMetaCommandsAreInterpretedOrReported() throws IOException {
        MigrationSet set = folder(
                LayoutKind.NUMBERED,
                "001_init.sql",
                "\\set ON_ERROR_STOP on\n\\echo hello\ncreate table if not exists a (id int);\n");
        Finding f = only(verify(set), "verify-psql-command-skipped");
        assertTrue(f.message().contains("\\echo"), f.message());
        assertAt(f, "001_init.sql", 2, 1);
    }

    @Test
    void untrustedSqlRunsWithoutSuperuser() throws IOException {
        Path marker = dir.resolve("pwned");
        MigrationSet set =
                folder(LayoutKind.GOLANG_MIGRATE, "1_x.up.sql", "copy (select 1) to program 'touch " + marker + "';\n");
        Finding f = only(verify(set), "verify-up-failed");
        assertTrue(f.message().contains("42501"), f.message());
        assertFalse(Files.exists(marker));
    }

    @Test
    void traceLocksReportsBlockingLocksAndRewritesOnExistingTablesOnly() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_t.up.sql",
                "create table t (id int, note text);\ncreate index t_note on t (note);\n",
                "1_t.down.sql",
                "drop table t;\n",
                "2_alter.up.sql",
                "alter table t add column flag boolean default false;\n"
                        + "alter table t alter column id type bigint;\n"
                        + "create index t_id on t (id);\n",
                "2_alter.down.sql",
                "drop index t_id;\nalter table t alter column id type int;\n" + "alter table t drop column flag;\n");
        VerifyOutcome out = Verifier.verify(List.of(set), options().withTraceLocks(true), database());
        assertEquals(List.of(), out.errors());
        String all = describe(out.findings());
        List<String> got = out.findings().stream()
                .map(x -> x.ruleId() + "@" + x.location().line())
                .toList();
        // line 1: ADD COLUMN with a constant default takes ACCESS EXCLUSIVE but rewrites nothing (PostgreSQL 11+);
        // line 2 rewrites the table and its index; line 3 takes SHARE, weaker than what is already held.
        assertEquals(List.of("verify-dangerous-lock@1", "verify-table-rewrite@2", "verify-table-rewrite@2"), got, all);
        assertTrue(
                out.findings().get(0).message().startsWith("takes ACCESS EXCLUSIVE lock on t: blocks every read"), all);
        assertTrue(out.timings().stream().anyMatch(t -> t.pass().equals("trace") && t.line() == 3));
    }

    @Test
    void reapplyThatDiffersFromTheFirstUp() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_t.up.sql",
                "create table t (id int);\n"
                        + "do $$ begin execute format('comment on table t is %L', clock_timestamp()); end $$;\n",
                "1_t.down.sql",
                "drop table t;\n");
        Finding f = only(verify(set), "verify-reapply-differs");
        assertTrue(
                f.message()
                        .startsWith("applying the up again after its down gives a different schema than the "
                                + "first time: table t: comment "),
                f.message());
        assertAt(f, "1_t.up.sql", 1, 1);
    }

    @Test
    void flywayRunsStatementsInOneTransactionUnlessAllRefuseOne() throws IOException {
        MigrationSet set = folder(
                LayoutKind.FLYWAY,
                "V1__t.sql",
                "create table t (id int);\ninsert into t values (1);\n",
                "V2__idx.sql",
                "create index concurrently t_id on t (id);\n",
                "V3__mixed.sql",
                "create table u (id int);\ncreate index concurrently u_id on u (id);\n");
        Finding f = only(verify(set), "verify-up-failed");
        assertTrue(f.message().contains("cannot run inside a transaction block"), f.message());
        assertAt(f, "V3__mixed.sql", 2, 1);
        assertTrue(
                verify(set).timings().stream().anyMatch(t -> t.file().endsWith("V1__t.sql") && t.line() == 2),
                "Flyway statements are timed one by one");
    }

    @Test
    void trustedExtensionsRunAsTheOwnerAllowedOnesArePreinstalledAndOthersAreRefused() throws IOException {
        MigrationSet trusted = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_citext.up.sql",
                "create extension if not exists citext;\ncreate table u (email citext);\n",
                "1_citext.down.sql",
                "drop table u;\ndrop extension citext;\n");
        assertEquals(
                List.of(),
                verify(trusted).findings(),
                () -> describe(verify(trusted).findings()));

        // Superuser-only and on the allowlist: installed by the admin before the run; the folder's own CREATE and
        // DROP (with or without IF [NOT] EXISTS) then change nothing, so up → down → up is clean.
        MigrationSet allowed = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_stats.up.sql",
                "create extension pg_stat_statements;\ncreate view top as select query " + "from pg_stat_statements;\n",
                "1_stats.down.sql",
                "drop view top;\ndrop extension if exists pg_stat_statements;\n");
        assertEquals(
                List.of(),
                verify(allowed).findings(),
                () -> describe(verify(allowed).findings()));

        // Never installed, even from a later migration's down: one finding, and the rest of the folder still runs
        // as the runner (the COPY is refused, not run as superuser).
        Path marker = dir.resolve("pwned-by-fallback");
        MigrationSet refused = folder(
                LayoutKind.SQLX,
                "1_stats.up.sql",
                "-- needs a superuser\ncreate extension pgstattuple;\ncreate table t (id int);\n",
                "1_stats.down.sql",
                "drop table t;\ndrop extension pgstattuple;\n",
                "2_copy.up.sql",
                "copy (select 1) to program 'touch " + marker + "';\n",
                "2_copy.down.sql",
                "create extension dblink;\n");
        List<Finding> got = verify(refused).findings();
        assertEquals(
                List.of(
                        "verify-needs-superuser@1_stats.up.sql:2",
                        "verify-needs-superuser@2_copy.down.sql:1",
                        "verify-up-failed@2_copy.up.sql:1"),
                got.stream()
                        .map(f -> f.ruleId() + "@"
                                + f.location()
                                        .displayPath()
                                        .substring(f.location().displayPath().lastIndexOf('/') + 1) + ":"
                                + f.location().line())
                        .sorted()
                        .toList(),
                () -> describe(got));
        assertTrue(
                got.stream()
                        .anyMatch(f ->
                                f.message().contains("dblink can run programs, read files or open " + "connections")),
                () -> describe(got));
        assertTrue(got.stream().anyMatch(f -> f.message().contains("42501")), () -> describe(got));
        assertFalse(Files.exists(marker), "COPY … TO PROGRAM ran on the host");
    }

    @Test
    void aMigrationThatKillsItsOwnConnectionStopsItsFolderWithoutAStackTrace() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_kill.up.sql",
                "select pg_terminate_backend(pg_backend_pid());\n",
                "2_next.up.sql",
                "create table never (id int);\n");
        VerifyOutcome out = Verifier.verify(List.of(set), options(), database());
        assertEquals(1, out.errors().size(), out.errors().toString());
        assertTrue(
                out.errors().get(0).render().contains("verification of the folder stopped"),
                out.errors().get(0).render());
        assertFalse(out.errors().get(0).render().contains("\n"));
        // the engine is still usable for the next folder
        MigrationSet ok = folder(
                LayoutKind.DIESEL,
                "2024-01-01-000000_a/up.sql",
                "create table a (id int);\n",
                "2024-01-01-000000_a/down.sql",
                "drop table a;\n");
        assertEquals(List.of(), verify(ok).findings());
    }

    @Test
    void theToolsTrackingTableExistsAsTheToolWouldHaveCreatedIt() throws IOException {
        MigrationSet set = folder(
                LayoutKind.GOLANG_MIGRATE,
                "1_a.up.sql",
                "alter table schema_migrations add column data_version int;\n",
                "1_a.down.sql",
                "alter table schema_migrations drop column data_version;\n");
        assertEquals(
                List.of(), verify(set).findings(), () -> describe(verify(set).findings()));
        // Flyway's table comes with its own names for the primary key and the index on success.
        MigrationSet flyway = folder(
                LayoutKind.FLYWAY,
                "V1__note_history.sql",
                "comment on index flyway_schema_history_s_idx is 'by outcome';\n"
                        + "comment on constraint flyway_schema_history_pk on flyway_schema_history is 'rank';\n");
        assertEquals(
                List.of(),
                verify(flyway).findings(),
                () -> describe(verify(flyway).findings()));
    }

    /** The release gate replays a history and reads the schema once: its scratch database has no event triggers. */
    @Test
    void aScratchDatabaseWithoutCaptureHasNoEventTriggers() throws Exception {
        ScratchDatabase plain = database().createScratchWithoutCapture();
        try (java.sql.Connection c = plain.connect(false);
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("select (select count(*) from pg_event_trigger), "
                        + "(select count(*) from pg_namespace where nspname = '" + ChangeCapture.SCHEMA + "')")) {
            assertFalse(plain.changeCapture());
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1));
            assertEquals(0, rs.getInt(2));
        } finally {
            database().drop(plain);
        }
    }

    /** Folders verified together (side by side where the machine has the cores) report what each reports alone. */
    @Test
    void severalFoldersReportWhatEachReportsAloneInTheirOrder() throws Exception {
        List<MigrationSet> sets = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            List<String> files = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String t = "f" + f + "_t" + i;
                files.addAll(List.of(
                        i + "_create_" + t + ".up.sql",
                        "create table " + t + " (id bigint);\n" + "create sequence " + t + "_seq;\n"));
                // Folder 1 forgets a sequence in its second down; folder 3 fails in its third up.
                String down = f == 1 && i == 2
                        ? "drop table " + t + ";\n"
                        : "drop table " + t + ";\ndrop sequence " + t + "_seq;\n";
                files.addAll(List.of(i + "_create_" + t + ".down.sql", down));
            }
            if (f == 3) {
                files.set(5, "create table f3_t3 (id bigint references missing (id));\n");
            }
            sets.add(folderAt(
                    dir.resolve("many").resolve("folder" + f),
                    LayoutKind.GOLANG_MIGRATE,
                    files.toArray(String[]::new)));
        }
        List<String> alone = new ArrayList<>();
        int timings = 0;
        for (MigrationSet set : sets) {
            VerifyOutcome one = Verifier.verify(List.of(set), options(), database());
            one.findings().forEach(x -> alone.add(x.location().displayPath() + " " + x.ruleId()));
            timings += one.timings().size();
        }
        VerifyOutcome together = Verifier.verify(sets, options(), database());
        assertEquals(List.of(), together.errors());
        assertEquals(
                alone,
                together.findings().stream()
                        .map(x -> x.location().displayPath() + " " + x.ruleId())
                        .toList());
        assertEquals(2, alone.size(), () -> String.join("\n", alone));
        assertEquals(timings, together.timings().size());
    }

    /**
     * What a hostile migration tries beyond COPY … PROGRAM: every attempt fails with "insufficient privilege" as the
     * runner, and the server's other databases, roles and settings are as they were.
     */
    @Test
    void serverSettingsOtherDatabasesAndRolesAreOutOfReach() throws Exception {
        String victim = "miglint_victim_" + ScratchServer.randomSuffix();
        String evil = "miglint_evil_" + ScratchServer.randomSuffix();
        ScratchDatabase probe = database().createScratch();
        try (java.sql.Connection admin = probe.connect(true);
                java.sql.Statement st = admin.createStatement()) {
            st.execute("create database " + victim);
            String[] attacks = {
                "alter system set work_mem = '64MB';",
                "drop database " + victim + ";",
                "create role " + evil + " superuser login;",
                "alter role " + probe.admin().user() + " password 'taken-over';",
                "set role " + probe.admin().user() + ";",
                "select pg_read_file('/etc/hostname');",
                "select lo_import('/etc/hostname');",
                "select pg_reload_conf();",
            };
            List<MigrationSet> sets = new ArrayList<>();
            for (int i = 0; i < attacks.length; i++) {
                sets.add(folderAt(
                        dir.resolve("attack" + i), LayoutKind.GOLANG_MIGRATE, "1_attack.up.sql", attacks[i] + "\n"));
            }
            VerifyOutcome out = Verifier.verify(sets, options(), database());
            assertEquals(List.of(), out.errors());
            assertEquals(attacks.length, out.findings().size(), () -> describe(out.findings()));
            for (Finding f : out.findings()) {
                // roles are the sandbox's refusal, told as such; everything else is the migration's failure
                boolean role = f.location().displayPath().contains("attack2/")
                        || f.location().displayPath().contains("attack3/");
                assertEquals(
                        role ? "verify-needs-superuser" : "verify-up-failed",
                        f.ruleId(),
                        () -> describe(out.findings()));
                assertTrue(f.message().contains("42501"), f.message());
            }
            try (java.sql.ResultSet rs = st.executeQuery("select (select count(*) from pg_database where datname = '"
                    + victim + "'), (select count(*) from pg_roles where rolname = '" + evil + "'), "
                    + "(select rolsuper from pg_roles where rolname = current_user)")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "the other database was dropped");
                assertEquals(0, rs.getInt(2), "a role was created");
                if (rs.getBoolean(3)) {
                    try (java.sql.Statement st2 = admin.createStatement();
                            java.sql.ResultSet auto = st2.executeQuery("select count(*) from pg_file_settings "
                                    + "where name = 'work_mem' and sourcefile like '%postgresql.auto.conf'")) {
                        assertTrue(auto.next());
                        assertEquals(0, auto.getInt(1), "ALTER SYSTEM wrote postgresql.auto.conf");
                    }
                }
            }
            // The admin's password still works: the migration did not change it.
            try (java.sql.Connection again = probe.connect(true)) {
                assertTrue(again.isValid(5));
            }
        } finally {
            try (java.sql.Connection admin = probe.connect(true);
                    java.sql.Statement st = admin.createStatement()) {
                st.execute("drop database if exists " + victim);
                try (java.sql.ResultSet rs = st.executeQuery("select 1 from pg_roles where rolname = '" + evil + "'")) {
                    if (rs.next()) {
                        st.execute("drop role " + evil);
                    }
                }
            }
            database().drop(probe);
        }
    }

    /** A loop that never ends is stopped by the statement timeout, reported, and the next folder still runs. */
    @Test
    void anEndlessMigrationHitsTheStatementTimeoutAndTheNextFolderStillRuns() throws IOException {
        MigrationSet loop = folderAt(
                dir.resolve("loop"),
                LayoutKind.GOLANG_MIGRATE,
                "1_loop.up.sql",
                "create table t (id int);\ndo $$ begin loop end loop; end $$;\n",
                "1_loop.down.sql",
                "drop table t;\n");
        MigrationSet fine = folderAt(
                dir.resolve("fine"),
                LayoutKind.GOLANG_MIGRATE,
                "1_t.up.sql",
                "create table t (id int);\n",
                "1_t.down.sql",
                "drop table t;\n");
        VerifyOptions o = options()
                .withSandbox(VerifyOptions.Sandbox.DEFAULT.withTimeouts(
                        java.time.Duration.ofSeconds(1), java.time.Duration.ofMinutes(10)));
        VerifyOutcome out = Verifier.verify(List.of(loop, fine), o, database());
        assertEquals(List.of(), out.errors());
        Finding f = only(out, "verify-up-failed");
        assertTrue(
                f.message()
                        .contains("canceling statement due to statement timeout (SQLSTATE 57014); the "
                                + "verifier's --statement-timeout is 1 s"),
                f.message());
        assertAt(f, "1_loop.up.sql", 2, 1);
    }

    /** A migration that lifts its statement timeout still meets the deadline, which the admin side enforces. */
    @Test
    void aMigrationThatLiftsItsStatementTimeoutIsEndedAtTheDeadline() throws IOException {
        MigrationSet loop = folderAt(
                dir.resolve("sneaky"),
                LayoutKind.GOLANG_MIGRATE,
                "1_t.up.sql",
                "create table t (id int);\n",
                "1_t.down.sql",
                "drop table t;\n",
                "2_loop.up.sql",
                "set statement_timeout = 0;\n"
                        + "do $$ begin loop begin perform pg_sleep(0.05); exception when query_canceled then null; "
                        + "end; end loop; end $$;\n",
                "3_never.up.sql",
                "create table never (id int);\n");
        VerifyOptions o = options()
                .withSandbox(VerifyOptions.Sandbox.DEFAULT.withTimeouts(
                        java.time.Duration.ofMinutes(5), java.time.Duration.ofSeconds(3)));
        VerifyOutcome out = Verifier.verify(List.of(loop), o, database());
        assertEquals(List.of(), out.errors());
        Finding f = only(out, "verify-timeout");
        assertTrue(
                f.message().contains("--timeout of 3 s elapsed while")
                        && f.message().contains("2_loop.up.sql"),
                f.message());
        // the engine is still usable
        MigrationSet ok = folderAt(
                dir.resolve("after"),
                LayoutKind.DIESEL,
                "2024-01-01-000000_a/up.sql",
                "create table a (id int);\n",
                "2024-01-01-000000_a/down.sql",
                "drop table a;\n");
        assertEquals(List.of(), verify(ok).findings());
    }
}
