package io.miglint.engine;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.FindingDraft;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One script's drafts with those of a {@link RuleInfo#oncePerTransaction} rule in one transaction block told as one:
 * the first keeps its place and identity, names the others by line (and table, for an ALTER TABLE) and carries their
 * helps after its own, each headed by its line (a help rewrites its own statement); the others go.
 * A draft its own {@code -- miglint:ignore} covers is left as it is (the finding stage suppresses it), so that
 * a suppression never hides, or is hidden by, another statement's finding.
 */
final class OncePerTransaction {
    private OncePerTransaction() {}

    /** Whether a rule tells its findings in one transaction block as one ({@link RuleInfo#oncePerTransaction}). */
    private static final ClassValue<Boolean> ONCE_PER_TRANSACTION = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            RuleInfo info = type.getAnnotation(RuleInfo.class);
            return info != null && info.oncePerTransaction();
        }
    };

    static List<RuleDraft> merge(List<RuleDraft> drafts, ScriptView view, ScriptSource script) {
        Map<String, List<RuleDraft>> groups = new LinkedHashMap<>();
        SourceSuppressions suppressions = new SourceSuppressions(script.file());
        for (RuleDraft d : drafts) {
            if (!ONCE_PER_TRANSACTION.get(d.rule().rule().getClass())) {
                continue;
            }
            ParsedStatement owner = script.owner(d.span().start());
            int block = owner == null ? -1 : view.transactionBlock(owner);
            String id = d.rule().descriptor().id();
            if (block >= 0 && suppressions.find(id, script.location(d.span())) == null) {
                // one severity per group: a finding the rule raised or lowered is not told under another's
                groups.computeIfAbsent(
                                id + "\u0000" + block + "\u0000" + d.draft().severity(), k -> new ArrayList<>())
                        .add(d);
            }
        }
        if (groups.values().stream().allMatch(g -> g.size() < 2)) {
            return drafts;
        }
        IdentityHashMap<RuleDraft, RuleDraft> replaced = new IdentityHashMap<>();
        for (List<RuleDraft> group : groups.values()) {
            if (group.size() < 2) {
                continue;
            }
            group.sort(Comparator.comparingInt(d -> d.span().start()));
            RuleDraft head = group.get(0);
            for (RuleDraft other : group.subList(1, group.size())) {
                replaced.put(other, null);
            }
            replaced.put(
                    head, new RuleDraft(head.rule(), head.span(), told(head, group.subList(1, group.size()), script)));
        }
        List<RuleDraft> out = new ArrayList<>(drafts.size());
        for (RuleDraft d : drafts) {
            if (!replaced.containsKey(d)) {
                out.add(d);
            } else if (replaced.get(d) != null) {
                out.add(replaced.get(d));
            }
        }
        return out;
    }

    /** The head's draft naming the others and carrying their helps. */
    private static FindingDraft told(RuleDraft head, List<RuleDraft> others, ScriptSource script) {
        List<String> places = new ArrayList<>();
        StringBuilder helps = new StringBuilder(head.draft().help());
        for (RuleDraft other : others) {
            ParsedStatement owner = script.owner(other.span().start());
            String table =
                    owner != null && owner.node() instanceof Statement.AlterTable at ? " (" + at.table() + ")" : "";
            places.add("line " + other.span().line() + table);
            if (!other.draft().help().isEmpty()) {
                helps.append(helps.isEmpty() ? "" : " ")
                        .append("At line ")
                        .append(other.span().line())
                        .append(": ")
                        .append(other.draft().help());
            }
        }
        int more = places.size();
        FindingDraft merged = new FindingDraft(head.draft().message() + "; the same transaction does so "
                        + (more == 1 ? "once more, at " : more + " more times, at ") + String.join(", ", places)
                        + ", and every table it locks stays locked until it commits")
                .help(helps.toString())
                .key(head.draft().key());
        if (head.draft().severity() != null) {
            merged.severity(head.draft().severity());
        }
        for (FindingDraft.Related r : head.draft().related()) {
            merged.related(r.span(), r.message());
        }
        for (RuleDraft other : others) {
            merged.related(other.span(), other.draft().message());
            for (FindingDraft.Related r : other.draft().related()) {
                merged.related(r.span(), r.message());
            }
        }
        return merged;
    }
}
