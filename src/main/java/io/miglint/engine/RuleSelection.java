package io.miglint.engine;

import io.miglint.rule.Rule;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which rules run and at what severity, from the registry, the configuration ({@code rules: {id: off|on|error|
 * warning|info}}), {@code --enable}/{@code --disable} and the target PostgreSQL version.
 */
public final class RuleSelection {
    /** A rule that will run, with its effective severity. */
    public record Active(Rule rule, RuleDescriptor descriptor, Severity severity) {
    }

    private final List<Active> active;
    private final Set<String> knownIds;
    private final Set<String> severitySetByUser;

    private RuleSelection(List<Active> active, Set<String> knownIds, Set<String> severitySetByUser) {
        this.active = active;
        this.knownIds = knownIds;
        this.severitySetByUser = severitySetByUser;
    }

    /** True when configuration or flags gave this rule an explicit severity. */
    public boolean userSetSeverity(String id) {
        return severitySetByUser.contains(id);
    }

    /**
     * @param settings rule id → off | on | error | warning | info (later entries win; CLI flags come last)
     * @throws IllegalArgumentException naming the unknown id or value
     */
    public static RuleSelection select(Collection<Rule> all, Map<String, String> settings, int pgVersion) {
        Map<String, Rule> byId = new LinkedHashMap<>();
        for (Rule r : all) {
            byId.put(r.descriptor().id(), r);
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!byId.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown rule id '" + e.getKey() + "'"
                        + Suggestion.didYouMean(e.getKey(), byId.keySet()) + " (see `miglint rules`)");
            }
            parseSetting(e.getKey(), e.getValue());
        }
        List<Active> active = new ArrayList<>();
        Set<String> explicit = new TreeSet<>();
        for (Rule r : byId.values()) {
            RuleDescriptor d = r.descriptor();
            String setting = settings.get(d.id());
            boolean on = !d.optIn();
            Severity severity = d.defaultSeverity();
            if (setting != null) {
                Severity s = parseSetting(d.id(), setting);
                if (setting.equalsIgnoreCase("off")) {
                    on = false;
                } else {
                    on = true;
                    if (s != null) {
                        severity = s;
                        explicit.add(d.id());
                    }
                }
            }
            if (on && d.appliesTo(pgVersion)) {
                active.add(new Active(r, d, severity));
            }
        }
        return new RuleSelection(List.copyOf(active), new TreeSet<>(byId.keySet()), explicit);
    }

    private static Severity parseSetting(String id, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "off", "on" -> null;
            case "error", "warning", "info" -> Severity.parse(v);
            default -> throw new IllegalArgumentException("rule '" + id + "': '" + value
                    + "' is not one of off, on, error, warning, info");
        };
    }

    public List<Active> active() {
        return active;
    }

    public boolean isKnown(String id) {
        return knownIds.contains(id);
    }

    public List<RuleDescriptor> descriptors() {
        return active.stream().map(Active::descriptor).toList();
    }
}
