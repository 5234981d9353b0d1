package io.miglint.rules.schema;

import io.miglint.rule.Finding;
import io.miglint.rule.RuleOptions;
import io.miglint.testing.FolderLint;
import java.nio.file.Path;
import java.util.List;

/** A golang-migrate folder of numbered migrations for the index-name rules' tests, with MusicBrainz's link tables. */
final class IndexFolder {
    private final Path dir;

    IndexFolder(Path dir) {
        this.dir = dir;
    }

    /** Writes migration {@code version}: {@code sql} as its up, a trivial down. */
    void migration(int version, String sql) {
        FolderLint.write(dir.resolve(version + "_m" + version + ".up.sql"), sql);
        FolderLint.write(dir.resolve(version + "_m" + version + ".down.sql"), "SELECT 1;\n");
    }

    List<Finding> findings(String rule) {
        return FolderLint.findings(dir, "golang-migrate", rule, RuleOptions.EMPTY);
    }

    /** MusicBrainz's way: {table}_idx_{columns}, and {table}_idx_uniq for a link table's unique index. */
    void linkTables() {
        migration(1, """
                CREATE TABLE area (id int PRIMARY KEY, name text, gid uuid);
                CREATE TABLE label (id int PRIMARY KEY, name text, gid uuid);
                CREATE TABLE instrument (id int PRIMARY KEY, name text, gid uuid);
                CREATE INDEX area_idx_name ON area (name);
                CREATE UNIQUE INDEX area_idx_gid ON area (gid);
                CREATE INDEX label_idx_name ON label (name);
                CREATE UNIQUE INDEX label_idx_gid ON label (gid);
                CREATE INDEX instrument_idx_name ON instrument (name);
                CREATE TABLE l_area_label (id int PRIMARY KEY, entity0 int, entity1 int, link int);
                CREATE TABLE l_area_area (id int PRIMARY KEY, entity0 int, entity1 int, link int);
                CREATE UNIQUE INDEX l_area_area_idx_uniq ON l_area_area (entity0, entity1, link);
                CREATE UNIQUE INDEX l_area_label_idx_uniq ON l_area_label (entity0, entity1, link);
                """);
    }
}
