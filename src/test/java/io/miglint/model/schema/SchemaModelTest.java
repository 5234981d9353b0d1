package io.miglint.model.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.model.ObjectKind;
import io.miglint.model.QualifiedName;
import io.miglint.parse.StatementParser;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaModelTest {
    private static final QualifiedName ORDERS = QualifiedName.of("orders");

    private static SchemaModel apply(SchemaModel model, String sql) {
        StatementParser parser = new StatementParser();
        List<RawStatement> raws =
                StatementSplitter.split(new SourceText("m.sql", sql)).statements();
        for (int i = 0; i < raws.size(); i++) {
            model.apply(parser.parse(raws.get(i), i));
        }
        return model;
    }

    /**
     * Enum labels added and not committed are kept until a COMMIT or the engine says the migration committed; a
     * migration without a version records them with none, and a script that begins after still sees them.
     */
    @Test
    void uncommittedEnumLabelsLastUntilACommit() {
        SchemaModel m = new SchemaModel();
        m.beginScript();
        m.beginUp(null);
        apply(m, "CREATE TYPE mood AS ENUM ('ok'); ALTER TYPE mood ADD VALUE 'sad';");
        assertTrue(m.uncommittedEnumLabels().containsKey("sad"));
        m.beginScript();
        assertTrue(m.uncommittedEnumLabelsBeforeScript().containsKey("sad"));
        m.beginUp("2");
        apply(m, "ALTER TYPE mood ADD VALUE 'glad';");
        assertEquals(
                new SchemaModel.PendingLabel("mood", "2"),
                m.uncommittedEnumLabels().get("glad"));
        apply(m, "COMMIT;");
        assertTrue(m.uncommittedEnumLabels().isEmpty());
        apply(m, "ALTER TYPE mood ADD VALUE 'mad';");
        m.commitPending();
        assertTrue(m.uncommittedEnumLabels().isEmpty());
    }

    @Test
    void createTableWithImplicitIndexesAndSerialSequence() {
        SchemaModel m = apply(
                new SchemaModel(),
                "CREATE TABLE orders (id serial PRIMARY KEY, code text UNIQUE," + " note text DEFAULT 'x');");
        Table t = m.table(ORDERS).orElseThrow();
        assertEquals(
                List.of("id", "code", "note"),
                t.columns().stream().map(Column::name).toList());
        assertTrue(m.column(ORDERS, "id").orElseThrow().notNull());
        assertEquals("'x'", m.column(ORDERS, "note").orElseThrow().defaultExpr().text());
        assertTrue(m.has(new ObjectRef(ObjectKind.SEQUENCE, "orders_id_seq", null)));
        assertEquals(ORDERS, m.tableOfIndex("orders_pkey").orElseThrow());
        assertTrue(m.hasIndexCovering(ORDERS, List.of("code")));
        assertFalse(m.hasIndexCovering(ORDERS, List.of("note")));
        assertTrue(m.currentScript().tableCreatedBefore(new QualifiedName("public", "orders"), 1));
        m.beginScript();
        assertFalse(m.currentScript().tableCreatedBefore(ORDERS, 0));
    }

    @Test
    void indexesAndTheirLeadingColumns() {
        SchemaModel m = apply(
                new SchemaModel(),
                "CREATE TABLE orders (a int, b int, c int);" + "CREATE INDEX orders_a_b ON orders (a, b);");
        assertTrue(m.has(new ObjectRef(ObjectKind.INDEX, "orders_a_b", null)));
        assertTrue(m.hasIndexCovering(ORDERS, List.of("a")));
        assertTrue(m.hasIndexCovering(ORDERS, List.of("a", "b")));
        assertFalse(m.hasIndexCovering(ORDERS, List.of("b")));
        apply(m, "ALTER INDEX orders_a_b RENAME TO orders_ab; DROP INDEX CONCURRENTLY orders_ab;");
        assertFalse(m.hasIndexCovering(ORDERS, List.of("a")));
    }

    @Test
    void notValidConstraintsBecomeValidatedAndSatisfyNotNullChecks() {
        SchemaModel m = apply(
                new SchemaModel(),
                "CREATE TABLE orders (a int);"
                        + "ALTER TABLE orders ADD CONSTRAINT a_nn CHECK (a IS NOT NULL) NOT VALID;");
        assertFalse(m.hasValidatedNotNullCheck(ORDERS, "a"));
        assertFalse(
                m.table(ORDERS).orElseThrow().constraint("a_nn").orElseThrow().validated());
        apply(m, "ALTER TABLE orders VALIDATE CONSTRAINT a_nn;");
        assertTrue(m.hasValidatedNotNullCheck(ORDERS, "a"));
        assertFalse(m.hasValidatedNotNullCheck(ORDERS, "b"));
    }

    @Test
    void alterTableActionsChangeColumns() {
        SchemaModel m = apply(
                new SchemaModel(),
                "CREATE TABLE orders (a int, b text, c int);"
                        + "CREATE INDEX orders_c ON orders (c);"
                        + "ALTER TABLE orders ALTER COLUMN a TYPE bigint, ALTER COLUMN b SET NOT NULL,"
                        + " ALTER COLUMN b SET DEFAULT 'z', DROP COLUMN c;"
                        // RENAME stands alone: PostgreSQL rejects it in a list of actions
                        + "ALTER TABLE orders RENAME COLUMN a TO aa;");
        assertEquals("bigint", m.column(ORDERS, "aa").orElseThrow().type().name());
        assertTrue(m.column(ORDERS, "a").isEmpty());
        assertTrue(m.column(ORDERS, "b").orElseThrow().notNull());
        assertEquals("'z'", m.column(ORDERS, "b").orElseThrow().defaultExpr().text());
        assertTrue(m.tableOfIndex("orders_c").isEmpty(), "dropping a column drops its indexes");
        apply(m, "ALTER TABLE orders RENAME TO purchases;");
        assertTrue(m.table(ORDERS).isEmpty());
        assertTrue(m.table(QualifiedName.of("purchases")).isPresent());
    }

    @Test
    void droppingAColumnDropsThePartialIndexesItsPredicateNames() {
        SchemaModel m = apply(
                new SchemaModel(),
                "CREATE TABLE orders (a int, b timestamptz);"
                        + "CREATE INDEX orders_a_open ON orders (a) WHERE b IS NULL;"
                        + "CREATE INDEX orders_a ON orders (a) WHERE a > 0;"
                        + "ALTER TABLE orders DROP COLUMN b;");
        assertFalse(m.has(new ObjectRef(ObjectKind.INDEX, "orders_a_open", null)));
        assertTrue(m.has(new ObjectRef(ObjectKind.INDEX, "orders_a", null)));
    }

    @Test
    void droppingAMaterializedViewDropsItsIndexes() {
        SchemaModel m = apply(
                new SchemaModel(),
                "CREATE MATERIALIZED VIEW totals AS SELECT 1 AS n;"
                        + "CREATE UNIQUE INDEX totals_n ON totals (n); DROP MATERIALIZED VIEW totals;");
        assertFalse(m.has(new ObjectRef(ObjectKind.INDEX, "totals_n", null)));
        assertFalse(m.has(new ObjectRef(ObjectKind.MATERIALIZED_VIEW, "totals", null)));
    }

    @Test
    void usingIndexTakesTheIndexOver() {
        SchemaModel m = apply(
                new SchemaModel(),
                "CREATE TABLE orders (id int);"
                        + "CREATE UNIQUE INDEX CONCURRENTLY orders_id_idx ON orders (id);"
                        + "ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX orders_id_idx;");
        assertTrue(m.tableOfIndex("orders_id_idx").isEmpty());
        assertEquals(ORDERS, m.tableOfIndex("orders_pkey").orElseThrow());
        assertTrue(m.column(ORDERS, "id").orElseThrow().notNull());
        assertTrue(m.hasIndexCovering(ORDERS, List.of("id")));
    }

    @Test
    void dropTableDropsWhatHangsOffIt() {
        SchemaModel m = apply(
                new SchemaModel(),
                "CREATE TABLE orders (id bigserial PRIMARY KEY);"
                        + "CREATE TRIGGER trg BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION f();"
                        + "CREATE POLICY p ON orders USING (true);");
        assertTrue(m.has(new ObjectRef(ObjectKind.TRIGGER, "trg", "orders")));
        apply(m, "DROP TABLE IF EXISTS orders CASCADE;");
        assertTrue(m.table(ORDERS).isEmpty());
        assertTrue(m.tableOfIndex("orders_pkey").isEmpty());
        assertFalse(m.has(new ObjectRef(ObjectKind.SEQUENCE, "orders_id_seq", null)));
        assertFalse(m.has(new ObjectRef(ObjectKind.TRIGGER, "trg", "orders")));
        assertFalse(m.has(new ObjectRef(ObjectKind.POLICY, "p", "orders")));
    }

    @Test
    void typesFunctionsViewsExtensions() {
        SchemaModel m = apply(
                new SchemaModel(),
                "CREATE TYPE mood AS ENUM ('sad', 'ok');"
                        + "ALTER TYPE mood ADD VALUE 'happy';"
                        + "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';"
                        + "CREATE VIEW v AS SELECT 1; CREATE EXTENSION IF NOT EXISTS pgcrypto;"
                        + "CREATE SEQUENCE s; CREATE DOMAIN d AS int;");
        QualifiedName mood = QualifiedName.of("mood");
        assertEquals(List.of("sad", "ok", "happy"), m.enumLabels(mood));
        assertTrue(m.has(new ObjectRef(ObjectKind.TYPE, "mood", null))
                && m.has(new ObjectRef(ObjectKind.DOMAIN, "d", null)));
        assertTrue(m.has(new ObjectRef(ObjectKind.FUNCTION, "f", null)));
        assertTrue(m.viewExists(QualifiedName.of("v")));
        assertTrue(m.has(new ObjectRef(ObjectKind.EXTENSION, "pgcrypto", null)));
        assertTrue(m.has(new ObjectRef(ObjectKind.SEQUENCE, "s", null)));
        apply(m, "ALTER TYPE mood RENAME TO feeling; DROP VIEW v; DROP FUNCTION f(); DROP EXTENSION pgcrypto;");
        assertEquals(List.of(), m.enumLabels(mood));
        assertEquals(3, m.enumLabels(QualifiedName.of("feeling")).size());
        assertFalse(m.viewExists(QualifiedName.of("v"))
                || m.has(new ObjectRef(ObjectKind.FUNCTION, "f", null))
                || m.has(new ObjectRef(ObjectKind.EXTENSION, "pgcrypto", null)));
    }

    @Test
    void materializedViewsAndTheFunctionsThatRefreshThem() {
        QualifiedName totals = new QualifiedName("app", "order_totals");
        SchemaModel m = apply(
                new SchemaModel(),
                "CREATE VIEW app.open_orders AS SELECT 1;"
                        + "CREATE MATERIALIZED VIEW app.order_totals AS SELECT 1 AS n;"
                        + "CREATE FUNCTION app.refresh_totals() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        + "REFRESH MATERIALIZED VIEW CONCURRENTLY app.order_totals; RETURN NULL; END $$;");
        assertTrue(m.materializedViewExists(totals));
        assertFalse(m.materializedViewExists(new QualifiedName("app", "open_orders")), "a plain view");
        assertEquals("app.refresh_totals", m.functionRefreshing(totals).orElseThrow());
        apply(
                m,
                "CREATE OR REPLACE FUNCTION app.refresh_totals() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        + "RETURN NULL; END $$;");
        assertTrue(m.functionRefreshing(totals).isEmpty(), "the replaced body refreshes nothing");
        apply(
                m,
                "CREATE FUNCTION app.nightly() RETURNS void LANGUAGE sql AS 'REFRESH MATERIALIZED VIEW order_totals';");
        assertEquals("app.nightly", m.functionRefreshing(totals).orElseThrow(), "an unqualified name matches by name");
        apply(m, "DROP FUNCTION app.nightly();");
        assertTrue(m.functionRefreshing(totals).isEmpty());
        apply(m, "ALTER MATERIALIZED VIEW app.order_totals RENAME TO totals;");
        assertFalse(m.materializedViewExists(totals));
        assertTrue(m.materializedViewExists(new QualifiedName("app", "totals")));
        apply(m, "DROP MATERIALIZED VIEW app.totals;");
        assertFalse(m.materializedViewExists(new QualifiedName("app", "totals")));
    }

    @Test
    void copyIsIndependent() {
        SchemaModel m = apply(new SchemaModel(), "CREATE TABLE orders (a int);");
        SchemaModel snapshot = m.copy();
        apply(m, "ALTER TABLE orders ADD COLUMN b int; DROP TABLE orders;");
        assertTrue(snapshot.table(ORDERS).isPresent());
        assertTrue(snapshot.column(ORDERS, "b").isEmpty());
        assertTrue(m.table(ORDERS).isEmpty());
    }

    @Test
    void aColumnKeepsWhereItCameFromThroughRenames() {
        SchemaModel m = new SchemaModel();
        m.beginUp("1");
        apply(
                m,
                "CREATE TABLE lineage (run_id text NOT NULL, search tsvector GENERATED ALWAYS AS "
                        + "(to_tsvector('english', run_id)) STORED);");
        m.beginUp("2");
        apply(
                m,
                "ALTER TABLE lineage ADD run_uuid uuid; UPDATE lineage SET run_uuid = run_id::uuid, search = DEFAULT;"
                        + "ALTER TABLE lineage ALTER COLUMN run_id DROP NOT NULL;");
        m.beginUp("3");
        apply(m, "ALTER TABLE lineage RENAME COLUMN run_uuid TO run_key; ALTER TABLE lineage RENAME TO events;");
        QualifiedName events = QualifiedName.of("events");
        Column old = m.column(events, "run_id").orElseThrow();
        Column key = m.column(events, "run_key").orElseThrow();
        assertEquals("1", old.history().addedIn());
        assertEquals("2", old.history().relaxedIn());
        assertTrue(old.optionalOnInsert());
        assertEquals("2", key.history().addedIn());
        assertTrue(key.history().addedAt() > old.history().addedAt());
        assertEquals(java.util.Map.of("run_id", "2"), key.history().copiedFrom());
        assertTrue(m.column(events, "search").orElseThrow().generated());
        assertTrue(m.tableCreatedAt(events).orElseThrow() < key.history().addedAt());
    }

    @Test
    void theRecordOfTheCurrentScriptTellsWhichStatementMadeATableNew() {
        SchemaModel m = new SchemaModel();
        m.beginScript();
        apply(
                m,
                "CREATE TABLE orders (a int); ALTER TABLE orders RENAME TO purchases; DROP TABLE purchases;"
                        + "CREATE TEMP TABLE scratch (a int);");
        ScriptRecord record = m.currentScript();
        QualifiedName purchases = QualifiedName.of("purchases");
        assertFalse(record.tableCreatedBefore(ORDERS, 0));
        assertTrue(record.tableCreatedBefore(ORDERS, 1));
        assertFalse(record.tableCreatedBefore(ORDERS, 2));
        assertTrue(record.tableCreatedBefore(purchases, 2));
        assertFalse(record.tableCreatedBefore(purchases, 3));
        assertTrue(record.tableCreatedBefore(QualifiedName.of("scratch"), 4));
        assertTrue(record.indexCreatedBefore("scratch_a", 4).isEmpty());
        // a temporary table is new to the script but no schema object it leaves behind
        assertFalse(record.createsTable(QualifiedName.of("scratch")));
        // the record cannot answer for statements it has not seen
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> record.tableCreatedBefore(ORDERS, 5));
        apply(m, "CREATE INDEX scratch_a ON scratch (a); DROP INDEX scratch_a; CREATE INDEX scratch_a ON orders (a);");
        assertTrue(record.indexCreatedBefore("scratch_a", 4).isEmpty());
        // the first index built under the name, whatever became of it
        assertEquals(
                QualifiedName.of("scratch"),
                record.indexCreatedBefore("scratch_a", 5).orElseThrow());
        assertEquals(
                QualifiedName.of("scratch"),
                record.indexCreatedBefore("scratch_a", 7).orElseThrow());
        m.beginScript();
        assertFalse(m.currentScript().tableCreatedBefore(ORDERS, 0));
    }

    @Test
    void aSnapshotCarriesTheRecordOfItsScriptAndCanBeCompletedAhead() {
        SchemaModel m = new SchemaModel();
        m.beginScript();
        apply(m, "CREATE TABLE orders (a int);");
        SchemaModel snapshot = m.copy();
        apply(m, "ALTER TABLE orders ADD COLUMN b int;");
        assertFalse(snapshot.currentScript().creates(new ObjectRef(ObjectKind.COLUMN, "b", "orders")));
        assertTrue(m.currentScript().creates(new ObjectRef(ObjectKind.COLUMN, "b", "orders")));
        StatementParser parser = new StatementParser();
        List<RawStatement> raws = StatementSplitter.split(
                        new SourceText("m.sql", "CREATE TABLE orders (a int); DROP TABLE orders;"))
                .statements();
        List<io.miglint.model.ParsedStatement> script =
                List.of(parser.parse(raws.get(0), 0), parser.parse(raws.get(1), 1));
        ScriptRecord whole = snapshot.currentScript().completedWith(script);
        assertFalse(whole.createsTable(ORDERS));
        assertTrue(snapshot.currentScript().createsTable(ORDERS));
    }

    @Test
    void scriptsOfOneVersionShareTheTablesTheyCreate() {
        SchemaModel m = new SchemaModel();
        m.beginScript();
        m.beginUp("27");
        apply(m, "CREATE TABLE orders (a int);");
        assertTrue(m.tableCreatedInCurrentVersion(ORDERS));
        m.beginScript();
        m.beginUp("27");
        assertTrue(m.tableCreatedInCurrentVersion(ORDERS));
        assertFalse(m.currentScript().tableCreatedBefore(ORDERS, 0));
        apply(m, "ALTER TABLE orders RENAME TO purchases;");
        assertTrue(m.tableCreatedInCurrentVersion(QualifiedName.of("purchases")));
        m.beginScript();
        m.beginUp("28");
        assertFalse(m.tableCreatedInCurrentVersion(QualifiedName.of("purchases")));
    }

    @Test
    void droppingAColumnDropsTheChecksAndExpressionIndexesThatUseIt() {
        SchemaModel m = apply(
                new SchemaModel(),
                "CREATE TABLE orders (id int, kind int, a int, b int, note text);"
                        + "ALTER TABLE orders ADD CONSTRAINT orders_kind_ck CHECK (kind = 1 OR kind = 2);"
                        + "ALTER TABLE orders ADD CONSTRAINT orders_a_b_ck CHECK (a < b);"
                        + "ALTER TABLE orders ADD CONSTRAINT orders_note_ck CHECK (note <> 'kind');"
                        + "CREATE INDEX orders_note_lower_idx ON orders (lower(note));"
                        + "CREATE INDEX orders_kind_idx ON orders (id) WHERE kind > 0;");
        apply(m, "ALTER TABLE orders DROP COLUMN kind; ALTER TABLE orders DROP COLUMN b;");
        // as PostgreSQL does: a CHECK goes with any column it names, of one or several, but not for a string
        assertEquals(
                List.of("orders_note_ck"),
                m.table(ORDERS).orElseThrow().constraints().stream()
                        .map(Constraint::name)
                        .toList());
        assertFalse(m.has(new ObjectRef(ObjectKind.INDEX, "orders_kind_idx", null)));
        assertTrue(m.has(new ObjectRef(ObjectKind.INDEX, "orders_note_lower_idx", null)));
        apply(m, "ALTER TABLE orders DROP COLUMN note;");
        assertFalse(m.has(new ObjectRef(ObjectKind.INDEX, "orders_note_lower_idx", null)));
    }

    @Test
    void renamesKeepTheFormerNamesAndATableIsFoundUnderTheNameItHadInAnEarlierSnapshot() {
        SchemaModel before = apply(new SchemaModel(), "CREATE TABLE orders (id int, amendment_status text);");
        SchemaModel m = apply(
                before.copy(),
                "ALTER TABLE orders RENAME COLUMN amendment_status TO revision_status;"
                        + "ALTER TABLE orders RENAME TO purchases;");
        QualifiedName purchases = QualifiedName.of("purchases");
        assertEquals(
                List.of("amendment_status"),
                m.column(purchases, "revision_status").orElseThrow().history().formerNames());
        assertEquals(List.of("orders"), m.formerNames(purchases));
        assertEquals(ORDERS, m.sameTableIn(before, purchases).orElseThrow().name());
        // a table made since the earlier snapshot under a name it had there is another table
        apply(m, "CREATE TABLE orders (id int);");
        assertTrue(m.sameTableIn(before, ORDERS).isEmpty());
    }
}
