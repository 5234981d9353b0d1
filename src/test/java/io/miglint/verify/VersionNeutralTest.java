package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Definitions as PostgreSQL 13, 15 and 17 print them for the same migrations (read from embedded servers of each
 * major): equal once made version-neutral, while a real change of the schema still shows.
 */
class VersionNeutralTest {
    private static SchemaSnapshot snapshot(SchemaObject... objects) {
        return SchemaSnapshot.of(List.of(objects));
    }

    private static SchemaObject object(String kind, String name, String attribute, String value) {
        return SchemaObject.of(kind, name, Map.of(attribute, value));
    }

    private static final String VIEW_15 =
            " SELECT a.id,\n    a.email,\n    COALESCE(a.balance, 0::numeric) AS balance,\n"
                    + "    a.created_at::date AS day\n   FROM accounts a\n  WHERE a.status = 'active'::text AND a.email ~~ "
                    + "'%@%'::text\n  ORDER BY a.id;";
    private static final String VIEW_17 = " SELECT id,\n    email,\n    COALESCE(balance, 0::numeric) AS balance,\n"
            + "    created_at::date AS day\n   FROM accounts a\n  WHERE status = 'active'::text AND email ~~ "
            + "'%@%'::text\n  ORDER BY id;";
    private static final String MATVIEW_15 =
            " SELECT events.account_id,\n    count(*) AS c\n   FROM events\n" + "  GROUP BY events.account_id;";
    private static final String MATVIEW_17 =
            " SELECT account_id,\n    count(*) AS c\n   FROM events\n" + "  GROUP BY account_id;";

    @Test
    void viewsReadFromOneTableLoseTheirQualifiersFrom16On() {
        SchemaSnapshot target = snapshot(
                object("view", "active_accounts", "definition", VIEW_15),
                object("materialized view", "mv", "definition", MATVIEW_15),
                object("view", "w", "definition", " SELECT g.g\n   FROM generate_series(1, 3) g(g);"));
        SchemaSnapshot replay = snapshot(
                object("view", "active_accounts", "definition", VIEW_17),
                object("materialized view", "mv", "definition", MATVIEW_17),
                object("view", "w", "definition", " SELECT g\n   FROM generate_series(1, 3) g(g);"));
        assertEquals(3, SchemaDiff.between(target, replay).differences().size());
        assertTrue(
                VersionNeutral.diff(target, 15, replay, 17).isEmpty(),
                VersionNeutral.diff(target, 15, replay, 17).render(5));
        // On one major nothing is normalised: the same texts are drift there.
        assertEquals(
                3, VersionNeutral.diff(target, 17, replay, 17).differences().size());
    }

    @Test
    void aChangedViewStillShowsAcrossMajors() {
        SchemaSnapshot target =
                snapshot(object("view", "active_accounts", "definition", VIEW_15.replace("'active'", "'closed'")));
        SchemaSnapshot replay = snapshot(object("view", "active_accounts", "definition", VIEW_17));
        SchemaDiff diff = VersionNeutral.diff(target, 15, replay, 17);
        assertEquals(1, diff.differences().size());
        assertEquals("definition", diff.differences().get(0).attribute());
    }

    @Test
    void qualifiersGoButConstantsAndQuotedNamesStay() {
        assertEquals(
                "SELECT id, \"odd.name\", 'a.b'::text, x.* FROM t x",
                VersionNeutral.unqualified("SELECT x.id, x.\"odd.name\", 'a.b'::text, x.* FROM public.t x"));
        assertEquals("SELECT \"T\", 1.5 FROM t", VersionNeutral.unqualified("SELECT \"Q\".\"T\", 1.5 FROM s.t"));
    }

    /** PostgreSQL 14 prints EXTRACT, SUBSTRING, POSITION, OVERLAY and TRIM in SQL-standard syntax. */
    @Test
    void sqlStandardFunctionsAcross14() {
        SchemaSnapshot target13 = snapshot(
                object(
                        "constraint",
                        "t.name_trim",
                        "definition",
                        "CHECK ((btrim((name)::text, ' '::text) = (name)::text))"),
                object("constraint", "t.pos", "definition", "CHECK ((\"position\"((name)::text, 'x'::text) >= 0))"),
                object(
                        "constraint",
                        "t.yr_ok",
                        "definition",
                        "CHECK (((date_part('epoch'::text, at) > " + "(0)::double precision) AND (born IS NOT NULL)))"),
                object(
                        "index",
                        "t_ov",
                        "definition",
                        "CREATE INDEX t_ov ON public.t USING btree " + "(\"overlay\"((name)::text, 'ab'::text, 1, 2))"),
                object("column", "t.ini", "generated", "\"substring\"((name)::text, 1, 2)"),
                object(
                        "policy",
                        "t.p",
                        "using",
                        "(((name)::text = CURRENT_USER) AND "
                                + "(date_part('year'::text, born) > (1990)::double precision))"),
                object(
                        "procedure",
                        "p1(a integer)",
                        "definition",
                        "CREATE OR REPLACE PROCEDURE public.p1(a integer)\n LANGUAGE sql\nAS $procedure$ select 1 "
                                + "$procedure$\n"),
                object(
                        "view",
                        "v",
                        "definition",
                        " SELECT t.id,\n    date_part('year'::text, t.born) AS y,\n"
                                + "    timezone('UTC'::text, t.born::timestamp with time zone) AS az\n   FROM t;"),
                object("column", "v.y", "type", "double precision"));
        SchemaSnapshot replay17 = snapshot(
                object(
                        "constraint",
                        "t.name_trim",
                        "definition",
                        "CHECK ((TRIM(BOTH ' '::text FROM name) = (name)::text))"),
                object("constraint", "t.pos", "definition", "CHECK ((POSITION(('x'::text) IN (name)) >= 0))"),
                object(
                        "constraint",
                        "t.yr_ok",
                        "definition",
                        "CHECK (((EXTRACT(epoch FROM at) > (0)::numeric) AND (born IS NOT NULL)))"),
                object(
                        "index",
                        "t_ov",
                        "definition",
                        "CREATE INDEX t_ov ON public.t USING btree "
                                + "(OVERLAY(name PLACING 'ab'::text FROM 1 FOR 2))"),
                object("column", "t.ini", "generated", "SUBSTRING(name FROM 1 FOR 2)"),
                object(
                        "policy",
                        "t.p",
                        "using",
                        "(((name)::text = CURRENT_USER) AND " + "(EXTRACT(year FROM born) > (1990)::numeric))"),
                object(
                        "procedure",
                        "p1(IN a integer)",
                        "definition",
                        "CREATE OR REPLACE PROCEDURE public.p1(IN a integer)\n LANGUAGE sql\nAS $procedure$ select "
                                + "1 $procedure$\n"),
                object(
                        "view",
                        "v",
                        "definition",
                        " SELECT id,\n    EXTRACT(year FROM born) AS y,\n"
                                + "    (born AT TIME ZONE 'UTC'::text) AS az\n   FROM t;"),
                object("column", "v.y", "type", "numeric"));
        assertTrue(SchemaDiff.between(target13, replay17).differences().size() >= 9);
        SchemaDiff diff = VersionNeutral.diff(target13, 13, replay17, 17);
        assertTrue(diff.isEmpty(), diff.render(20));
        // 14 and 17 print these alike: a 14 target's own spelling is compared as it is
        assertEquals(
                SchemaDiff.between(target13, replay17).differences().size(),
                VersionNeutral.diff(target13, 14, replay17, 17).differences().size());
    }

    @Test
    void aChangedConstantOrColumnStillShowsAcross14() {
        SchemaSnapshot target13 = snapshot(
                object("constraint", "t.pos", "definition", "CHECK ((\"position\"((name)::text, 'y'::text) >= 0))"),
                object("column", "t.yr", "generated", "date_part('year'::text, died)"));
        SchemaSnapshot replay17 = snapshot(
                object("constraint", "t.pos", "definition", "CHECK ((POSITION(('x'::text) IN (name)) >= 0))"),
                object("column", "t.yr", "generated", "EXTRACT(year FROM born)"));
        assertEquals(
                2, VersionNeutral.diff(target13, 13, replay17, 17).differences().size());
    }

    @Test
    void theReportSaysWhatWasIgnored() {
        assertTrue(VersionNeutral.ignored(15, 17).contains("view definitions"));
        assertTrue(!VersionNeutral.ignored(15, 17).contains("EXTRACT"));
        assertTrue(VersionNeutral.ignored(13, 17).contains("EXTRACT"));
    }
}
