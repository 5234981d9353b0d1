package io.miglint.rules.compatibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.RuleContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A script that moves several tables aside under one suffix or prefix and builds new tables under some of their
 * names: a rebuild of the schema (Genie's V3_3_0 renames sixteen tables to {@code …_320} and creates applications,
 * clusters, commands, jobs … anew, with other keys). The previous release cannot run against the result whatever is
 * done table by table, so rename-table says it once, for the whole rebuild, and renamed-name-reused leaves its tables
 * alone.
 */
final class SchemaRebuild {
    /** Tables moved aside under one affix before a rebuild reads as one: fewer are ordinary renames. */
    static final int MIN_TABLES = 3;

    /** The renames that move tables aside, in order, their common suffix or prefix ({@code …_320}), and the names built anew. */
    record Rebuild(List<Aside> aside, String affix, List<String> rebuilt) {
        boolean moves(QualifiedName table) {
            return aside.stream().anyMatch(a -> a.from().sameAs(table));
        }

        ParsedStatement first() {
            return aside.get(0).statement();
        }
    }

    /** One table moved aside: its name, the name it gets, and the statement. */
    record Aside(QualifiedName from, String to, ParsedStatement statement) {}

    private SchemaRebuild() {}

    static Optional<Rebuild> of(RuleContext ctx) {
        return ctx.script().memo("schema-rebuild", () -> find(ctx));
    }

    private static Optional<Rebuild> find(RuleContext ctx) {
        Map<String, List<Aside>> byAffix = new LinkedHashMap<>();
        for (ParsedStatement p : ctx.script().statements()) {
            if (!(p.node() instanceof Statement.AlterTable at)) {
                continue;
            }
            for (AlterAction a : at.actions()) {
                if (a instanceof AlterAction.RenameTable rt) {
                    String from = at.table().name();
                    String to = rt.to();
                    Aside aside = new Aside(at.table(), to, p);
                    // a marker set off by '_' (users_old, old_users, jobs_320): users to userss is no archive
                    if (to.length() > from.length() + 1 && to.startsWith(from + "_")) {
                        byAffix.computeIfAbsent("…" + to.substring(from.length()), k -> new ArrayList<>())
                                .add(aside);
                    } else if (to.length() > from.length() + 1 && to.endsWith("_" + from)) {
                        byAffix.computeIfAbsent(
                                        to.substring(0, to.length() - from.length()) + "…", k -> new ArrayList<>())
                                .add(aside);
                    }
                }
            }
        }
        for (Map.Entry<String, List<Aside>> e : byAffix.entrySet()) {
            if (e.getValue().size() < MIN_TABLES) {
                continue;
            }
            List<String> rebuilt = new ArrayList<>();
            for (Aside a : e.getValue()) {
                boolean created = ctx.script().statements().stream()
                        .anyMatch(p -> p.index() > a.statement().index()
                                && p.node() instanceof Statement.CreateTable ct
                                && ct.table().sameAs(a.from()));
                if (created) {
                    rebuilt.add(a.from().toString());
                }
            }
            if (!rebuilt.isEmpty()) {
                return Optional.of(new Rebuild(List.copyOf(e.getValue()), e.getKey(), List.copyOf(rebuilt)));
            }
        }
        return Optional.empty();
    }
}
