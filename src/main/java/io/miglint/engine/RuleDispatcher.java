package io.miglint.engine;

import io.miglint.diagnostic.ToolError;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationSet;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.schema.SchemaModel;
import io.miglint.rule.Finding;
import io.miglint.rule.MigrationRef;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.sql.Span;
import io.miglint.sql.StatementText;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs the selected statement and script rules over one script: each statement rule on each statement against the
 * schema before it, the schema model moved on past every statement, then each script rule against the schema after
 * the script. Their drafts are merged per transaction ({@link OncePerTransaction}) and become {@link Finding}s. A rule
 * that throws is a {@link ToolError.Kind#RULE_CRASH} tool error; the other rules still run.
 */
final class RuleDispatcher {
    private final LintEngine.Settings settings;
    private final Consumer<ToolError> errors;

    RuleDispatcher(LintEngine.Settings settings, Consumer<ToolError> errors) {
        this.settings = settings;
        this.errors = errors;
    }

    /**
     * Lints one script.
     *
     * @param other    the script's counterpart (the down of an up, the up of a down), or null
     * @param schema   the schema before the script; moved on to the schema after it
     * @param snapshots for a down, the schema before its up and after it; null for an up
     * @param upIndex  the up's index in the folder's list of ups; -1 for a down
     * @return the script's drafts
     */
    List<Finding> lint(
            Migration m,
            ScriptSource data,
            ScriptSource other,
            SchemaModel schema,
            Snapshots snapshots,
            MigrationSet set,
            FolderFacts facts,
            int upIndex) {
        boolean[] inTx = TransactionAnalysis.analyze(
                data.statements(),
                data.script().execution(),
                set.layout(),
                settings.pgVersion(),
                data.file().source().text());
        ScriptView view = new ScriptView(
                m,
                data.script(),
                set.layout(),
                data.file().source(),
                data.statements(),
                inTx,
                Optional.ofNullable(other).map(ScriptSource::statements),
                data.comments(),
                set.alsoFits());
        // Before the database went live (live-since:) nobody was blocked and no table held the application's rows:
        // the online-only rules do not run, and rules about rows ask ctx.beforeLive().
        boolean beforeLive = settings.rules().beforeLive(m);
        List<RuleSelection.Active> active = beforeLive
                ? settings.rules().active().stream()
                        .filter(a -> !a.descriptor().onlineOnly())
                        .toList()
                : settings.rules().active();
        ScriptContext ctx = new ScriptContext(settings, view, schema, snapshots, facts, upIndex, beforeLive);
        for (ParsedStatement s : data.statements()) {
            if (!(s.node() instanceof Statement.Unparsed)) {
                for (RuleSelection.Active a : active) {
                    if (a.rule() instanceof StatementRule r) {
                        ctx.running(a);
                        guard(a, data, s.span(), () -> r.check(s, ctx));
                    }
                }
            }
            try {
                schema.apply(s);
            } catch (RuntimeException | StackOverflowError e) {
                errors.accept(new ToolError(
                        ToolError.Kind.SCHEMA_MODEL,
                        "could not follow the schema change here ("
                                + e.getClass().getSimpleName() + "); later findings may be less precise",
                        data.script().displayPath(),
                        s.span().line(),
                        s.span().column()));
            }
        }
        ctx.passDone();
        for (RuleSelection.Active a : active) {
            if (a.rule() instanceof ScriptRule r) {
                ctx.running(a);
                guard(a, data, null, () -> r.check(view, ctx));
            }
        }
        IdentityHashMap<ParsedStatement, String> texts = new IdentityHashMap<>();
        List<Finding> out = new ArrayList<>();
        java.util.Optional<String> twin = set.layout() == io.miglint.layout.LayoutKind.POPX
                ? io.miglint.layout.LayoutDetector.popxPostgresTwin(
                        data.script().file().getFileName().toString())
                : java.util.Optional.empty();
        for (RuleDraft d : OncePerTransaction.merge(ctx.drafts(), view, data)) {
            Finding f = toFinding(d, data, view.ref(), texts);
            out.add(twin.isPresent() ? forEveryDialect(f, twin.get()) : f);
        }
        return out;
    }

    /** What only PostgreSQL accepts, in a help's SQL. */
    private static final java.util.regex.Pattern POSTGRES_ONLY = java.util.regex.Pattern.compile(
            "(?i)lock_timeout|statement_timeout|CONCURRENTLY|NOT VALID|VALIDATE CONSTRAINT|USING INDEX"
                    // SQLite alters no constraint of a table (kratos runs its files without infix there too)
                    + "|ALTER TABLE [^`;]*\\b(?:ADD|DROP) CONSTRAINT");

    /** A help step that runs apart from this file: in a transaction or a migration of its own. */
    private static final java.util.regex.Pattern ELSEWHERE = java.util.regex.Pattern.compile(
            "(?i)\\b(separate|later|next|new|another) (transaction|migration)|migrations? of (its|their) own|\\bin steps\\b");

    /**
     * A popx file without a dialect infix runs on every database the project migrates (MySQL, SQLite, CockroachDB …),
     * so a help whose SQL only PostgreSQL accepts belongs in the file's PostgreSQL twin, which popx then runs there
     * instead of this one: a copy of the whole file with the change (ory/kratos keeps its CONCURRENTLY builds in
     * {@code .postgres.autocommit.} files). A step the help runs apart from the file goes in a new migration for
     * PostgreSQL alone, not in the twin. A help that already names its {@code .postgres.} files (the helps that put a
     * statement in a file of its own, see OwnMigration) is left as it is.
     */
    private static Finding forEveryDialect(Finding f, String twin) {
        if (f.help() == null
                || !POSTGRES_ONLY.matcher(f.help()).find()
                || f.help().contains(".postgres.")) {
            return f;
        }
        String help = f.help()
                + " This file has no dialect infix, so popx runs it on every database the project migrates, and that"
                + " SQL is PostgreSQL's only: keep this file as it is for the other databases, and make the change in"
                + " a twin `" + twin + "`, a copy of the whole file with the change (popx runs the twin on PostgreSQL"
                + " instead of this file, so it must hold every other statement of it too)"
                + (ELSEWHERE.matcher(f.help()).find()
                        ? "; a step the help runs in a separate transaction or migration goes in a new migration, a"
                                + " version of its own, for PostgreSQL alone (`{version}_{name}.postgres.up.sql`;"
                                + " `.postgres.autocommit.` for a statement that must run outside a transaction)"
                        : "")
                + ".";
        return new Finding(
                f.ruleId(),
                f.severity(),
                f.message(),
                help,
                f.location(),
                f.migration(),
                f.statementText(),
                f.suppression(),
                f.key(),
                f.related());
    }

    private void guard(RuleSelection.Active a, ScriptSource data, Span at, Runnable check) {
        try {
            check.run();
        } catch (RuntimeException | StackOverflowError e) {
            errors.accept(
                    crash(a, e, data.script().displayPath(), at == null ? 0 : at.line(), at == null ? 0 : at.column()));
        }
    }

    /** A rule threw: a bug in miglint, said as such, with the exception kept for {@code MIGLINT_DEBUG=1}. */
    static ToolError crash(RuleSelection.Active a, Throwable e, String file, int line, int column) {
        String what = e.getMessage() == null
                ? ""
                : ": " + e.getMessage().lines().findFirst().orElse("");
        return new ToolError(
                ToolError.Kind.RULE_CRASH,
                "rule " + a.descriptor().id() + " failed ("
                        + e.getClass().getSimpleName() + what
                        + "); the other rules still ran. This is a bug in miglint: "
                        + "please report it at " + LintEngine.BUG_REPORTS
                        + " with the migration (MIGLINT_DEBUG=1 prints the "
                        + "stack trace)",
                file,
                line,
                column,
                e);
    }

    /**
     * A draft: the rule's severity for this finding (its own, else the rule's default), no suppression, and its
     * identity: the statement it points at and the rule's key; a finding outside every statement (a comment) is told
     * apart by the text it points at.
     */
    private static Finding toFinding(
            RuleDraft d, ScriptSource data, MigrationRef ref, IdentityHashMap<ParsedStatement, String> texts) {
        Span span = d.span();
        ParsedStatement owner = data.owner(span.start());
        Severity severity = d.draft().severity() != null
                ? d.draft().severity()
                : d.rule().descriptor().defaultSeverity();
        String statement = owner == null ? "" : texts.computeIfAbsent(owner, o -> StatementText.normalized(o.raw()));
        String key = d.draft().key();
        if (key.isEmpty() && owner == null && span.end() > span.start()) {
            key = data.file().source().slice(span).strip().replaceAll("\\s+", " ");
        }
        java.util.List<Finding.Related> related = d.draft().related().stream()
                .map(r -> new Finding.Related(data.location(r.span()), r.message()))
                .toList();
        return new Finding(
                d.rule().descriptor().id(),
                severity,
                d.draft().message(),
                d.draft().help(),
                data.location(span),
                ref,
                statement,
                null,
                key,
                related);
    }
}
