package io.miglint.rule;

/** The metadata of a rule as data, for reporters, docs and {@code miglint rules}. */
public record RuleDescriptor(
        String id,
        String summary,
        Severity defaultSeverity,
        Category category,
        String since,
        boolean optIn,
        int minPg,
        int maxPg,
        boolean onlineOnly) {

    /** A descriptor whose harm does not depend on how the project deploys. */
    public RuleDescriptor(
            String id,
            String summary,
            Severity defaultSeverity,
            Category category,
            String since,
            boolean optIn,
            int minPg,
            int maxPg) {
        this(id, summary, defaultSeverity, category, since, optIn, minPg, maxPg, false);
    }

    public static final String DOCS_BASE = "https://github.com/miglint/miglint/blob/main/rules/";

    public static RuleDescriptor of(RuleInfo info) {
        return new RuleDescriptor(
                info.id(),
                info.summary(),
                info.severity(),
                info.category(),
                info.since(),
                info.optIn(),
                info.minPg(),
                info.maxPg(),
                info.onlineOnly());
    }

    /** Reading an annotation goes through reflection and a proxy: do it once per rule class. */
    private static final ClassValue<RuleDescriptor> BY_CLASS = new ClassValue<>() {
        @Override
        protected RuleDescriptor computeValue(Class<?> ruleClass) {
            RuleInfo info = ruleClass.getAnnotation(RuleInfo.class);
            if (info == null) {
                throw new IllegalArgumentException(ruleClass.getName() + " has no @RuleInfo");
            }
            return of(info);
        }
    };

    public static RuleDescriptor of(Class<?> ruleClass) {
        return BY_CLASS.get(ruleClass);
    }

    /** The id's page in the repository (also printed by {@code miglint explain ID}). */
    public String page() {
        return "rules/" + id + ".md";
    }

    public String helpUri() {
        return DOCS_BASE + id + ".md";
    }

    public boolean appliesTo(int pgVersion) {
        return pgVersion >= minPg && pgVersion <= maxPg;
    }
}
