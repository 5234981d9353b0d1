package io.miglint.engine;

import io.miglint.model.ParsedStatement;
import io.miglint.parse.StatementParser;
import io.miglint.rule.Location;
import io.miglint.rule.Suppression;
import io.miglint.rule.SuppressionDirective;
import io.miglint.sql.RawStatement;
import io.miglint.sql.Token;
import java.nio.file.Path;

/**
 * The suppression comments of one migration file, for whatever produced a finding in it: {@code -- miglint:ignore-file
 * ids} covers the file, {@code -- miglint:ignore ids} the statement right after it (before a {@code DO} block, every
 * statement the block runs; inside the block, the one it precedes).
 */
public final class SourceSuppressions {
    /** For a file that could not be read: nothing is suppressed. */
    public static final SourceSuppressions NONE = new SourceSuppressions(ParsedFile.UNREADABLE);

    private final ParsedFile file;

    SourceSuppressions(ParsedFile file) {
        this.file = file;
    }

    /**
     * Reads a file the lint engine did not read in this run (the verifier's and the gate's findings point into the
     * same files, so this is rare); a file that cannot be read suppresses nothing.
     */
    public static SourceSuppressions read(Path file, String displayPath) {
        ParsedFile parsed = ParsedFile.read(new SourceLoader(), new StatementParser(), file, displayPath, e -> {});
        return parsed.source() == null ? NONE : new SourceSuppressions(parsed);
    }

    /**
     * The in-source suppression of a finding of {@code ruleId} at {@code at}, or null. A finding about the whole file
     * ({@link Location#isWholeFile()}) is covered by {@code ignore-file} only.
     */
    public Suppression find(String ruleId, Location at) {
        Suppression found = null;
        for (SuppressionDirective d : file.fileDirectives()) {
            if (d.covers(ruleId)) {
                found = new Suppression(Suppression.Kind.IN_SOURCE, d.reason());
            }
        }
        if (found != null || file.source() == null || at.isWholeFile()) {
            return found;
        }
        int offset = Math.min(
                file.source().lineStart(at.line()) + Math.max(0, at.column() - 1),
                file.source().text().length());
        ParsedStatement owner = file.owner(offset);
        if (owner == null) {
            return null;
        }
        found = before(owner.raw(), ruleId);
        // A directive before a DO block covers what the block runs.
        if (found == null && owner.isNested()) {
            found = before(owner.nesting().orElseThrow().block(), ruleId);
        }
        if (found == null && ACKNOWLEDGED_BY_SAFETY_ASSURED.contains(ruleId)) {
            found = safetyAssured(owner.span().start());
        }
        return found;
    }

    /**
     * Atlas's lint analyzers (atlasgo.io/lint/analyzers) whose findings are the same risk as a miglint rule's: an
     * {@code -- atlas:nolint CODE} the team wrote before a statement accepts that rule's finding there too.
     */
    private static final java.util.Map<String, String> ATLAS_CODES = java.util.Map.of(
            "DS102", "drop-table",
            "DS103", "drop-column",
            "MF102", "set-not-null",
            "MF103", "add-column-not-null-no-default",
            "BC101", "rename-table",
            "BC102", "rename-column");

    private static final java.util.regex.Pattern ATLAS_NOLINT = java.util.regex.Pattern.compile(
            "--\\s*atlas:nolint((?:\\s+[A-Za-z]{2}\\d{3})*)\\s*(.*)", java.util.regex.Pattern.DOTALL);

    /**
     * The reason when the comment is an {@code atlas:nolint} directive covering {@code ruleId} (its codes, or none:
     * every analyzer), else null.
     */
    private static String atlasNolint(String comment, String ruleId) {
        java.util.regex.Matcher m = ATLAS_NOLINT.matcher(comment.strip());
        if (!m.matches() || !ATLAS_CODES.containsValue(ruleId)) {
            return null;
        }
        java.util.List<String> codes = java.util.Arrays.stream(m.group(1).trim().split("\\s+"))
                .filter(x -> !x.isEmpty())
                .map(x -> x.toUpperCase(java.util.Locale.ROOT))
                .toList();
        boolean covers = codes.isEmpty() || codes.stream().anyMatch(code -> ruleId.equals(ATLAS_CODES.get(code)));
        return covers ? "atlas:nolint" + (codes.isEmpty() ? "" : " " + String.join(" ", codes)) : null;
    }

    /**
     * The risks a {@code -- safety-assured:start} … {@code -- safety-assured:end} block acknowledges: the comment
     * diesel-guard (a linter of diesel migrations) reads as "reviewed, the risk is accepted", which teams write with
     * their reason (crates.io: "runs in around 3 seconds … not worth the extra CHECK constraint work"). The cost or
     * compatibility of the operations that linter checks; not a lock wait without lock_timeout, which it does not
     * check, nor a statement that fails.
     */
    private static final java.util.Set<String> ACKNOWLEDGED_BY_SAFETY_ASSURED = java.util.Set.of(
            "require-concurrent-index",
            "require-concurrent-drop-index",
            "require-concurrent-reindex",
            "set-not-null",
            "add-column-volatile-default",
            "add-column-table-rewrite",
            "change-column-type",
            "table-rewrite",
            "add-primary-key",
            "add-unique-constraint",
            "constraint-without-not-valid",
            "drop-column",
            "drop-table",
            "rename-column",
            "rename-table",
            "truncate",
            "prefer-bigint",
            "prefer-text",
            "prefer-timestamptz",
            "prefer-identity",
            "prefer-jsonb",
            "ban-char");

    private static final java.util.regex.Pattern SAFETY_ASSURED =
            java.util.regex.Pattern.compile("--\\s*safety-assured:(start|end)\\b.*", java.util.regex.Pattern.DOTALL);

    /** A suppression when the statement at {@code offset} lies inside a safety-assured block, with its reason. */
    private Suppression safetyAssured(int offset) {
        boolean open = false;
        StringBuilder reason = new StringBuilder();
        for (Token c : file.comments()) {
            if (c.start() > offset) {
                break;
            }
            String text = file.source().slice(c.start(), c.end()).strip();
            java.util.regex.Matcher m = SAFETY_ASSURED.matcher(text);
            if (m.matches()) {
                open = m.group(1).equals("start");
                reason.setLength(0);
            } else if (open && text.startsWith("--")) {
                reason.append(reason.length() == 0 ? "" : " ")
                        .append(text.substring(2).strip());
            }
        }
        return open
                ? new Suppression(
                        Suppression.Kind.IN_SOURCE,
                        "safety-assured block"
                                + (reason.length() == 0
                                        ? ""
                                        : ": " + reason.toString().strip()))
                : null;
    }

    /** A directive for {@code id} in a comment before {@code raw} (inside a DO block: the block's own comment). */
    private static Suppression before(RawStatement raw, String id) {
        Suppression found = null;
        for (Token c : raw.comments()) {
            if (c.end() > raw.span().start()) {
                continue;
            }
            String text = raw.source().slice(c.start(), c.end());
            SuppressionDirective sd =
                    SuppressionDirective.parse(text, raw.source().span(c.start(), c.end()));
            if (sd != null && !sd.fileLevel() && sd.covers(id)) {
                found = new Suppression(Suppression.Kind.IN_SOURCE, sd.reason());
            }
            String atlas = atlasNolint(text, id);
            if (found == null && atlas != null) {
                found = new Suppression(Suppression.Kind.IN_SOURCE, atlas);
            }
        }
        return found;
    }
}
