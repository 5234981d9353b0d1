package io.miglint.engine;

import io.miglint.rule.Catalog;
import io.miglint.rule.Deploy;
import io.miglint.rule.FindingSource;
import io.miglint.rule.Rule;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which finding ids are reported and at what severity, for every id of the {@link Catalog} (lint rules, the verifier's,
 * the gate's, the baseline's), from the configuration ({@code rules: {id: off|on|error|warning|info}}),
 * {@code --enable}/{@code --disable}, the target PostgreSQL version and how the project deploys (under
 * {@code deploy: offline} the online-only rules are off unless named); and which lint rules therefore run.
 */
public final class RuleSelection {
    /** A lint rule that will run, with its effective severity. */
    public record Active(Rule rule, RuleDescriptor descriptor, Severity severity) {}

    private final Catalog catalog;
    private final List<Active> active;
    private final Set<String> selected;
    private final Map<String, Severity> severitySetByUser;
    private final LiveSince liveSince;

    private RuleSelection(
            Catalog catalog,
            List<Active> active,
            Set<String> selected,
            Map<String, Severity> severitySetByUser,
            LiveSince liveSince) {
        this.catalog = catalog;
        this.active = active;
        this.selected = selected;
        this.severitySetByUser = severitySetByUser;
        this.liveSince = liveSince;
    }

    /**
     * This selection for a project live since {@code liveSince} (null: live from its first migration): the
     * {@link io.miglint.rule.RuleInfo#onlineOnly() online-only} rules do not run on the migrations before it.
     */
    public RuleSelection withLiveSince(LiveSince liveSince) {
        return new RuleSelection(catalog, active, selected, severitySetByUser, liveSince);
    }

    /** Whether this migration ran before the database served the application ({@code live-since:}). */
    public boolean beforeLive(io.miglint.layout.Migration migration) {
        return liveSince != null && liveSince.before(migration);
    }

    /**
     * @param catalog  every id that may be named
     * @param rules    the lint rules that can run (each one's id must be in the catalog)
     * @param settings id → off | on | error | warning | info (later entries win; CLI flags come last)
     * @param deploy   offline: online-only ids are off unless {@code settings} turns them on
     * @throws IllegalArgumentException naming the unknown id or value
     */
    public static RuleSelection select(
            Catalog catalog, Collection<Rule> rules, Map<String, String> settings, int pgVersion, Deploy deploy) {
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!catalog.isKnown(e.getKey())) {
                throw new IllegalArgumentException("unknown rule id '" + e.getKey() + "'"
                        + Suggestion.didYouMean(e.getKey(), catalog.ids()) + " (see `miglint rules`)");
            }
            parseSetting(e.getKey(), e.getValue());
        }
        Set<String> selected = new LinkedHashSet<>();
        Map<String, Severity> explicit = new HashMap<>();
        for (Catalog.Entry entry : catalog.entries()) {
            RuleDescriptor d = entry.descriptor();
            String setting = settings.get(d.id());
            boolean on = !d.optIn() && !(deploy == Deploy.OFFLINE && d.onlineOnly());
            if (setting != null) {
                Severity s = parseSetting(d.id(), setting);
                on = !setting.trim().equalsIgnoreCase("off");
                if (on && s != null) {
                    explicit.put(d.id(), s);
                }
            }
            if (on && d.appliesTo(pgVersion)) {
                selected.add(d.id());
            }
        }
        Map<String, Rule> byId = new LinkedHashMap<>();
        for (Rule r : rules) {
            byId.put(r.descriptor().id(), r);
        }
        List<Active> active = new ArrayList<>();
        for (Catalog.Entry entry : catalog.entries()) {
            Rule r = byId.get(entry.id());
            if (r != null && selected.contains(entry.id())) {
                active.add(new Active(
                        r,
                        entry.descriptor(),
                        explicit.getOrDefault(entry.id(), entry.descriptor().defaultSeverity())));
            }
        }
        return new RuleSelection(catalog, List.copyOf(active), selected, explicit, null);
    }

    /** For a project that deploys online. */
    public static RuleSelection select(
            Catalog catalog, Collection<Rule> rules, Map<String, String> settings, int pgVersion) {
        return select(catalog, rules, settings, pgVersion, Deploy.ONLINE);
    }

    /** Over a catalog of these lint rules and every tool finding (see {@link Catalog#of}). */
    public static RuleSelection select(Collection<Rule> all, Map<String, String> settings, int pgVersion) {
        return select(Catalog.of(all.stream().map(Rule::descriptor).toList()), all, settings, pgVersion);
    }

    private static Severity parseSetting(String id, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "off", "on" -> null;
            case "error", "warning", "info" -> Severity.parse(v);
            default ->
                throw new IllegalArgumentException(
                        "rule '" + id + "': '" + value + "' is not one of off, on, error, warning, info");
        };
    }

    /** The lint rules that run, in catalog order. */
    public List<Active> active() {
        return active;
    }

    /** Whether findings of {@code id} are reported: on (by default, or turned on) and for this PostgreSQL version. */
    public boolean isSelected(String id) {
        return selected.contains(id);
    }

    /** The severity configuration or flags gave {@code id}, if any. */
    public Optional<Severity> severitySetByUser(String id) {
        return Optional.ofNullable(severitySetByUser.get(id));
    }

    /** True when configuration or flags gave this id an explicit severity. */
    public boolean userSetSeverity(String id) {
        return severitySetByUser.containsKey(id);
    }

    /** Whether an id exists at all (suppression comments, {@code rules:}). */
    public boolean isKnown(String id) {
        return catalog.isKnown(id);
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The descriptors of the lint rules that run. */
    public List<RuleDescriptor> descriptors() {
        return active.stream().map(Active::descriptor).toList();
    }

    /** The selected ids of the given sources, in catalog order: what a run of those producers can report. */
    public List<RuleDescriptor> descriptors(Collection<FindingSource> sources) {
        return catalog.entries().stream()
                .filter(e -> sources.contains(e.source()) && selected.contains(e.id()))
                .map(Catalog.Entry::descriptor)
                .toList();
    }
}
