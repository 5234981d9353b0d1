package io.miglint.rule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every finding id of a run, each declared once: a lint rule by its class's {@link RuleInfo}, the verifier's, the
 * release gate's and the baseline's by {@link ToolFinding}. {@code miglint rules}, {@code explain}, docs/rules.md,
 * {@code rules:} and {@code --enable}/{@code --disable}, and suppression comments all read ids from here, so an id
 * that {@code miglint rules} lists is one that can be turned off, given a severity and suppressed.
 *
 * <p>The standard catalog is {@code io.miglint.rules.registry.RuleRegistry.catalog()}; tests build smaller ones.
 */
public final class Catalog {

    /** One id: its metadata and what produces it. */
    public record Entry(RuleDescriptor descriptor, FindingSource source) {
        public String id() {
            return descriptor.id();
        }
    }

    private final List<Entry> entries;
    private final Map<String, Entry> byId;

    private Catalog(List<Entry> entries) {
        Map<String, Entry> map = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (map.putIfAbsent(e.id(), e) != null) {
                throw new IllegalStateException("finding id " + e.id() + " is declared twice");
            }
        }
        this.entries = List.copyOf(entries);
        this.byId = Collections.unmodifiableMap(map);
    }

    /** The given lint rules (in their order), then every {@link ToolFinding}. */
    public static Catalog of(Collection<RuleDescriptor> lintRules) {
        List<Entry> all = new ArrayList<>();
        lintRules.forEach(d -> all.add(new Entry(d, FindingSource.LINT)));
        for (ToolFinding t : ToolFinding.values()) {
            all.add(new Entry(t.descriptor(), t.source()));
        }
        return new Catalog(all);
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<RuleDescriptor> descriptors() {
        return entries.stream().map(Entry::descriptor).toList();
    }

    public Optional<Entry> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean isKnown(String id) {
        return byId.containsKey(id);
    }

    public Set<String> ids() {
        return byId.keySet();
    }
}
