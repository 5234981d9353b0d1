package io.miglint.rules.locking;

import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.RuleOption;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Extension functions that copy or rewrite a whole populated table in the caller's transaction, blocking writes to
 * it (and, for a rewrite, reads) until the migration commits:
 * TimescaleDB create_hypertable(…, migrate_data => true) moves every row into chunks
 * (https://docs.timescale.com/api/latest/hypertable/create_hypertable/: "large tables may take significant time");
 * Citus create_distributed_table copies the rows of a non-empty table to the shards while blocking writes
 * (https://www.citusdata.com/updates/v11-1: create_distributed_table_concurrently does not),
 * alter_distributed_table and undistribute_table rebuild it; pg_partman partition_data_time / partition_data_id move
 * the rows of the default partition in one transaction (the _proc forms commit per batch). Only calls whose table is
 * not created earlier in the script count (a new table is empty); more names come from
 * {@code options.extension-function-lock.functions}.
 */
@RuleInfo(
        id = "extension-function-lock",
        summary = "Extension function copies or rewrites a populated table in the " + "migration's transaction",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        onlineOnly = true,
        options = {
            @RuleOption(
                    name = "functions",
                    type = RuleOption.Type.STRINGS,
                    description = "more functions that copy or rewrite the table they are given (default none)")
        })
public final class ExtensionFunctionLock implements StatementRule {
    private static final String HYPERTABLE = "create_hypertable";
    private static final Map<String, String> ALTERNATIVES = Map.of(
            HYPERTABLE,
            "create the hypertable on a new, empty table and copy the rows in batches outside the "
                    + "migration (then swap the names), or run it in a maintenance window",
            "create_distributed_table",
            "call `create_distributed_table_concurrently(…)` (Citus 11.1+) outside a " + "transaction block",
            "alter_distributed_table",
            "run it in a maintenance window, outside the migration",
            "undistribute_table",
            "run it in a maintenance window, outside the migration",
            "partition_data_time",
            "call `partman.partition_data_proc(…)` outside a transaction block: it commits " + "after every batch",
            "partition_data_id",
            "call `partman.partition_data_proc(…)` outside a transaction block: it commits " + "after every batch");

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Select sel)) {
            return;
        }
        List<String> extra = ctx.options().strings("options.extension-function-lock.functions", List.of()).stream()
                .map(f -> f.toLowerCase(Locale.ROOT))
                .toList();
        for (String fn : sel.functions()) {
            if (!ALTERNATIVES.containsKey(fn) && !extra.contains(fn)) {
                continue;
            }
            List<Token> args = arguments(s.raw().tokens(), fn);
            if (args == null || fn.equals(HYPERTABLE) && !migratesData(args)) {
                continue;
            }
            QualifiedName table = firstTable(args);
            if (table != null && ctx.wholeScript().tableCreatedBefore(table, s.index())) {
                continue;
            }
            String target = table == null ? "its table" : table.toString();
            ctx.report(
                            s,
                            fn + "(…) " + (fn.equals(HYPERTABLE) ? "with migrate_data => true " : "")
                                    + "copies or rewrites every row of " + target
                                    + " inside the migration's transaction, "
                                    + "and its lock blocks writes to " + target + " until the migration commits")
                    .help("Do not run it in a migration on a populated table: "
                            + ALTERNATIVES.getOrDefault(fn, "run it in a maintenance window, outside the migration")
                            + ".");
        }
    }

    /** The tokens between the parentheses of the first call of {@code fn}, or null when there is none. */
    private static List<Token> arguments(List<Token> tokens, String fn) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).identifier().equals(fn) && tokens.get(i + 1).isPunct('(')) {
                List<Token> out = new ArrayList<>();
                int depth = 0;
                for (int j = i + 1; j < tokens.size(); j++) {
                    Token t = tokens.get(j);
                    if (t.isPunct('(')) {
                        depth++;
                    } else if (t.isPunct(')') && --depth == 0) {
                        return out;
                    }
                    if (depth > 0 && j > i + 1) {
                        out.add(t);
                    }
                }
                return out;
            }
        }
        return null;
    }

    /** {@code migrate_data => true} (or {@code :=}); TimescaleDB refuses a populated table without it. */
    private static boolean migratesData(List<Token> args) {
        for (int i = 0; i + 2 < args.size(); i++) {
            if (args.get(i).is("migrate_data")
                    && (args.get(i + 1).kind() == TokenKind.OPERATOR
                            || args.get(i + 1).isPunct(':'))) {
                for (int j = i + 1; j < args.size() && j < i + 4; j++) {
                    if (args.get(j).is("true")
                            || args.get(j).kind() == TokenKind.STRING
                                    && args.get(j)
                                            .value()
                                            .trim()
                                            .toLowerCase(Locale.ROOT)
                                            .matches("t|true|on|yes|1")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The first argument when it names a table as a string literal ('schema.table' or 'table'::regclass). */
    private static QualifiedName firstTable(List<Token> args) {
        if (args.isEmpty() || args.get(0).kind() != TokenKind.STRING) {
            return null;
        }
        String v = args.get(0).value().trim().toLowerCase(Locale.ROOT).replace("\"", "");
        int dot = v.indexOf('.');
        return dot < 0 ? QualifiedName.of(v) : new QualifiedName(v.substring(0, dot), v.substring(dot + 1));
    }
}
