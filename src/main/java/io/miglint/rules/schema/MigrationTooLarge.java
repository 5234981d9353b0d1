package io.miglint.rules.schema;

import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.RuleOption;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A migration that changes many existing tables at once is hard to review, holds many locks in one transaction, and
 * can only be rolled back as a whole. Counted: top-level SQL statements other than transaction control and SET (a
 * DO block is one; the tables its statements touch count). A script that only touches tables it creates itself (an
 * initial schema, a new module) is one change however large, and downs mirror their up, so neither is reported.
 */
@RuleInfo(
        id = "migration-too-large",
        summary = "Migration changes too many tables at once",
        severity = Severity.INFO,
        category = Category.SCHEMA,
        optIn = true,
        options = {
            @RuleOption(
                    name = "max-statements",
                    type = RuleOption.Type.INTEGER,
                    description = "statements an up may hold before it is reported (default 20)"),
            @RuleOption(
                    name = "max-tables",
                    type = RuleOption.Type.INTEGER,
                    description = "existing tables an up may change before it is reported (default 5)")
        })
public final class MigrationTooLarge implements ScriptRule {
    @Override
    public void check(ScriptView script, RuleContext ctx) {
        if (script.isDown()) {
            return;
        }
        int maxStatements = ctx.options().integer("options.migration-too-large.max-statements", 20);
        int maxTables = ctx.options().integer("options.migration-too-large.max-tables", 5);
        int statements = 0;
        Set<String> tables = new LinkedHashSet<>();
        boolean touchesExisting = false;
        for (ParsedStatement s : script.statements()) {
            Statement n = s.node();
            if (!s.isSql() || n instanceof Statement.Transaction || n instanceof Statement.SetParameter) {
                continue;
            }
            if (!s.isNested()) {
                statements++;
            }
            for (QualifiedName t : tablesOf(n)) {
                tables.add(t.key());
                touchesExisting |= !(n instanceof Statement.CreateTable)
                        && !ctx.wholeScript().tableCreatedBefore(t, s.index());
            }
        }
        if (statements > maxStatements && tables.size() > maxTables && touchesExisting) {
            int start = script.script().start();
            ctx.report(
                            script.source().span(start, start),
                            "this migration has " + statements + " statements "
                                    + "touching " + tables.size()
                                    + " tables: it is hard to review, holds all their locks "
                                    + "until it commits, and can only succeed or roll back as a whole")
                    .help("Split it into one logical change per migration (limits: "
                            + "`options.migration-too-large.max-statements`, `.max-tables` in .miglint.yaml).");
        }
    }

    private static List<QualifiedName> tablesOf(Statement n) {
        if (n instanceof Statement.CreateTable x) {
            return List.of(x.table());
        } else if (n instanceof Statement.AlterTable x) {
            return List.of(x.table());
        } else if (n instanceof Statement.CreateIndex x) {
            return List.of(x.table());
        } else if (n instanceof Statement.Drop x && x.kind() == ObjectKind.TABLE) {
            return x.names();
        } else if (n instanceof Statement.Insert x && x.table() != null) {
            return List.of(x.table());
        } else if (n instanceof Statement.Update x && x.table() != null) {
            return List.of(x.table());
        } else if (n instanceof Statement.Delete x && x.table() != null) {
            return List.of(x.table());
        } else if (n instanceof Statement.Truncate x) {
            return x.tables();
        } else if (n instanceof Statement.CreateTrigger x) {
            return List.of(x.table());
        } else if (n instanceof Statement.CreatePolicy x) {
            return List.of(x.table());
        }
        return List.of();
    }
}
