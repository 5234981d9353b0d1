package io.miglint.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.miglint.engine.LintReport;
import io.miglint.rule.Finding;
import io.miglint.rule.Location;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.Suppression;
import io.miglint.rule.ToolFinding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Known findings recorded so that adopting miglint on an old project does not start with hundreds of errors: entries
 * are matched by rule, file and {@link Fingerprints fingerprint} (not line, not message), so they survive edits above
 * the statement and new migrations elsewhere. Each entry silences one finding; two identical statements need two
 * entries.
 *
 * <p>Format 2 (written since findings about a whole file stopped hashing their message). Format 1 files still load:
 * their entries at a statement match as before, and those about a whole file match while the finding's message is the
 * one recorded ({@link #legacyFormat()}: commands say so and suggest regenerating).
 */
public final class Baseline {

    public static final String JUSTIFICATION = "in baseline";

    /** The notice for an entry that matches nothing any more (declared in {@link ToolFinding}). */
    public static final RuleDescriptor STALE = ToolFinding.BASELINE_STALE.descriptor();

    static final int FORMAT_VERSION = 2;
    /** The first format, whose fingerprints of findings about a whole file hashed the message. */
    static final int LEGACY_FORMAT_VERSION = 1;

    public record Entry(String ruleId, String file, String fingerprint, String message) {
        static Entry of(Finding f) {
            return new Entry(f.ruleId(), f.location().displayPath(), Fingerprints.of(f), f.message());
        }
    }

    /**
     * @param findings the input findings, those matched by an entry now suppressed ({@link Suppression.Kind#EXTERNAL})
     * @param stale    entries that matched nothing: fixed findings, so the baseline can shrink
     */
    public record Applied(List<Finding> findings, List<Entry> stale) {}

    private final List<Entry> entries;
    private final int version;

    public Baseline(List<Entry> entries) {
        this(entries, FORMAT_VERSION);
    }

    private Baseline(List<Entry> entries, int version) {
        this.entries = List.copyOf(entries);
        this.version = version;
    }

    /** True for a file in format 1: its entries about whole files match only while their message is unchanged. */
    public boolean legacyFormat() {
        return version == LEGACY_FORMAT_VERSION;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Records the active findings of {@code report}, sorted so the file diffs well under version control. */
    public static void write(LintReport report, Path path) throws IOException {
        List<Entry> entries = report.active().stream()
                .map(Entry::of)
                .sorted(Comparator.comparing(Entry::file)
                        .thenComparing(Entry::ruleId)
                        .thenComparing(Entry::fingerprint))
                .toList();
        ObjectNode root =
                JsonReporter.MAPPER.createObjectNode().put("tool", "miglint").put("baselineVersion", FORMAT_VERSION);
        ArrayNode array = root.putArray("entries");
        for (Entry e : entries) {
            array.addObject()
                    .put("ruleId", e.ruleId())
                    .put("file", e.file())
                    .put("fingerprint", e.fingerprint())
                    .put("message", e.message());
        }
        ReportFile.write(path, out -> JsonReporter.writePretty(root, out));
    }

    public static Baseline load(Path path) throws BaselineException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BaselineException(path + ": baseline file not found (create it with `miglint baseline`)");
        } catch (IOException e) {
            throw new BaselineException(path + ": cannot read baseline: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = JsonReporter.MAPPER.readTree(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new BaselineException(path + where + ": baseline is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("entries").isArray()) {
            throw new BaselineException(
                    path + ": not a miglint baseline (expected an object with an \"entries\" array)");
        }
        int version = root.path("baselineVersion").asInt(LEGACY_FORMAT_VERSION);
        if (version != FORMAT_VERSION && version != LEGACY_FORMAT_VERSION) {
            throw new BaselineException(path + ": baseline format " + version + " is not supported (expected "
                    + LEGACY_FORMAT_VERSION + " or " + FORMAT_VERSION + "); regenerate it with `miglint baseline`");
        }
        List<Entry> entries = new ArrayList<>();
        int index = 0;
        for (JsonNode e : root.get("entries")) {
            for (String field : List.of("ruleId", "file", "fingerprint")) {
                if (!e.path(field).isTextual()) {
                    throw new BaselineException(path + ": entries[" + index + "] has no \"" + field + "\" string");
                }
            }
            entries.add(new Entry(
                    e.get("ruleId").asText(),
                    e.get("file").asText(),
                    e.get("fingerprint").asText(),
                    e.path("message").asText("")));
            index++;
        }
        return new Baseline(entries, version);
    }

    /**
     * Suppresses the findings the baseline knows. Findings already suppressed in source keep their own suppression
     * and consume no entry.
     */
    public Applied apply(List<Finding> findings) {
        Map<Entry, Integer> unused = new HashMap<>();
        for (Entry e : entries) {
            unused.merge(key(e), 1, Integer::sum);
        }
        List<Finding> result = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            Entry key = key(Entry.of(f));
            if (!f.suppressed() && unused.getOrDefault(key, 0) == 0 && legacyFormat()) {
                key = new Entry(f.ruleId(), f.location().displayPath(), Fingerprints.legacy(f), "");
            }
            if (!f.suppressed() && unused.getOrDefault(key, 0) > 0) {
                unused.merge(key, -1, Integer::sum);
                result.add(f.withSuppression(new Suppression(Suppression.Kind.EXTERNAL, JUSTIFICATION)));
            } else {
                result.add(f);
            }
        }
        List<Entry> stale = new ArrayList<>();
        for (Entry e : entries) {
            Entry key = key(e);
            if (unused.getOrDefault(key, 0) > 0) {
                unused.merge(key, -1, Integer::sum);
                stale.add(e);
            }
        }
        return new Applied(List.copyOf(result), List.copyOf(stale));
    }

    /**
     * An info finding for an entry that matched nothing: the finding was fixed (or its statement edited), so the entry
     * can go; left in place it would silently swallow the same finding if it came back.
     */
    public static Finding staleFinding(Entry e, Path file) {
        return new Finding(
                STALE.id(),
                STALE.defaultSeverity(),
                "baseline entry for " + e.ruleId() + " matches no finding any more"
                        + (e.message().isEmpty() ? "" : " (was: " + e.message() + ")"),
                "Regenerate the baseline with `miglint baseline` so fixed findings cannot come back unnoticed.",
                Location.wholeFile(file, e.file()),
                null,
                "",
                null);
    }

    /** Matching ignores the recorded message: rewording a message must not revive every baselined finding. */
    private static Entry key(Entry e) {
        return new Entry(e.ruleId(), e.file(), e.fingerprint(), "");
    }
}
