package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationFolderReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which folders may change what other folders on the server see, and so are not verified side by side. */
class ServerObjectsTest {
    @TempDir
    Path dir;

    private boolean touches(String up) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("f" + Math.abs(up.hashCode())));
        Files.writeString(folder.resolve("1_change_things.up.sql"), up);
        Files.writeString(folder.resolve("1_change_things.down.sql"), "select 1;\n");
        return Verifier.touchesServerObjects(MigrationFolderReader.read(folder, LayoutKind.GOLANG_MIGRATE, "t")
                .set());
    }

    @Test
    void aRestrictedRunnerCannotChangeTheServersObjectsButItsOwnSettings() throws Exception {
        // It may create no role, database or tablespace: those fail alike in any order.
        assertEquals(false, touches("CREATE ROLE reporting LOGIN;"));
        assertEquals(false, touches("create database other;"));
        assertEquals(false, touches("grant reporting to app;"));
        // Its own settings are every later session's.
        assertEquals(true, touches("create table t (id int);\nalter  user current_user set search_path = app;"));
        // No extension makes the folder run with more rights: there is no superuser fallback.
        assertEquals(
                false, touches("create extension postgis;\nDO $$ BEGIN EXECUTE 'drop role if exists old'; END $$;"));
        assertEquals(false, touches("create extension pgcrypto;\ncreate table users (id int);"));
    }
}
