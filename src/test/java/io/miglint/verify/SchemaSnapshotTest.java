package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshots and diffs against the PostgreSQL on 127.0.0.1:5432 (url engine). */
class SchemaSnapshotTest extends ScratchSchemaTest {

    private SchemaSnapshot snap() throws Exception {
        return reader.read(conn);
    }

    @Test
    void forgottenDefaultIsRenderedAsTheIssueAsks() throws Exception {
        exec("create table calls (id int primary key, duration int)");
        SchemaSnapshot before = snap();
        exec("alter table calls alter column duration set default 60");
        SchemaDiff diff = SchemaDiff.between(snap(), before);
        assertEquals(
                List.of("column calls.duration: default 60, expected no default"),
                diff.differences().stream().map(SchemaDiff.Difference::render).toList());
    }

    @Test
    void leftoverSequenceAndMissingTable() throws Exception {
        exec("create table tickets (id int)");
        SchemaSnapshot before = snap();
        exec("drop table tickets; create sequence ticket_number_seq");
        assertEquals(
                List.of("column tickets.id missing", "sequence ticket_number_seq left behind", "table tickets missing"),
                SchemaDiff.between(snap(), before).differences().stream()
                        .map(SchemaDiff.Difference::render)
                        .toList());
    }

    @Test
    void dropAndRecreateIsEqualDespiteNewOids() throws Exception {
        String ddl = "create type mood as enum ('sad', 'ok', 'happy');"
                + "create domain posint as int not null default 1 check (value > 0);"
                + "create schema billing; create table billing.inv (id bigint generated always as identity "
                + "primary key, m mood, n posint, total numeric(10,2) not null default 0, "
                + "label text collate \"C\", doubled numeric generated always as (total * 2) stored);"
                + "create index inv_m on billing.inv (m) where total > 0;"
                + "create function billing.f(a int) returns int language sql immutable as $$ select a + 1 $$;"
                + "create view billing.v as select id, total from billing.inv;"
                + "create materialized view billing.mv as select count(*) c from billing.inv;"
                + "create table parts (k int, v int) partition by range (k);"
                + "create table parts_1 partition of parts for values from (0) to (10);"
                + "alter table billing.inv enable row level security;"
                + "create policy own on billing.inv using (total > 0);"
                + "create function trg() returns trigger language plpgsql as $$ begin return new; end $$;"
                + "create trigger t before insert on billing.inv for each row execute function trg();"
                + "comment on table billing.inv is 'invoices';"
                + "alter table billing.inv add constraint pos check (total >= 0) not valid;"
                + "create table schema_migrations (version bigint primary key)";
        exec(ddl);
        SchemaSnapshot first = snap();
        exec("drop schema billing cascade; drop table parts; drop function trg(); drop type mood; "
                + "drop domain posint; drop table schema_migrations");
        exec(ddl);
        SchemaSnapshot second = snap();
        assertTrue(
                SchemaDiff.between(second, first).isEmpty(),
                SchemaDiff.between(second, first).render(20));
        assertTrue(
                first.size() > 25,
                "expected many objects, got " + first.objects().keySet());
        assertEquals("'sad', 'ok', 'happy'", first.get("enum", "mood").attribute("labels"));
        assertEquals("not valid", first.get("constraint", "billing.inv.pos").attribute("not valid"));
        assertEquals("always", first.get("column", "billing.inv.id").attribute("identity"));
        assertEquals("numeric(10,2)", first.get("column", "billing.inv.total").attribute("type"));
        assertEquals("invoices", first.get("table", "billing.inv").attribute("comment"));
        assertEquals("RANGE (k)", first.get("table", "parts").attribute("partitioned by"));
        assertEquals(null, first.get("table", "schema_migrations"), "tracking tables are excluded");

        exec("alter type mood add value 'meh'; alter table billing.inv validate constraint pos");
        assertEquals(
                "constraint billing.inv.pos: validated, expected not valid; "
                        + "enum mood: labels 'sad', 'ok', 'happy', 'meh', expected labels 'sad', 'ok', 'happy'",
                SchemaDiff.between(snap(), first).render(10));
    }

    @Test
    void snapshotsSurviveMigrationsThatDiscardSessionState() throws Exception {
        exec("create table a (id int)");
        SchemaSnapshot before = snap();
        exec("discard all");
        assertTrue(SchemaDiff.between(snap(), before).isEmpty());
        exec("deallocate miglint_snapshot_columns");
        assertTrue(SchemaDiff.between(snap(), before).isEmpty());
    }
}
