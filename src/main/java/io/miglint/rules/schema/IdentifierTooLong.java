package io.miglint.rules.schema;

import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.PgIdentifiers;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.sql.Span;
import io.miglint.sql.Token;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN - 1) and only prints a NOTICE
 * (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS): two long names that share
 * those bytes become the same object, and tools that compare the full name never find it. The limit is in bytes,
 * so a name with non-ASCII letters reaches it sooner than its character count suggests. A down re-creating a
 * name its up dropped or renamed is not checked again. A key, constraint or index named mechanically after its table
 * and columns (a project's naming scheme) is not reported when nothing else has its first 63 bytes: every statement
 * spelling it out is cut the same way, so it works.
 */
@RuleInfo(
        id = "identifier-too-long",
        summary = "Identifier is longer than 63 bytes",
        severity = Severity.WARNING,
        category = Category.SCHEMA)
public final class IdentifierTooLong implements StatementRule {
    private static final int MAX_BYTES = 63;

    private static final List<String> LABELS = List.of("pkey", "fkey", "key", "excl", "check", "not_null", "idx");

    /** Words a naming scheme puts between the table's and the columns' names ({@code t_fk_col}, {@code idx_t_col}). */
    private static final java.util.Set<String> CONNECTORS = java.util.Set.of(
            "idx", "index", "ix", "fk", "fkey", "foreign", "pk", "pkey", "key", "uniq", "unique", "uq", "ukey", "check",
            "chk", "excl");

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        referencedNames(s, ctx);
        for (String name : createdNames(s.node())) {
            int bytes = name == null ? 0 : name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes <= MAX_BYTES || ctx.script().isDown() && namedByUp(ctx, name)) {
                continue;
            }
            String cut = truncated(name);
            java.util.Optional<String> taken = takenBy(s.node(), ctx, cut);
            if (taken.isEmpty() && composed(s.node(), name)) {
                // Every statement that spells the name out is cut the same way, so it works as written: nothing to
                // report unless something else already has those 63 bytes.
                continue;
            }
            ctx.report(
                            spanOf(s, name),
                            "identifier " + name + " is " + bytes + " bytes: PostgreSQL silently "
                                    + "truncates it to " + cut
                                    + taken.map(
                                                    t -> ", which is already the name of " + t
                                                            + ", so this statement fails (or, with IF NOT EXISTS, silently skips)")
                                            .orElse(", so "
                                                    + "another name with the same first 63 bytes collides with it and code using the full "
                                                    + "name never matches the catalog"))
                    .help("Shorten it to at most 63 bytes (e.g. abbreviate words: `idx_ord_cust_created`) before the "
                            + "migration is applied anywhere; once applied, leave it: databases keep the truncated "
                            + "name, and later migrations may name it that way.")
                    // Nothing has those 63 bytes yet: every statement that spells the name out is cut the same way,
                    // so it works as written; what is left is a name that may collide later, a convention's concern.
                    .severity(taken.isEmpty() ? Severity.INFO : Severity.WARNING);
        }
    }

    /**
     * An index or constraint of the table that already has the truncated name: the new one collides with it. Only an
     * index or key constraint is checked (their names share the schema's namespace, or the table's).
     */
    private static java.util.Optional<String> takenBy(Statement n, RuleContext ctx, String cut) {
        if (n instanceof Statement.CreateIndex && ctx.schema().indexExists(cut)) {
            return java.util.Optional.of("the existing index " + cut);
        }
        if (n instanceof Statement.AlterTable at) {
            var table = ctx.schema().table(at.table());
            if (table.isPresent() && table.get().constraint(cut).isPresent()) {
                return java.util.Optional.of(
                        "the existing constraint " + cut + " of " + at.table().name());
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * A key, constraint or index name composed mechanically of its table's name, its columns' names (and, for a
     * foreign key, the referenced table's) and connector words ({@code release_attribute_type_allowed_value_fk_
     * release_attribute_type}, {@code idx_post_aggregates_featured_community_newest_comment_time_necro}): the way a
     * project's naming scheme, or its generator, produces it. A name chosen by hand is not.
     */
    static boolean composed(Statement n, String name) {
        List<String> parts = new ArrayList<>();
        if (n instanceof Statement.CreateIndex ci && name.equals(ci.name())) {
            parts.add(ci.table().name());
            parts.addAll(IndexedLater.plainColumns(ci.columns()));
        } else {
            TableConstraint c = null;
            String table = null;
            if (n instanceof Statement.CreateTable ct) {
                table = ct.table().name();
                c = ct.constraints().stream()
                        .filter(x -> name.equals(x.name()))
                        .findFirst()
                        .orElse(null);
            } else if (n instanceof Statement.AlterTable at) {
                table = at.table().name();
                c = at.actions().stream()
                        .filter(a -> a instanceof AlterAction.AddConstraint add
                                && name.equals(add.constraint().name()))
                        .map(a -> ((AlterAction.AddConstraint) a).constraint())
                        .findFirst()
                        .orElse(null);
            }
            if (c == null) {
                return false;
            }
            parts.add(table);
            parts.addAll(c.columns());
            if (c.references() != null) {
                parts.add(c.references().table().name());
                parts.addAll(c.references().columns());
            }
        }
        if (parts.isEmpty() || !name.contains(parts.get(0))) {
            return false;
        }
        String rest = "_" + name + "_";
        List<String> longestFirst = new ArrayList<>(parts);
        longestFirst.sort(java.util.Comparator.comparingInt(String::length).reversed());
        for (String part : longestFirst) {
            if (!part.isEmpty()) {
                rest = rest.replace("_" + part + "_", "__");
            }
        }
        for (String word : rest.split("_")) {
            if (!word.isEmpty() && !CONNECTORS.contains(word)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A DROP or RENAME that spells out the long name of an index or constraint PostgreSQL named itself: the generated
     * name keeps its label and shortens the table and column parts, the written one is cut at 63 bytes, so they
     * differ and the statement finds nothing ({@code IF EXISTS} then silently does nothing). Reported only when the
     * schema read from earlier migrations holds the generated name and not the written one.
     */
    private static void referencedNames(ParsedStatement s, RuleContext ctx) {
        Statement n = s.node();
        if (n instanceof Statement.AlterTable at) {
            for (AlterAction a : at.actions()) {
                String name = a instanceof AlterAction.DropConstraint dc
                        ? dc.name()
                        : a instanceof AlterAction.RenameConstraint rc ? rc.from() : null;
                if (name != null && PgIdentifiers.bytes(name) > MAX_BYTES) {
                    var table = ctx.schema().table(at.table());
                    if (table.isPresent()
                            && table.get().constraint(name).isEmpty()
                            && table.get()
                                    .constraint(PgIdentifiers.truncated(name))
                                    .isEmpty()) {
                        generatedFor(at.table().name(), name)
                                .filter(g -> table.get().constraint(g).isPresent())
                                .ifPresent(g -> reportMismatch(ctx, a.span(), "constraint", name, g));
                    }
                }
            }
        } else if (n instanceof Statement.Drop d && d.kind() == ObjectKind.INDEX) {
            for (QualifiedName q : d.names()) {
                String name = q.name();
                if (PgIdentifiers.bytes(name) <= MAX_BYTES
                        || ctx.schema().indexExists(name)
                        || ctx.schema().indexExists(PgIdentifiers.truncated(name))) {
                    continue;
                }
                for (int i = name.indexOf('_'); i > 0; i = name.indexOf('_', i + 1)) {
                    String prefix = name.substring(0, i);
                    var generated = ctx.schema().tableExists(new QualifiedName(q.schema(), prefix))
                            ? generatedFor(prefix, name)
                                    .filter(g -> ctx.schema().indexExists(g))
                            : java.util.Optional.<String>empty();
                    if (generated.isPresent()) {
                        reportMismatch(ctx, s.span(), "index", name, generated.get());
                        break;
                    }
                }
            }
        }
    }

    /** A down re-creating a name its up dropped or renamed restores what was there (reported where it was made). */
    private static boolean namedByUp(RuleContext ctx, String name) {
        return ctx.script().counterpart().orElse(List.of()).stream()
                .anyMatch(p ->
                        p.raw().tokens().stream().anyMatch(t -> t.identifier().equals(name)));
    }

    /** The name PostgreSQL generates for {@code table_<columns>_<label>} when {@code written} has that shape. */
    private static java.util.Optional<String> generatedFor(String table, String written) {
        for (String label : LABELS) {
            if (written.equals(table + "_" + label)) {
                return java.util.Optional.of(PgIdentifiers.generated(table, null, label));
            }
            if (written.startsWith(table + "_")
                    && written.endsWith("_" + label)
                    && written.length() > table.length() + label.length() + 2) {
                String middle = written.substring(table.length() + 1, written.length() - label.length() - 1);
                String g = PgIdentifiers.generated(table, middle, label);
                return g.equals(PgIdentifiers.truncated(written))
                        ? java.util.Optional.empty()
                        : java.util.Optional.of(g);
            }
        }
        return java.util.Optional.empty();
    }

    private static void reportMismatch(RuleContext ctx, Span span, String kind, String written, String generated) {
        ctx.report(
                        span,
                        kind + " name " + written + " is "
                                + PgIdentifiers.bytes(written) + " bytes: PostgreSQL cuts it to "
                                + PgIdentifiers.truncated(written) + ", but named the " + kind + " it generated "
                                + generated + ", so this statement finds no such " + kind
                                + " (with IF EXISTS it silently "
                                + "does nothing, without it fails)")
                .help("Use the name PostgreSQL gave it: `" + generated + "` (check `\\d table` or pg_indexes / "
                        + "pg_constraint).")
                .severity(Severity.ERROR);
    }

    private static List<String> createdNames(Statement n) {
        List<String> out = new ArrayList<>();
        if (n instanceof Statement.CreateTable ct) {
            out.add(ct.table().name());
            ct.columns().forEach(c -> out.add(c.name()));
            ct.constraints().forEach(c -> out.add(c.name()));
        } else if (n instanceof Statement.AlterTable at) {
            for (AlterAction a : at.actions()) {
                if (a instanceof AlterAction.AddColumn add) {
                    out.add(add.column().name());
                } else if (a instanceof AlterAction.AddConstraint add) {
                    out.add(add.constraint().name());
                } else if (a instanceof AlterAction.RenameColumn r) {
                    out.add(r.to());
                } else if (a instanceof AlterAction.RenameTable r) {
                    out.add(r.to());
                } else if (a instanceof AlterAction.RenameConstraint r) {
                    out.add(r.to());
                }
            }
        } else if (n instanceof Statement.CreateIndex ci) {
            out.add(ci.name());
        } else if (n instanceof Statement.Create c) {
            out.add(c.name().name());
        } else if (n instanceof Statement.CreateType t) {
            out.add(t.name().name());
        } else if (n instanceof Statement.CreateFunction f) {
            out.add(f.name().name());
        } else if (n instanceof Statement.CreateTrigger t) {
            out.add(t.name());
        } else if (n instanceof Statement.CreateView v) {
            out.add(v.name().name());
        } else if (n instanceof Statement.CreatePolicy p) {
            out.add(p.name());
        } else if (n instanceof Statement.Rename r) {
            out.add(r.to());
        }
        return out;
    }

    /** The token that spells the name, so the finding points at it; the statement when it cannot be found. */
    private static Span spanOf(ParsedStatement s, String name) {
        for (Token t : s.raw().tokens()) {
            if (t.identifier().equals(name)) {
                return s.raw().spanOf(t);
            }
        }
        return s.span();
    }

    /** What PostgreSQL keeps: whole characters up to 63 bytes (it never splits a multibyte character). */
    private static String truncated(String name) {
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int cp : name.codePoints().toArray()) {
            int width = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + width > MAX_BYTES) {
                break;
            }
            kept.appendCodePoint(cp);
            bytes += width;
        }
        return kept.toString();
    }
}
