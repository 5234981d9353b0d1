package io.miglint.cli;

import io.miglint.config.MiglintConfig;
import io.miglint.diagnostic.ToolError;
import io.miglint.diagnostic.ToolError.Kind;
import io.miglint.engine.Timing;
import io.miglint.layout.MigrationSet;
import io.miglint.report.Escape;
import io.miglint.rule.Finding;
import io.miglint.verify.DatabaseUnavailableException;
import io.miglint.verify.EngineKind;
import io.miglint.verify.StatementTiming;
import io.miglint.verify.Verifier;
import io.miglint.verify.VerifyOptions;
import io.miglint.verify.VerifyOutcome;
import io.miglint.verify.VerifyRule;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the verifier for a command and turns its outcome into report parts. Its findings are drafts: the command passes
 * them through its {@link io.miglint.engine.FindingStage} with the lint drafts.
 */
final class VerifyStage {
    record Result(List<Finding> drafts, List<ToolError> errors, List<Timing> timings) {}

    /**
     * The ids lock tracing reports are opt-in: {@code --trace-locks} turns both on (unless configuration or flags turn
     * one off), and enabling either one turns tracing on.
     */
    static List<String> onByDefault(VerifyMixin o) {
        return o.traceLocks ? VerifyRule.TRACE_LOCK_IDS : List.of();
    }

    private VerifyStage() {}

    static Result run(
            List<MigrationSet> sets,
            VerifyMixin o,
            Integer requestedPg,
            CheckPipeline.Resolved settings,
            PrintWriter err) {
        boolean traceLocks = VerifyRule.TRACE_LOCK_IDS.stream().anyMatch(settings.rules()::isSelected);
        VerifyOptions options = options(o, traceLocks, requestedPg)
                .withSandbox(sandbox(o, settings.config()))
                .withDownsSince(downsSince(o.downsSince, settings.config()));
        long started = System.nanoTime();
        // The progress line redraws itself, so it bypasses stderr's escaping; its names are escaped here instead.
        PrintWriter terminal = Escape.raw(err);
        if (Terminal.interactive()) {
            options = options.withProgress((folder, position, total, name) -> {
                terminal.printf(
                        Locale.ROOT,
                        "\r\033[Kverify %s [%d/%d] %s (%.1f s)",
                        Escape.inline(folder),
                        position,
                        total,
                        Escape.inline(name),
                        (System.nanoTime() - started) / 1e9);
                terminal.flush();
            });
        }
        try {
            VerifyOutcome outcome = Verifier.verify(sets, options);
            if (Terminal.interactive()) {
                terminal.print("\r\033[K");
                terminal.flush();
            }
            List<Timing> timings =
                    outcome.timings().stream().map(VerifyStage::timing).toList();
            return new Result(outcome.findings(), outcome.errors(), timings);
        } catch (DatabaseUnavailableException e) {
            Kind kind = e instanceof io.miglint.verify.EngineNotIncludedException
                    ? Kind.ENGINE_NOT_INCLUDED
                    : e instanceof io.miglint.verify.BinariesUnavailableException ? Kind.BINARIES : Kind.DATABASE;
            return new Result(List.of(), List.of(new ToolError(kind, e.getMessage(), null, 0, 0)), List.of());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static VerifyOptions options(VerifyMixin o, boolean traceLocks, Integer requestedPg) {
        String url = o.databaseUrl;
        EngineKind engine;
        try {
            engine = o.engine != null ? EngineKind.parse(o.engine) : url != null ? EngineKind.URL : EngineKind.EMBEDDED;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (engine == EngineKind.URL && url == null) {
            url = System.getenv("DATABASE_URL");
        }
        VerifyOptions options = VerifyOptions.defaults().withEngine(engine).withTraceLocks(traceLocks);
        if (url != null) {
            options = new VerifyOptions(engine, url, null, traceLocks, options.ignoredTables());
        }
        // The embedded engine fetches another major's binaries than its bundled one; Docker picks the image's; the
        // URL engine refuses a version its server does not run.
        if (requestedPg != null) {
            options = options.withPgVersion(requestedPg);
        }
        if (o.shard != null) {
            try {
                options = options.withShard(VerifyOptions.Shard.parse(o.shard));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return options;
    }

    /**
     * The first version whose down is verified: {@code --downs-since} over {@code verify.downs-since}; null for all.
     */
    static io.miglint.layout.Version downsSince(String flag, MiglintConfig config) {
        String text = flag != null ? flag : config.verifyDownsSince();
        if (text == null) {
            return null;
        }
        io.miglint.layout.Version v = io.miglint.layout.Version.parse(text.strip());
        if (v.parts().isEmpty()) {
            throw new UsageException(
                    "--downs-since '" + text + "': expected a migration version, e.g. " + "20240101000000 or 42");
        }
        return v;
    }

    /** The sandbox of the SQL under test: flags over .miglint.yaml's verify: settings over the defaults. */
    static VerifyOptions.Sandbox sandbox(VerifyMixin o, MiglintConfig config) {
        VerifyOptions.Sandbox s = VerifyOptions.Sandbox.DEFAULT;
        String where = config.file() == null ? "" : config.file() + ": ";
        try {
            List<String> extensions = new ArrayList<>(
                    config.verifyExtensions() == null
                            ? VerifyOptions.Sandbox.DEFAULT_EXTENSIONS
                            : config.verifyExtensions());
            extensions.addAll(o.allowExtensions);
            for (String e : extensions) {
                if (VerifyOptions.Sandbox.NEVER_INSTALLED.contains(e.strip().toLowerCase(Locale.ROOT))) {
                    throw new UsageException(
                            (o.allowExtensions.contains(e) ? "--allow-extension " : where + "verify.extensions: ") + e
                                    + " can reach the server's host (programs, files or "
                                    + "connections), so verify never installs it");
                }
            }
            Duration statement = o.statementTimeout != null
                    ? VerifyOptions.Sandbox.parseDuration(o.statementTimeout, "--statement-timeout")
                    : config.verifyStatementTimeout() != null
                            ? VerifyOptions.Sandbox.parseDuration(
                                    config.verifyStatementTimeout(), where + "verify.statement-timeout")
                            : null;
            Duration whole = o.timeout != null
                    ? VerifyOptions.Sandbox.parseDuration(o.timeout, "--timeout")
                    : config.verifyTimeout() != null
                            ? VerifyOptions.Sandbox.parseDuration(config.verifyTimeout(), where + "verify.timeout")
                            : null;
            s = s.withAllowedExtensions(extensions)
                    .withTimeouts(statement, whole)
                    .withImage(o.image);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (o.runnerRole != null) {
            if (!o.runnerRole.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new UsageException("--runner-role '" + o.runnerRole + "': expected a lower-case role name "
                        + "(letters, digits, _)");
            }
            s = s.withRunnerRole(o.runnerRole, System.getenv(VerifyOptions.Sandbox.RUNNER_PASSWORD_ENV));
        }
        return s;
    }

    private static Timing timing(StatementTiming t) {
        return new Timing(
                t.file(), t.line(), t.direction() == null ? null : t.direction().label(), t.pass(), t.millis());
    }
}
