package io.miglint.model.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.schema.LookupTables.Evidence;
import io.miglint.parse.StatementParser;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LookupTablesTest {

    /** Each string is the up of one migration, in order. */
    private static LookupTables read(String... ups) {
        StatementParser parser = new StatementParser();
        List<List<ParsedStatement>> scripts = new ArrayList<>();
        for (String sql : ups) {
            List<RawStatement> raws =
                    StatementSplitter.split(new SourceText("m.sql", sql)).statements();
            List<ParsedStatement> parsed = new ArrayList<>();
            for (int i = 0; i < raws.size(); i++) {
                parsed.add(parser.parse(raws.get(i), i));
            }
            scripts.add(parsed);
        }
        return LookupTables.of(scripts);
    }

    private static Optional<Evidence> evidence(LookupTables lt, String table) {
        return lt.lookup(QualifiedName.of(table)).map(LookupTables.Lookup::evidence);
    }

    @Test
    void aTableTheFolderDocumentsAsALookupOrReferenceTable() {
        LookupTables lt = read(
                "CREATE TABLE app.grade_levels (id serial PRIMARY KEY, name text,"
                        + " created_at timestamptz NOT NULL DEFAULT now());"
                        + "CREATE TABLE app.orders (id serial PRIMARY KEY);",
                "COMMENT ON TABLE app.grade_levels IS 'Reference table for grade levels of users';"
                        + "COMMENT ON TABLE app.orders IS 'Orders placed by customers, with a reference to them';");
        assertEquals(
                Optional.of(Evidence.DOCUMENTED),
                lt.lookup(new QualifiedName("app", "grade_levels")).map(LookupTables.Lookup::evidence));
        assertTrue(lt.lookup(new QualifiedName("app", "orders")).isEmpty());
        assertTrue(evidence(lt, "grade_levels").isEmpty(), "another schema's table of the same name is not it");
    }

    @Test
    void seedDataInsertedAsLiteralValuesIntoATableWithoutTimes() {
        LookupTables lt = read("CREATE TABLE colour (id serial PRIMARY KEY, name text NOT NULL);"
                + "INSERT INTO colour (name) VALUES ('red'), ('green');"
                + "CREATE TABLE size (id serial PRIMARY KEY, name text NOT NULL);"
                + "INSERT INTO size (name) VALUES ('S');"
                + "INSERT INTO size (name) VALUES ('M');");
        assertEquals(Optional.of(Evidence.SEEDED), evidence(lt, "colour"));
        assertEquals(Optional.of(Evidence.SEEDED), evidence(lt, "size"), "rows of several inserts add up");
    }

    @Test
    void seedRowsAreNoEvidenceWhenTheTableRecordsTimesIsBulkFilledHasOneRowOrBelongsToAnotherTable() {
        LookupTables lt = read(
                "CREATE TABLE users (id serial PRIMARY KEY, name text,"
                        + " created_at timestamptz NOT NULL DEFAULT now());"
                        + "INSERT INTO users (name) VALUES ('admin'), ('anonymous');"
                        + "CREATE TABLE application (id serial PRIMARY KEY, name text);"
                        + "INSERT INTO application (name) VALUES ('test application');"
                        + "CREATE TABLE colour (id serial PRIMARY KEY, name text);"
                        + "INSERT INTO colour (name) VALUES ('red'), ('green');"
                        + "CREATE TABLE token (id serial PRIMARY KEY, owner int REFERENCES users (id));"
                        + "INSERT INTO token (owner) VALUES (1), (2);",
                "INSERT INTO colour (name) SELECT name FROM legacy_colour;");
        assertTrue(evidence(lt, "users").isEmpty(), "a table with a time column records events or users");
        assertTrue(evidence(lt, "application").isEmpty(), "one seeded row is an admin user or a default");
        assertTrue(evidence(lt, "colour").isEmpty(), "INSERT … SELECT fills it in bulk");
        assertTrue(evidence(lt, "token").isEmpty(), "its rows belong to users, which is no lookup table");
    }

    @Test
    void aSelfReferencingTypeHierarchyWithoutTimesAndWhatHangsOffIt() {
        LookupTables lt = read(
                "CREATE TABLE work_type (id serial PRIMARY KEY, name text, parent int,"
                        + " child_order int NOT NULL DEFAULT 0);"
                        + "CREATE TABLE work_type_allowed_value (id serial PRIMARY KEY, value text,"
                        + " work_type int NOT NULL REFERENCES work_type (id));"
                        + "CREATE TABLE comment (id serial PRIMARY KEY, body text,"
                        + " parent_id int REFERENCES comment (id), published timestamp NOT NULL DEFAULT now());",
                "ALTER TABLE work_type ADD CONSTRAINT work_type_fk_parent FOREIGN KEY (parent)"
                        + " REFERENCES work_type (id);"
                        + "ALTER TABLE work_type_allowed_value ADD COLUMN parent int REFERENCES work_type_allowed_value;"
                        + "ALTER TABLE label_type ADD CONSTRAINT label_type_fk_parent FOREIGN KEY (parent)"
                        + " REFERENCES label_type (id);");
        assertEquals(Optional.of(Evidence.TYPE_HIERARCHY), evidence(lt, "work_type"));
        assertEquals(Optional.of(Evidence.TYPE_HIERARCHY), evidence(lt, "work_type_allowed_value"));
        assertTrue(evidence(lt, "comment").isEmpty(), "a tree of comments records when each was written");
        assertTrue(evidence(lt, "label_type").isEmpty(), "a table the folder never created: columns unknown");
    }

    @Test
    void aTableBuiltToHoldOneRow() {
        LookupTables lt = read("CREATE TABLE site_stats (site_id int, users int);"
                + "CREATE UNIQUE INDEX site_stats_one_row ON site_stats ((true));"
                + "CREATE TABLE settings (id int PRIMARY KEY CHECK (id = 1), theme text,"
                + " updated_at timestamptz);"
                + "CREATE UNIQUE INDEX orders_code ON orders (code);"
                + "CREATE TABLE events (id serial PRIMARY KEY, kind text CHECK (kind = 'audit'));");
        assertEquals(Optional.of(Evidence.SINGLE_ROW), evidence(lt, "site_stats"));
        assertEquals(Optional.of(Evidence.SINGLE_ROW), evidence(lt, "settings"));
        assertTrue(evidence(lt, "orders").isEmpty());
        assertTrue(evidence(lt, "events").isEmpty(), "a pinned column that is no key allows many rows");
    }

    @Test
    void evidenceFollowsRenamesAndDeletesAreRecorded() {
        LookupTables lt = read(
                "CREATE TABLE colour (id serial PRIMARY KEY, name text);"
                        + "INSERT INTO colour (name) VALUES ('red'), ('green');",
                "ALTER TABLE colour RENAME TO color;",
                "DELETE FROM color WHERE name = 'green';",
                "CREATE TABLE shade (id serial PRIMARY KEY, name text);"
                        + "INSERT INTO shade (name) VALUES ('dark'), ('light');");
        assertEquals(Optional.of(Evidence.SEEDED), evidence(lt, "colour"));
        assertEquals(Optional.of(Evidence.SEEDED), evidence(lt, "color"));
        assertTrue(lt.lookup(QualifiedName.of("color")).orElseThrow().rowsDeleted());
        assertFalse(lt.lookup(QualifiedName.of("shade")).orElseThrow().rowsDeleted());
    }

    @Test
    void aNameReusedByAnotherTableIsJudgedAsThatTable() {
        LookupTables lt = read(
                "CREATE TABLE status (id serial PRIMARY KEY, name text);"
                        + "INSERT INTO status (name) VALUES ('open'), ('closed');",
                "DROP TABLE status;" + "CREATE TABLE status (id serial PRIMARY KEY, at timestamptz NOT NULL);");
        assertTrue(evidence(lt, "status").isEmpty());
    }

    @Test
    void anInsertSelectOfConstantsSeedsOneRowAndOneThatReadsATableFillsInBulk() {
        LookupTables lt = read(
                "CREATE TABLE credential_type (id uuid PRIMARY KEY, name text NOT NULL);",
                "INSERT INTO credential_type (id, name) SELECT '78c1b41d-8341-4507-aa60-aff1d4369670', 'password'"
                        + " WHERE NOT EXISTS (SELECT * FROM credential_type WHERE name = 'password');",
                "INSERT INTO credential_type (id, name) SELECT '6fa5e2e0-bfce-4631-b62b-cf2b0252b289', 'oidc'"
                        + " WHERE NOT EXISTS (SELECT * FROM credential_type WHERE name = 'oidc');"
                        + "CREATE TABLE slot (id int PRIMARY KEY);"
                        + "INSERT INTO slot SELECT generate_series(1, 1000000);"
                        + "CREATE TABLE plan (id int PRIMARY KEY, name text);"
                        + "INSERT INTO plan SELECT id, name FROM legacy_plan WHERE NOT EXISTS (SELECT 1 FROM plan);");
        assertEquals(
                Optional.of(Evidence.SEEDED),
                evidence(lt, "credential_type"),
                "the NOT EXISTS subquery only looks the table up: each insert adds one row of constants");
        assertTrue(evidence(lt, "slot").isEmpty(), "a function can return any number of rows");
        assertTrue(evidence(lt, "plan").isEmpty(), "rows copied from another table");
    }

    @Test
    void aDataModifyingWithQueryFillsOrEmptiesItsTable() {
        LookupTables lt = read(
                "CREATE TABLE colour (id serial PRIMARY KEY, name text);"
                        + "INSERT INTO colour (name) VALUES ('red'), ('green');"
                        + "CREATE TABLE size (id serial PRIMARY KEY, name text);"
                        + "INSERT INTO size (name) VALUES ('S'), ('M');",
                "WITH copied AS (INSERT INTO colour (name) SELECT name FROM legacy_colour RETURNING id)"
                        + " SELECT count(*) FROM copied;"
                        + "WITH gone AS (DELETE FROM size WHERE name = 'S' RETURNING id)"
                        + " INSERT INTO size_log SELECT id FROM gone;");
        assertTrue(evidence(lt, "colour").isEmpty(), "rows copied in by the WITH query");
        assertTrue(lt.lookup(QualifiedName.of("size")).orElseThrow().rowsDeleted());
    }
}
