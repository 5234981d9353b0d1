package io.miglint.rules.schema;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.schema.Index;
import io.miglint.model.schema.Table;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import java.util.List;
import java.util.Optional;

/**
 * A plain b-tree index over exactly the columns, in the same order, of an index the table already has (a key
 * constraint's included): connext's {@code CREATE INDEX snapshots_idx ON snapshots (id)} beside the UNIQUE of
 * {@code id}. It holds the same entries, every write maintains both, and no query uses it that the other cannot
 * serve. A unique index is a duplicate only of another unique one; partial, expression and other-method indexes are
 * left alone.
 */
@RuleInfo(
        id = "duplicate-index",
        summary = "An index over the same columns as one the table already has",
        severity = Severity.WARNING,
        category = Category.SCHEMA)
public final class DuplicateIndex implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.CreateIndex ci)
                || !ci.plainKey()
                || ctx.script().isDown()) {
            return;
        }
        List<Index> existing =
                ctx.schema().table(ci.table()).map(Table::indexes).orElse(List.of());
        Optional<Index> twin = existing.stream()
                .filter(e -> e.plainKey()
                        && e.columns().equals(ci.columns())
                        && (e.unique() || !ci.unique())
                        && (ci.name() == null || !e.name().equals(ci.name())))
                .findFirst();
        if (twin.isEmpty()
                || ci.ifNotExists() && (ci.name() == null || ctx.schema().indexExists(ci.name()))
                || io.miglint.rules.locking.RequireConcurrentIndex.droppedLater(
                        ctx, s, twin.get().name())) {
            // IF NOT EXISTS of a name already there (tractusx's second CREATE … lease_lease_id_uindex) builds nothing;
            // a twin the script drops after this build (kratos's 20220512102703) is replaced, not duplicated
            return;
        }
        String self = ci.name() == null ? "this index" : "index " + ci.name();
        // named for another table: the name holds another table's name and not its own (UPchieve's
        // session_audio_transcript_messages_user_id_idx on users); a name holding neither (tractusx's
        // lease_lease_id_uindex on edc_lease) says nothing of where it was meant to be
        boolean selfNamedHere = ci.name() == null || !namedForOther(ctx, ci.name(), ci.table());
        boolean twinNamedHere = !namedForOther(ctx, twin.get().name(), ci.table());
        if (selfNamedHere && !twinNamedHere) {
            // MusicBrainz's 20140318-series: l_area_label_idx_uniq rebuilt beside l_area_instrument_idx_uniq, which a
            // copied statement had put on l_area_label; the project later moved that one to l_area_instrument
            ctx.report(
                            ci.nameSpan() != null ? ci.nameSpan() : s.span(),
                            self + " on " + ci.table() + " (" + String.join(", ", ci.columns()) + ") duplicates "
                                    + twin.get().name() + ", whose name points to another table: the two hold the "
                                    + "same entries, and every write of " + ci.table() + " maintains both")
                    .help("Keep this one and drop "
                            + WrittenSql.ident(twin.get().name())
                            + " in a new migration: by its name it was meant for another table, which is left "
                            + "without it, so build it there.");
            return;
        }
        String columns = String.join(", ", ci.columns());
        ctx.report(
                        ci.nameSpan() != null ? ci.nameSpan() : s.span(),
                        self + " on " + ci.table() + " (" + columns + ") duplicates "
                                + twin.get().name()
                                + (twin.get().unique() ? ", the unique index" : "") + " over the same columns: it "
                                + "holds the same entries, every insert and update of " + ci.table()
                                + " writes both, and no query needs it that "
                                + twin.get().name() + " cannot serve")
                .help("Leave it out of a migration no database has run: "
                        + WrittenSql.ident(twin.get().name())
                        + " already serves lookups on (" + columns + ")"
                        + (twin.get().unique() ? " and keeps them unique" : "") + "."
                        + (selfNamedHere
                                ? ""
                                : " By its name it was meant for another table, which is left without it: build it "
                                        + "there.")
                        + " Where it has run, drop it in a new migration"
                        + (ci.name() == null
                                ? ""
                                : " (`DROP INDEX CONCURRENTLY IF EXISTS "
                                        + WrittenSql.name(new io.miglint.model.QualifiedName(
                                                ci.table().schema(), ci.name()))
                                        + ";`, outside a transaction)")
                        + ".");
    }

    /**
     * The name starts with another table's name and an underscore, and not with its own table's, as
     * require-concurrent-index reads a copied name ({@code session_audio_transcript_messages_user_id_idx} on users).
     */
    private static boolean namedForOther(RuleContext ctx, String indexName, io.miglint.model.QualifiedName table) {
        String name = indexName.toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith(table.name().toLowerCase(java.util.Locale.ROOT) + "_")) {
            return false;
        }
        return ctx.schema().tables().stream()
                .anyMatch(t -> !t.name().sameAs(table)
                        && name.startsWith(t.name().name().toLowerCase(java.util.Locale.ROOT) + "_"));
    }
}
