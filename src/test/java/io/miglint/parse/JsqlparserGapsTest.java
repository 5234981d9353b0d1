package io.miglint.parse;

import static io.miglint.parse.Parsing.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import org.junit.jupiter.api.Test;

/**
 * Each statement JSqlParser 5.4 rejects or mis-reads (docs/parse-coverage.md, "Why DDL goes through miglint's own
 * recognizer") is recognised correctly.
 */
class JsqlparserGapsTest {

    @Test
    void dropIndexConcurrentlyIfExists() {
        Statement.Drop d = node("DROP INDEX CONCURRENTLY IF EXISTS idx_a;", Statement.Drop.class);
        assertEquals(ObjectKind.INDEX, d.kind());
        assertTrue(d.concurrently() && d.ifExists());
        assertEquals("idx_a", d.names().get(0).name());
    }

    @Test
    void dropIndexConcurrentlyWithoutIfExists() {
        Statement.Drop d = node("DROP INDEX CONCURRENTLY idx;", Statement.Drop.class);
        assertTrue(d.concurrently());
        assertEquals("idx", d.names().get(0).name());
    }

    @Test
    void alterColumnSetDataType() {
        AlterAction.AlterColumnType a = (AlterAction.AlterColumnType)
                node("ALTER TABLE t ALTER COLUMN c SET DATA TYPE varchar(50);", Statement.AlterTable.class)
                        .actions()
                        .get(0);
        assertEquals("varchar", a.type().name());
    }

    @Test
    void addConstraintUsingIndex() {
        Statement.AlterTable pk = node(
                "ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id_idx;", Statement.AlterTable.class);
        TableConstraint c = ((AlterAction.AddConstraint) pk.actions().get(0)).constraint();
        assertEquals(TableConstraint.Kind.PRIMARY_KEY, c.kind());
        assertEquals("t_id_idx", c.usingIndex());
        Statement.AlterTable u =
                node("ALTER TABLE t ADD CONSTRAINT t_u UNIQUE USING INDEX t_u_idx;", Statement.AlterTable.class);
        assertEquals(
                "t_u_idx",
                ((AlterAction.AddConstraint) u.actions().get(0)).constraint().usingIndex());
    }

    @Test
    void alterTableIfExistsOnly() {
        Statement.AlterTable a = node("ALTER TABLE IF EXISTS ONLY t DROP COLUMN c;", Statement.AlterTable.class);
        assertTrue(a.ifExists() && a.only());
    }

    @Test
    void beginAndStartTransaction() {
        assertEquals(
                Statement.Transaction.TxKind.BEGIN,
                node("BEGIN;", Statement.Transaction.class).kind());
        assertEquals(
                Statement.Transaction.TxKind.BEGIN,
                node("START TRANSACTION;", Statement.Transaction.class).kind());
    }

    @Test
    void setToValue() {
        assertEquals(
                "'1s'",
                node("SET lock_timeout TO '1s';", Statement.SetParameter.class).value());
    }

    @Test
    void vacuumClusterReindex() {
        node("VACUUM t;", Statement.Vacuum.class);
        assertEquals("t", node("CLUSTER t;", Statement.Cluster.class).table().name());
        assertEquals(
                "t", node("REINDEX TABLE t;", Statement.Reindex.class).name().name());
    }

    @Test
    void lockTableAccessExclusive() {
        assertEquals(
                "ACCESS EXCLUSIVE",
                node("LOCK TABLE t IN ACCESS EXCLUSIVE MODE;", Statement.LockTable.class)
                        .mode());
    }

    @Test
    void truncateRestartIdentity() {
        assertTrue(
                node("TRUNCATE t RESTART IDENTITY;", Statement.Truncate.class).restartIdentity());
    }

    @Test
    void createSequenceIfNotExists() {
        assertTrue(
                node("CREATE SEQUENCE IF NOT EXISTS s;", Statement.Create.class).ifNotExists());
    }

    @Test
    void dropTypeDomainPolicy() {
        assertEquals(ObjectKind.TYPE, node("DROP TYPE t;", Statement.Drop.class).kind());
        assertEquals(
                ObjectKind.DOMAIN, node("DROP DOMAIN d;", Statement.Drop.class).kind());
        assertEquals(
                ObjectKind.POLICY,
                node("DROP POLICY p ON t;", Statement.Drop.class).kind());
    }

    @Test
    void commentOnIndexAndSchema() {
        assertEquals(
                ObjectKind.INDEX,
                node("COMMENT ON INDEX i IS 'x';", Statement.Comment.class).kind());
        assertEquals(
                ObjectKind.SCHEMA,
                node("COMMENT ON SCHEMA s IS 'x';", Statement.Comment.class).kind());
    }

    @Test
    void createDomainWithDefaultAndCheck() {
        Statement.Create d =
                node("CREATE DOMAIN email AS text DEFAULT '' CHECK (VALUE ~ '@');", Statement.Create.class);
        assertEquals(ObjectKind.DOMAIN, d.kind());
        assertEquals("email", d.name().name());
    }

    @Test
    void psqlBackslashCommands() {
        Statement.PsqlMeta m = node("\\i other.sql\n", Statement.PsqlMeta.class);
        assertEquals("\\i", m.command());
        assertEquals("other.sql", m.arguments());
    }

    @Test
    void settingsCommentFileAsNames() {
        Statement.AlterTable a = node("ALTER TABLE settings ADD COLUMN file text;", Statement.AlterTable.class);
        assertEquals("settings", a.table().name());
        assertEquals(
                "file", ((AlterAction.AddColumn) a.actions().get(0)).column().name());
        assertEquals(
                "comment",
                node("CREATE INDEX i ON comment (file);", Statement.CreateIndex.class)
                        .table()
                        .name());
        assertEquals(
                "comment",
                node("DROP TABLE comment;", Statement.Drop.class).names().get(0).name());
    }
}
