package io.miglint.rules.schema;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.ParsedStatement;
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
 * so a name with non-ASCII letters reaches it sooner than its character count suggests. Downs re-create names their
 * up removed and are not checked again.
 */
@RuleInfo(id = "identifier-too-long", summary = "Identifier is longer than 63 bytes", severity = Severity.WARNING,
        category = Category.SCHEMA)
public final class IdentifierTooLong implements StatementRule {
    private static final int MAX_BYTES = 63;

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (ctx.script().isDown()) {
            return;
        }
        for (String name : createdNames(s.node())) {
            int bytes = name == null ? 0 : name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_BYTES) {
                ctx.report(spanOf(s, name), "identifier " + name + " is " + bytes + " bytes: PostgreSQL silently "
                                + "truncates it to " + truncated(name) + ", so another name with the same first 63 "
                                + "bytes collides with it and code using the full name never matches the catalog")
                        .help("Shorten it to at most 63 bytes (e.g. abbreviate words: `idx_ord_cust_created`).");
            }
        }
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
