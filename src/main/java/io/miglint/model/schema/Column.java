package io.miglint.model.schema;

import io.miglint.model.Expr;
import io.miglint.model.TypeRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A column as the migrations so far have left it; {@code defaultExpr} is null without a DEFAULT.
 *
 * @param generated a stored generated column ({@code GENERATED ALWAYS AS (…) STORED}): its values are computed from
 *                  the row's other columns
 * @param identity  a {@code GENERATED … AS IDENTITY} column: its values come from a sequence the column owns
 * @param history   where it came from (kept through renames of the column and of its table)
 */
public record Column(
        String name,
        TypeRef type,
        boolean notNull,
        Expr defaultExpr,
        boolean generated,
        boolean identity,
        History history) {

    /**
     * What the folder did to a column over time.
     *
     * @param addedIn    the version of the migration whose CREATE TABLE or ADD COLUMN made it (null when not known)
     * @param addedAt    when, in the order the model applied statements: a column added after another has a larger
     *                   number, also within one migration
     * @param relaxedIn  the version of the last migration that dropped its NOT NULL (null when none did)
     * @param copiedFrom other columns of the table (under the names they had then) an UPDATE wrote into it
     *                   ({@code SET run_uuid = run_id::uuid}), each with the version of the migration that did
     * @param filledFrom other tables the migration that added the column filled it from, row by row (an UPDATE
     *                   setting it to a query of them: Marquez V24's {@code current_outputs}, a cache of
     *                   {@code job_versions_io_mapping}); empty when none
     * @param formerNames the names RENAME COLUMN took from it, oldest first (bcgov/cas-cif's
     *                   {@code project_revision.revision_status} was {@code amendment_status}); empty when never
     *                   renamed
     */
    public record History(
            String addedIn,
            long addedAt,
            String relaxedIn,
            Map<String, String> copiedFrom,
            List<String> filledFrom,
            List<String> formerNames) {
        public History(String addedIn, long addedAt, String relaxedIn, Map<String, String> copiedFrom) {
            this(addedIn, addedAt, relaxedIn, copiedFrom, List.of(), List.of());
        }

        History relaxed(String version) {
            return new History(addedIn, addedAt, version, copiedFrom, filledFrom, formerNames);
        }

        History copied(String source, String version) {
            Map<String, String> m = new HashMap<>(copiedFrom);
            m.put(source, version);
            return new History(addedIn, addedAt, relaxedIn, Map.copyOf(m), filledFrom, formerNames);
        }

        History filled(List<String> tables) {
            return new History(addedIn, addedAt, relaxedIn, copiedFrom, List.copyOf(tables), formerNames);
        }

        History renamedFrom(String name) {
            List<String> names = new java.util.ArrayList<>(formerNames);
            names.add(name);
            return new History(addedIn, addedAt, relaxedIn, copiedFrom, filledFrom, List.copyOf(names));
        }
    }

    Column withName(String newName) {
        return new Column(newName, type, notNull, defaultExpr, generated, identity, history);
    }

    Column withType(TypeRef newType) {
        return new Column(name, newType, notNull, defaultExpr, generated, identity, history);
    }

    Column withNotNull(boolean value) {
        return new Column(name, type, value, defaultExpr, generated, identity, history);
    }

    Column withDefault(Expr value) {
        return new Column(name, type, notNull, value, generated, identity, history);
    }

    Column withIdentity(boolean value) {
        return new Column(name, type, notNull || value, defaultExpr, generated, value, history);
    }

    Column withHistory(History value) {
        return new Column(name, type, notNull, defaultExpr, generated, identity, value);
    }

    /** PostgreSQL fills it when an INSERT leaves it out: it is nullable, has a default, or is generated. */
    public boolean optionalOnInsert() {
        return !notNull || defaultExpr != null && !defaultExpr.isNullLiteral() || generated || identity || serial();
    }

    /** A serial column: its type is shorthand for an integer with a sequence's nextval() as default. */
    public boolean serial() {
        String t = type == null || type.name() == null ? "" : type.name();
        return t.equals("serial") || t.equals("bigserial") || t.equals("smallserial");
    }
}
