package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * After each of many schema changes, the incremental snapshot equals a full one (against the PostgreSQL on
 * 127.0.0.1:5432). The changes are chosen for what an incremental read could miss: deletions that touch no other
 * row, renames that change how other objects are rendered, and changes outside any relation.
 */
class IncrementalCatalogTest extends ScratchSchemaTest {
    private static final List<String> CHANGES = List.of(
            "create table a (id bigint generated always as identity primary key, name text not null default 'x')",
            "create table b (id serial primary key, a_id bigint references a (id), n numeric(10,2) default 0)",
            "create index b_a_id on b (a_id)",
            "create view va as select id, name from a",
            "create view vva as select name from va",
            "comment on table a is 'first'",
            "comment on column a.name is 'the name'",
            "comment on index b_a_id is 'fk index'",
            "comment on constraint b_a_id_fkey on b is 'fk'",
            "alter index b_a_id rename to b_a_idx",
            "drop index b_a_idx",
            "alter table a rename to aa",
            "alter table aa rename column name to title",
            "alter table b drop constraint b_a_id_fkey",
            "alter table b alter column n drop default",
            "alter table b alter column n type numeric(12,2)",
            "create sequence s1 owned by b.n",
            "alter table b add column counter bigint default nextval('s1')",
            "alter sequence s1 rename to s2",
            "alter sequence s2 increment by 5",
            "create type mood as enum ('sad', 'ok')",
            "alter table b add column m mood",
            "alter type mood add value 'happy'",
            "alter type mood rename to feeling",
            "create domain posint as int check (value > 0)",
            "alter table b add column p posint",
            "alter domain posint add constraint posint_small check (value < 1000)",
            "create function touch() returns trigger language plpgsql as $$ begin return new; end $$",
            "create trigger b_touch before update on b for each row execute function touch()",
            "alter function touch() rename to touched",
            "alter table b disable trigger b_touch",
            "comment on trigger b_touch on b is 'touch it'",
            "create function double_it(x int) returns int language sql immutable as 'select x * 2'",
            "alter table b add constraint b_p_double check (double_it(p) < 2000)",
            "alter function double_it(int) rename to twice",
            "alter table b enable row level security",
            "create policy b_read on b for select using (p > 0)",
            "alter policy b_read on b rename to b_select",
            "drop policy b_select on b",
            "create schema billing",
            "create table billing.inv (id int primary key, total numeric)",
            "create view billing.inv_v as select id from billing.inv",
            "alter schema billing rename to accounts",
            "comment on schema accounts is 'money'",
            "create table events (id int, at date not null) partition by range (at)",
            "create table events_2026 partition of events for values from ('2026-01-01') to ('2027-01-01')",
            "alter table events rename to happenings",
            "create table parent (x int)",
            "create table child (y int) inherits (parent)",
            "alter table parent rename to progenitor",
            "create materialized view mv as select id from aa",
            "create index mv_id on mv (id)",
            "refresh materialized view mv",
            "alter table aa drop column title cascade",
            "drop view if exists vva",
            "create collation my_c (provider = libc, locale = 'C')",
            "alter table b add column label text collate my_c",
            "alter collation my_c rename to my_collation",
            "create type pair as (l int, r int)",
            "alter table b add column pr pair",
            "alter type pair rename to couple",
            "alter table b rename column pr to couple_col",
            "create function next_n() returns int language sql as 'select 7'",
            "alter table b add column z int default next_n()",
            "alter function next_n() rename to seventh",
            "create index b_z_expr on b ((abs(z)))",
            "create function lower_label(t text) returns text language sql immutable as 'select lower(t)'",
            "create index b_label_lower on b (lower_label(label))",
            "alter function lower_label(text) rename to label_lower",
            "create schema kinds",
            "create type kinds.shade as enum ('dark', 'light')",
            "alter table b add column sh kinds.shade",
            "alter schema kinds rename to sorts",
            "alter domain posint rename to positive",
            "alter table b alter column z set not null",
            "alter table b set (fillfactor = 70)",
            "alter table b rename constraint b_p_double to b_p_twice",
            "alter table b drop constraint b_p_twice",
            "drop trigger b_touch on b",
            "comment on column aa.id is 'key'",
            "comment on column aa.id is null",
            "comment on table aa is null",
            "alter table b add column ident int generated by default as identity",
            "alter table b alter column ident restart with 100",
            "alter table b add column twice_z int generated always as (z * 2) stored",
            "create unique index concurrently_not_here on b (ident)",
            "alter table b add constraint b_ident_key unique using index concurrently_not_here",
            "create table c (b_ident int references b (ident) on delete cascade)",
            "alter table b rename to bee",
            "drop table bee cascade",
            "drop schema accounts cascade",
            "drop table progenitor cascade");

    @Test
    void everyIncrementalSnapshotEqualsAFullOne() throws Exception {
        IncrementalCatalog incremental = new IncrementalCatalog(reader);
        incremental.read(conn);
        for (String change : CHANGES) {
            exec(change);
            SchemaSnapshot full = reader.read(conn);
            SchemaSnapshot read = incremental.read(conn);
            assertEquals(full.objects(), read.objects(), "after: " + change + "\n"
                    + SchemaDiff.between(read, full).render(20));
        }
    }

    @Test
    void aReadWithNothingChangedIsTheSameSnapshot() throws Exception {
        IncrementalCatalog incremental = new IncrementalCatalog(reader);
        exec("create table t (id int primary key); create view v as select id from t");
        SchemaSnapshot first = incremental.read(conn);
        assertSame(first, incremental.read(conn));
    }

    @Test
    void readsSurviveAMigrationThatResetsTheSession() throws Exception {
        IncrementalCatalog incremental = new IncrementalCatalog(reader);
        exec("create table t (id int primary key)");
        incremental.read(conn);
        List<String> resets = List.of("reset all", "discard all", "deallocate all");
        for (int i = 0; i < resets.size(); i++) {
            exec(resets.get(i));
            exec("create table t" + i + " (id int references t (id)); comment on table t is 'step " + i + "'");
            SchemaSnapshot full = reader.read(conn);
            assertEquals(full.objects(), incremental.read(conn).objects(), "after: " + resets.get(i));
        }
    }

    @Test
    void twoReadersOnOneSessionKeepTheirOwnPreviousRead() throws Exception {
        IncrementalCatalog first = new IncrementalCatalog(reader);
        IncrementalCatalog second = new IncrementalCatalog(reader);
        first.read(conn);
        exec("create table t (id int primary key)");
        second.read(conn);
        // Each reader compares with its own previous read: the first has not seen t yet, the second has.
        SchemaSnapshot full = reader.read(conn);
        assertEquals(full.objects(), first.read(conn).objects());
        exec("alter table t add column n int");
        assertEquals(reader.read(conn).objects(), second.read(conn).objects());
    }

    @Test
    void aReadOnAnotherSessionIsAFullOne() throws Exception {
        IncrementalCatalog incremental = new IncrementalCatalog(reader);
        incremental.read(conn);
        exec("create table t (id int primary key)");
        try (var other = db().connect(false)) {
            assertEquals(reader.read(conn).objects(), incremental.read(other).objects());
            exec("create table u (id int primary key)");
            assertEquals(reader.read(conn).objects(), incremental.read(other).objects());
        }
    }
}
