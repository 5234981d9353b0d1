package io.miglint.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.miglint.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import liquibase.ChecksumVersion;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.change.core.RawSQLChange;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * miglint's reading of Liquibase changelogs against liquibase-core 4.33.0's own parsers: the same changesets in the
 * same order, with the same id, author, path, attributes and version 9 checksum.
 */
class LiquibaseChangelogTest {

    @TempDir
    Path dir;

    @Test
    void changesetsAndChecksumsMatchLiquibaseOnAMixedChangelog() throws Exception {
        Files.createDirectories(dir.resolve("db/changelog/sql"));
        write("db/changelog/db.changelog-master.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
                      http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
                  <include file="db/changelog/sql/001_orders.sql"/>
                  <include file="db/changelog/sql/002_plain.sql"/>
                  <changeSet id="xml-sql" author="ann" runInTransaction="false" context="prod" labels="l1">
                    <comment>made in xml</comment>
                    <sql splitStatements="false">UPDATE orders SET id = id WHERE id &lt; 3;
                      <![CDATA[ SELECT 1 WHERE 2 > 1; ]]></sql>
                    <rollback>SELECT 2;</rollback>
                  </changeSet>
                  <include file="db/changelog/more.yaml"/>
                </databaseChangeLog>
                """);
        write("db/changelog/sql/001_orders.sql", """
                --liquibase formatted sql

                --changeset ann:1 failOnError:true
                --comment: orders table
                CREATE TABLE orders (id bigint);
                -- a comment line that is part of the SQL
                INSERT INTO orders VALUES (1);
                --rollback DROP TABLE orders;

                --changeset "bob smith":2 runInTransaction:false splitStatements:false endDelimiter:\\\\ context:test labels:a,b
                --preconditions onFail:MARK_RAN
                --precondition-sql-check expectedResult:0 SELECT count(*) FROM orders WHERE id = 5
                CREATE INDEX CONCURRENTLY orders_id_idx ON orders (id);
                /* liquibase rollback
                DROP INDEX CONCURRENTLY orders_id_idx;
                */

                --changeset ann:3 runOnChange:true runAlways:true
                ALTER TABLE orders ADD COLUMN note text\t ;   \r
                --rollback empty
                """);
        write("db/changelog/sql/002_plain.sql", "--changeset ignored:1\nCREATE TABLE plain (id int);\nSELECT 'é';\n");
        write("db/changelog/more.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: yaml-1
                      author: cy
                      changes:
                        - sql:
                            sql: |
                              CREATE TABLE y (id int);
                              COMMENT ON TABLE y IS 'from yaml';
                      rollback:
                        - sql:
                            sql: DROP TABLE y;
                """);
        List<LiquibaseChangelog.Entry> mine = LiquibaseChangelog.read(
                        dir.toRealPath(),
                        dir.toRealPath().resolve("db/changelog/db.changelog-master.xml"),
                        "db/changelog/db.changelog-master.xml")
                .entries();
        List<ChangeSet> theirs = liquibase(dir, "db/changelog/db.changelog-master.xml");
        assertSame(
                describe(theirs),
                mine.stream().map(e -> describe(e.changeSet())).toList());
        assertEquals(6, mine.size());
        assertTrue(mine.get(0).changeSet().hasRollback());
        assertFalse(mine.get(3).changeSet().hasRollback()); // the plain file: no rollback possible
    }

    @Test
    void theCorpusChangelogReadsAsLiquibaseReadsIt() throws Exception {
        Path project = Corpus.location().resolve("CMSgov__ab2d");
        assumeTrue(Files.isDirectory(project), "corpus not present");
        String master = "db/changelog/db.changelog-master.yaml";
        List<LiquibaseChangelog.Entry> mine = LiquibaseChangelog.read(
                        project.toRealPath(), project.toRealPath().resolve(master), master)
                .entries();
        List<ChangeSet> theirs = liquibase(project, master);
        assertEquals(120, theirs.size());
        assertSame(
                describe(theirs),
                mine.stream().map(e -> describe(e.changeSet())).toList());
    }

    @Test
    void aFolderReadAsLiquibaseGivesOneMigrationPerChangesetWithItsRollbackAsTheDown() throws Exception {
        write(
                "001_a.sql",
                "--liquibase formatted sql\n--changeset a:1\nCREATE TABLE a (id int)\n"
                        + "--rollback DROP TABLE a\n--changeset a:2\nCREATE TABLE b (id int);\n");
        MigrationSet set =
                MigrationFolderReader.read(dir, LayoutKind.LIQUIBASE, "test").set();
        assertEquals(2, set.migrations().size());
        Migration first = set.migrations().get(0);
        String text = Files.readString(dir.resolve("001_a.sql"));
        String down = first.down().seen(text);
        assertEquals(text.length(), down.length());
        assertEquals("DROP TABLE a", down.substring(text.indexOf("DROP"), text.indexOf("DROP") + 12));
        assertFalse(down.contains("CREATE"));
        String up = first.up().seen(text);
        assertTrue(up.contains("CREATE TABLE a (id int)"));
        assertTrue(
                up.substring(first.up().start(), first.up().end()).strip().startsWith(";"),
                "a ';' at the changeset line ends a statement left open by the changeset before");
        assertNull(set.migrations().get(1).down());
        assertEquals(
                Optional.of(LayoutKind.LIQUIBASE), LayoutDetector.detect(dir).map(LayoutGuess::layout));
    }

    @Test
    void hostileChangelogsAreRefusedWithOneProblemEach() throws Exception {
        Path outside = Files.createTempFile("secret", ".sql");
        try {
            Files.writeString(outside, "SELECT 'secret';\n");
            Path project = Files.createDirectories(dir.resolve("project"));
            write(
                    "project/doctype-changelog.xml",
                    "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM \"file://" + outside
                            + "\">]>\n<databaseChangeLog><include file=\"&x;\"/></databaseChangeLog>\n");
            write(
                    "project/db.changelog.yaml",
                    "databaseChangeLog:\n  - include:\n      file: "
                            + project.relativize(outside).toString().replace('\\', '/')
                            + "\n  - include:\n      file: loop.yaml\n");
            write("project/loop.yaml", "databaseChangeLog:\n  - include:\n      file: loop.yaml\n");
            Path root = project.toRealPath();
            var xml = LiquibaseChangelog.read(root, root.resolve("doctype-changelog.xml"), "doctype-changelog.xml");
            assertEquals(List.of(), xml.entries());
            assertEquals(1, xml.problems().size(), xml.problems().toString());
            assertTrue(
                    xml.problems().get(0).message().contains("cannot parse"),
                    xml.problems().toString());
            var yaml = LiquibaseChangelog.read(root, root.resolve("db.changelog.yaml"), "db.changelog.yaml");
            assertEquals(List.of(), yaml.entries());
            assertTrue(
                    yaml.files().stream().allMatch(f -> f.startsWith(root)),
                    yaml.files().toString());
            assertEquals(2, yaml.problems().size(), yaml.problems().toString());
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    /** Equal lists, told as the changesets that differ. */
    private static void assertSame(List<String> theirs, List<String> mine) {
        List<String> diff = new ArrayList<>();
        for (int i = 0; i < Math.max(theirs.size(), mine.size()); i++) {
            String t = i < theirs.size() ? theirs.get(i) : null;
            String m = i < mine.size() ? mine.get(i) : null;
            if (t == null || !t.equals(m)) {
                diff.add("#" + i + "\n  liquibase: " + t + "\n  miglint:   " + m);
            }
        }
        assertTrue(
                diff.isEmpty(),
                diff.size() + " changesets differ:\n" + String.join("\n", diff.subList(0, Math.min(8, diff.size()))));
    }

    private void write(String relative, String text) throws Exception {
        Path f = dir.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    /** Liquibase's own parse of the changelog, with no database (plain SQL files are then id "raw"). */
    static List<ChangeSet> liquibase(Path root, String master) throws Exception {
        ResourceAccessor accessor = new DirectoryResourceAccessor(root.toFile());
        return Scope.child(java.util.Map.<String, Object>of(Scope.Attr.resourceAccessor.name(), accessor), () -> {
            DatabaseChangeLog log = ChangeLogParserFactory.getInstance()
                    .getParser(master, accessor)
                    .parse(master, new ChangeLogParameters(), accessor);
            return new ArrayList<>(log.getChangeSets());
        });
    }

    static List<String> describe(List<ChangeSet> sets) {
        return sets.stream().map(LiquibaseChangelogTest::describe).toList();
    }

    static String describe(ChangeSet cs) {
        Change c = cs.getChanges().get(0);
        String split = "";
        String end = null;
        if (c instanceof liquibase.change.AbstractSQLChange sql) {
            split = String.valueOf(sql.isSplitStatements());
            end = sql.getEndDelimiter();
        }
        return String.join(
                " | ",
                cs.getFilePath(),
                cs.getId(),
                cs.getAuthor(),
                cs.getDescription(),
                cs.generateCheckSum(ChecksumVersion.V9).toString(),
                "tx=" + cs.isRunInTransaction(),
                "split=" + split,
                "end=" + end,
                "onChange=" + cs.isRunOnChange(),
                "always=" + cs.isAlwaysRun(),
                "contexts="
                        + Optional.ofNullable(cs.getContextFilter())
                                .map(Object::toString)
                                .map(s -> s.replaceAll("^\\((.*)\\)$", "$1"))
                                .filter(s -> !s.isEmpty())
                                .orElse(null),
                "labels="
                        + Optional.ofNullable(cs.getLabels())
                                .map(Object::toString)
                                .filter(s -> !s.isEmpty())
                                .orElse(null),
                "comments=" + cs.getComments(),
                "raw=" + (c instanceof RawSQLChange));
    }

    static String describe(LiquibaseChangeSet cs) {
        return String.join(
                " | ",
                cs.path(),
                cs.id(),
                cs.author(),
                cs.change(),
                cs.checksum(),
                "tx=" + cs.runInTransaction(),
                "split=" + cs.splitStatements(),
                "end=" + cs.endDelimiter(),
                "onChange=" + cs.runOnChange(),
                "always=" + cs.runAlways(),
                "contexts=" + cs.contexts(),
                "labels=" + cs.labels(),
                "comments=" + cs.comments(),
                "raw=" + cs.change().equals("sql"));
    }
}
