package io.miglint.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Event triggers that log, in a scratch database, every catalog object a DDL command created, altered or dropped
 * (https://www.postgresql.org/docs/current/event-trigger-definition.html: {@code ddl_command_end} with
 * {@code pg_event_trigger_ddl_commands()}, {@code sql_drop} with {@code pg_event_trigger_dropped_objects()}). The
 * verifier's snapshots then read only what changed since the previous read ({@link IncrementalCatalog}) instead of
 * scanning every catalog row of the history to find out.
 *
 * <p>Installing it needs a superuser (event triggers are superuser-only). It is trusted only while the migrations run
 * as the non-superuser runner role: such a role can change the catalogs only through DDL commands, which fire the
 * triggers (also inside functions and DO blocks), and cannot disable them or write the log. Commands on shared
 * objects (roles) fire no event trigger; the reader compares the role names itself. A superuser can update catalogs
 * directly, so migrations verified as superuser are read the other way ({@link CatalogReader#signatures}).
 *
 * <p>Everything lives in the schema {@value #SCHEMA}, which snapshots and lock tracing leave out. The log's rows are
 * written in the migration's own transaction: a rolled-back command leaves none, as it leaves no catalog change. The
 * log is an unlogged table: it lives no longer than its scratch database, and writing it then costs no WAL.
 */
final class ChangeCapture {
    static final String SCHEMA = "miglint_capture";

    /**
     * One row per object a command reported; for dropped ones also whether the drop was the command's own target
     * ({@code original}) or reached through a normal dependency ({@code normal}), the object's address names, and the
     * relation it belonged to, resolved by name while that relation still exists (a dropped object's own catalog row
     * is gone by then).
     */
    private static final String INSTALL = "create schema " + SCHEMA + "; "
            + "create unlogged table " + SCHEMA + ".changes (id bigint generated always as identity primary key, "
            + "classid oid, objid oid, objsubid int, tag text not null, object_type text, dropped boolean not null, "
            + "original boolean, normal boolean, names text[], owner oid); "
            + "create function " + SCHEMA + ".ddl_command_end() returns event_trigger language plpgsql "
            + "security definer set search_path = pg_catalog as $$ begin "
            + "insert into " + SCHEMA + ".changes (classid, objid, objsubid, tag, object_type, dropped) "
            + "select d.classid, d.objid, d.objsubid, d.command_tag, d.object_type, false "
            + "from pg_event_trigger_ddl_commands() d; end $$; "
            + "create function " + SCHEMA + ".sql_drop() returns event_trigger language plpgsql "
            + "security definer set search_path = pg_catalog as $$ begin "
            + "insert into " + SCHEMA + ".changes (classid, objid, objsubid, tag, object_type, dropped, original, "
            + "normal, names, owner) select d.classid, d.objid, d.objsubid, tg_tag, d.object_type, true, d.original, "
            + "d.normal, d.address_names, case when d.object_type in ('table constraint', 'trigger', 'policy', "
            + "'rule', 'default value', 'table column') and cardinality(d.address_names) = 3 "
            + "then to_regclass(format('%I.%I', d.address_names[1], d.address_names[2])) end "
            + "from pg_event_trigger_dropped_objects() d; end $$; "
            + "create event trigger miglint_capture_ddl on ddl_command_end execute function "
            + SCHEMA + ".ddl_command_end(); "
            + "create event trigger miglint_capture_drop on sql_drop execute function " + SCHEMA + ".sql_drop(); "
            // Fire also under session_replication_role = replica.
            + "alter event trigger miglint_capture_ddl enable always; "
            + "alter event trigger miglint_capture_drop enable always; "
            + "revoke all on schema " + SCHEMA + " from public; "
            + "revoke all on function " + SCHEMA + ".ddl_command_end(), " + SCHEMA + ".sql_drop() from public";

    private ChangeCapture() {}

    /** Installs the capture in the database {@code superuser} is connected to; {@code reader} may read the log. */
    static void install(Connection superuser, String reader) throws SQLException {
        try (Statement st = superuser.createStatement()) {
            st.setEscapeProcessing(false);
            st.execute(INSTALL + "; grant usage on schema " + SCHEMA + " to " + reader + "; grant select on " + SCHEMA
                    + ".changes to " + reader);
        }
    }

    /** Removes it again (the event triggers go with their functions). */
    static void remove(Connection superuser) throws SQLException {
        try (Statement st = superuser.createStatement()) {
            st.execute("drop schema " + SCHEMA + " cascade");
        }
    }
}
