package io.miglint.engine;

import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.schema.CopiedTables;
import io.miglint.model.schema.LookupTables;
import io.miglint.model.schema.SchemaModel;
import io.miglint.model.schema.ScriptRecord;
import io.miglint.model.schema.TableStats;
import io.miglint.rule.FindingDraft;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleOptions;
import io.miglint.rule.ScriptView;
import io.miglint.sql.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the statement and script rules see of one script: the script, the schema model as the dispatcher moves it on,
 * the folder's facts and the run's settings. What they report is collected as drafts of the rule that is
 * {@link #running}.
 */
final class ScriptContext implements RuleContext {
    private final LintEngine.Settings settings;
    private final ScriptView view;
    private final SchemaModel schema;
    private final Snapshots snapshots;
    private SchemaModel afterDown;
    private boolean passDone;
    private ScriptRecord wholeScript;
    private final FolderFacts facts;
    /** This up's index in the folder's list of ups; -1 for a down. */
    private final int upIndex;

    private final boolean beforeLive;
    private final List<RuleDraft> drafts = new ArrayList<>();
    private RuleSelection.Active current;

    ScriptContext(
            LintEngine.Settings settings,
            ScriptView view,
            SchemaModel schema,
            Snapshots snapshots,
            FolderFacts facts,
            int upIndex,
            boolean beforeLive) {
        this.settings = settings;
        this.view = view;
        this.schema = schema;
        this.snapshots = snapshots;
        this.facts = facts;
        this.upIndex = upIndex;
        this.beforeLive = beforeLive;
    }

    /** The rule whose reports come next. */
    void running(RuleSelection.Active rule) {
        current = rule;
    }

    /** What the rules reported, in the order they did. */
    List<RuleDraft> drafts() {
        return drafts;
    }

    @Override
    public Optional<LookupTables.Lookup> lookupTable(QualifiedName table) {
        return facts.lookupTables().lookup(table);
    }

    @Override
    public List<CopiedTables.Copy> rowsCopiedOutEarlier(QualifiedName table) {
        return view.isDown() ? List.of() : facts.copiedTables().copiedOutBefore(table, upIndex);
    }

    @Override
    public List<CopiedTables.Copy> madeEarlierAsCopyOf(QualifiedName table) {
        return view.isDown() ? List.of() : facts.copiedTables().madeFromBefore(table, upIndex);
    }

    @Override
    public Optional<ParsedStatement> columnsChangedInNextUp(QualifiedName table) {
        return view.isDown() ? Optional.empty() : facts.reshapedTables().in(upIndex + 1, table);
    }

    @Override
    public boolean recreatedNextInFile(QualifiedName table) {
        return !view.isDown() && facts.recreatedNextInFile(table, upIndex);
    }

    @Override
    public List<ParsedStatement> deployedWithAfter() {
        return view.isDown() ? List.of() : facts.deployedWithAfter(upIndex);
    }

    @Override
    public List<ParsedStatement> deployedWithBefore() {
        return view.isDown() ? List.of() : facts.deployedWithBefore(upIndex);
    }

    @Override
    public Optional<TableStats.Table> tableStats(QualifiedName table) {
        return settings.tableStats().table(table);
    }

    @Override
    public boolean beforeLive() {
        return beforeLive;
    }

    @Override
    public boolean emptyUntilLaterUp(QualifiedName table, ParsedStatement statement) {
        return !view.isDown()
                && facts.emptyTables()
                        .provedBy(table, upIndex, statement.index())
                        .isPresent();
    }

    @Override
    public int pgVersion() {
        return settings.pgVersion();
    }

    @Override
    public ScriptView script() {
        return view;
    }

    @Override
    public SchemaModel schema() {
        return schema;
    }

    @Override
    public Optional<SchemaModel> schemaBeforeUp() {
        return Optional.ofNullable(snapshots).map(Snapshots::beforeUp);
    }

    @Override
    public Optional<SchemaModel> schemaAfterUp() {
        return Optional.ofNullable(snapshots).map(Snapshots::afterUp);
    }

    @Override
    public boolean rollbackContinues() {
        return snapshots != null && snapshots.rollbackContinues();
    }

    @Override
    public String groupLastUpFile() {
        return snapshots == null ? null : snapshots.lastUpFile();
    }

    @Override
    public List<ParsedStatement> rollbackRanBefore() {
        return snapshots == null ? List.of() : snapshots.ranBefore();
    }

    /** The statements of the script have all been applied to {@link #schema()}: script rules run next. */
    void passDone() {
        passDone = true;
        if (snapshots != null && afterDown == null) {
            afterDown = schema;
        }
    }

    /**
     * The record of the whole script: for script rules, the schema's, which the pass completed; for a statement rule,
     * which asks before the pass reaches the end, the schema's record carried on through the rest of the script,
     * once per script.
     */
    @Override
    public ScriptRecord wholeScript() {
        if (passDone) {
            return schema.currentScript();
        }
        if (wholeScript == null) {
            wholeScript = schema.currentScript().completedWith(view.statements());
        }
        return wholeScript;
    }

    /**
     * The schema after the up with the whole down applied: for script rules, the schema the down's pass arrived at;
     * for a statement rule, which asks before the pass reaches the end, a copy made once per down. A statement the
     * model cannot follow changes nothing in the copy; the down's own pass reports it.
     */
    @Override
    public Optional<SchemaModel> schemaAfterDown() {
        if (snapshots == null) {
            return Optional.empty();
        }
        if (afterDown == null) {
            SchemaModel m = snapshots.afterUp().copy();
            m.beginScript();
            for (ParsedStatement s : view.statements()) {
                try {
                    m.apply(s);
                } catch (RuntimeException | StackOverflowError e) {
                    // reported by the down's own pass, at the statement
                }
            }
            afterDown = m;
        }
        return Optional.of(afterDown);
    }

    @Override
    public RuleOptions options() {
        return settings.options();
    }

    @Override
    public boolean isKnownRule(String ruleId) {
        return settings.rules().isKnown(ruleId);
    }

    @Override
    public boolean isSelected(String ruleId) {
        return settings.rules().isSelected(ruleId);
    }

    @Override
    public FindingDraft report(Span span, String message) {
        FindingDraft d = new FindingDraft(message);
        drafts.add(new RuleDraft(current, span, d));
        return d;
    }
}
