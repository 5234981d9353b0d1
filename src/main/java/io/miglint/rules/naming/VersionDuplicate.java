package io.miglint.rules.naming;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Category;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.SetContext;
import io.miglint.rule.SetRule;
import io.miglint.rule.Severity;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tools key applied migrations by version, compared as numbers ({@code 001} is {@code 1}; Flyway's {@code 1.0} is
 * {@code 1}; dbmate alone compares the text). Two migrations of one version make golang-migrate and Flyway refuse the folder, make sqlx, diesel and
 * dbmate skip one of them (their tracking tables key on the version), and a hand-run list apply them in an order
 * nobody chose. Flyway's repeatable {@code R__} scripts have no version.
 */
@RuleInfo(
        id = "version-duplicate",
        summary = "Two migrations share a version",
        severity = Severity.ERROR,
        category = Category.NAMING)
public final class VersionDuplicate implements SetRule {
    @Override
    public void check(MigrationSet set, SetContext ctx) {
        if (set.layout() == LayoutKind.NUMBERED && versionsAreGroups(set)) {
            return;
        }
        Map<Object, Migration> first = new LinkedHashMap<>();
        for (Migration m : set.migrations()) {
            if ("R".equals(m.kind()) || m.version().parts().isEmpty()) {
                continue;
            }
            Object key = key(m, set.layout());
            Migration earlier = first.putIfAbsent(key, m);
            if (earlier == null) {
                continue;
            }
            ctx.reportFile(
                            MigrationName.reportedFile(m),
                            MigrationName.ref(m),
                            "version " + m.version().text()
                                    + " is also the version of '" + earlier.name() + "' ("
                                    + earlier.version().text() + "): "
                                    + consequence(set.layout()))
                    .help("Give this migration a version after the latest one, e.g. `" + next(set) + "`, keeping "
                            + "the version that may already be applied somewhere.");
        }
    }

    /**
     * Flyway treats trailing zero parts as absent ({@code 1.0 = 1}); diesel's per-digit parts must match exactly;
     * dbmate stores the version as text, so {@code 001} and {@code 1} are two versions there.
     */
    private static Object key(Migration m, LayoutKind layout) {
        if (layout == LayoutKind.DBMATE) {
            return m.version().text();
        }
        List<BigInteger> parts = new ArrayList<>(m.version().parts());
        while (layout == LayoutKind.FLYWAY
                && parts.size() > 1
                && parts.get(parts.size() - 1).signum() == 0) {
            parts.remove(parts.size() - 1);
        }
        return parts;
    }

    /**
     * Hand-run numbered scripts are tracked by file name. A folder where many versions are shared
     * ({@code 20120822-a.sql}, {@code 20120822-b.sql}; {@code 27.all.sql}, {@code 27.mirror_only.sql}) uses the number
     * as a date or a release that groups scripts, not as an identity: at least three shared versions, and at least a
     * fifth of all versions.
     */
    private static boolean versionsAreGroups(MigrationSet set) {
        Map<String, Long> perVersion = set.migrations().stream()
                .collect(Collectors.groupingBy(m -> m.version().text(), Collectors.counting()));
        long shared = perVersion.values().stream().filter(n -> n > 1).count();
        return shared >= 3 && shared * 5 >= perVersion.size();
    }

    private static String consequence(LayoutKind layout) {
        return switch (layout) {
            case GOLANG_MIGRATE -> "golang-migrate refuses to read the folder (duplicate migration file)";
            case POPX ->
                "popx keeps one file per version and direction (sortAndFilter) and records the version once, so the "
                        + "other never runs";
            case FLYWAY -> "Flyway refuses to migrate (found more than one migration with version)";
            case GOOSE -> "goose refuses to run the folder (found duplicate migration version)";
            case PRISMA ->
                "Prisma keys migrations by folder name, so both run, in the order of their names; the shared "
                        + "timestamp says nothing about which came first";
            case SQLX, DIESEL, DBMATE ->
                "the tracking table keys applied migrations by version, so one of the two "
                        + "is taken as already applied and never runs, or recording it fails";
            default ->
                "the tool applies them in an order decided by their names, and tracking one as applied can "
                        + "hide the other";
        };
    }

    private static String next(MigrationSet set) {
        Migration last = set.migrations().stream()
                .filter(m -> !"R".equals(m.kind()))
                .reduce((a, b) -> b)
                .orElseThrow();
        String text = last.version().text();
        if (!text.matches("\\d+")) {
            return "a version after " + text;
        }
        String next = new BigInteger(text).add(BigInteger.ONE).toString();
        return "0".repeat(Math.max(0, text.length() - next.length())) + next;
    }
}
