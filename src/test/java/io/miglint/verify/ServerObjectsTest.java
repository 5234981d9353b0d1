package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationFolderReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which folders change objects of the whole server, and so are not verified side by side with others. */
class ServerObjectsTest {
    @TempDir
    Path dir;

    private boolean touches(String up) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("f" + Math.abs(up.hashCode())));
        Files.writeString(folder.resolve("1_change_things.up.sql"), up);
        Files.writeString(folder.resolve("1_change_things.down.sql"), "select 1;\n");
        return Verifier.touchesServerObjects(MigrationFolderReader.read(folder, LayoutKind.GOLANG_MIGRATE, "t").set());
    }

    @Test
    void rolesTablespacesDatabasesAndMembershipsAreTheServers() throws Exception {
        assertEquals(true, touches("CREATE ROLE reporting LOGIN;"));
        assertEquals(true, touches("create table t (id int);\nalter  user app set search_path = app;"));
        assertEquals(true, touches("DO $$ BEGIN EXECUTE 'drop role if exists old'; END $$;"));
        assertEquals(true, touches("grant reporting to app;"));
        assertEquals(true, touches("create tablespace fast location '/ssd';"));
        assertEquals(true, touches("reassign owned by old to app;"));
        assertEquals(false, touches("create table roles (id int, user_name text);\n"
                + "grant select on roles to reporting;\ncreate index roles_user on roles (user_name);"));
        assertEquals(false, touches("alter table users add column database_name text;"));
    }
}
