package io.miglint.rules.naming;

import io.miglint.layout.Migration;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Category;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.SetContext;
import io.miglint.rule.SetRule;
import io.miglint.rule.Severity;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A timestamp version orders migrations by when they were written. One that is not a real moment (month 13, Feb 30)
 * was typed by hand and sorts wherever its digits fall; one in the future sorts after every migration written until
 * then, so later migrations are applied before it on fresh databases but after it on old ones. Several versions of one
 * real day with a counter in the time part ({@code 2025-08-01-000060}, {@code -000061}) are a folder's own format.
 */
@RuleInfo(
        id = "version-timestamp-invalid",
        summary = "Timestamp version is not a real date and time or lies in " + "the future",
        severity = Severity.WARNING,
        category = Category.NAMING)
public final class VersionTimestampInvalid implements SetRule {
    private record Format(Pattern shape, DateTimeFormatter parser, String name) {}

    private static final List<Format> FORMATS = List.of(
            format("(19|2\\d)\\d{12}", "uuuuMMddHHmmss", "YYYYMMDDHHMMSS"),
            format("\\d{4}-\\d{2}-\\d{2}-\\d{6}(-\\d{4})?", "uuuu-MM-dd-HHmmss", "YYYY-MM-DD-HHMMSS"),
            format("\\d{8}_\\d{6}", "uuuuMMdd_HHmmss", "YYYYMMDD_HHMMSS"),
            format("(19|2\\d)\\d{6}", "uuuuMMdd", "YYYYMMDD"));

    private static Format format(String shape, String pattern, String name) {
        return new Format(
                Pattern.compile(shape),
                DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT),
                name);
    }

    private static final Pattern DAY = Pattern.compile("^(\\d{4}-?\\d{2}-?\\d{2})");

    /** The date part of a timestamp version, or the whole text when it has none. */
    private static String day(String version) {
        Matcher m = DAY.matcher(version);
        return m.find() ? m.group(1) : version;
    }

    /**
     * A folder that numbers several migrations of one real day with a counter in the time part
     * ({@code 2025-08-01-000060}, {@code -000061}, …) has its own version format: they sort as intended.
     */
    private static boolean counted(String version, Map<String, Long> perDay) {
        String day = day(version);
        if (day.equals(version) || perDay.getOrDefault(day, 0L) < 3) {
            return false;
        }
        try {
            LocalDate.parse(day.replace("-", ""), DateTimeFormatter.BASIC_ISO_DATE);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @Override
    public void check(MigrationSet set, SetContext ctx) {
        LocalDateTime latestAllowed = LocalDateTime.now(ZoneOffset.UTC).plusDays(1);
        Map<String, Long> perDay = set.migrations().stream()
                .map(m -> day(m.version().text()))
                .collect(Collectors.groupingBy(d -> d, Collectors.counting()));
        for (Migration m : set.migrations()) {
            String v = m.version().text();
            Optional<Format> f =
                    FORMATS.stream().filter(x -> x.shape().matcher(v).matches()).findFirst();
            if (f.isEmpty()) {
                continue;
            }
            // diesel's optional "-0000" suffix is a counter, not part of the moment.
            String moment = v.replaceFirst("^(\\d{4}-\\d{2}-\\d{2}-\\d{6})-\\d{4}$", "$1");
            String problem;
            Severity severity = Severity.WARNING;
            try {
                LocalDateTime at = f.get().name().equals("YYYYMMDD")
                        ? LocalDate.parse(moment, f.get().parser()).atStartOfDay()
                        : LocalDateTime.parse(moment, f.get().parser());
                if (!at.isAfter(latestAllowed)) {
                    continue;
                }
                problem = "lies in the future (" + at + "): every migration written until then sorts before it, "
                        + "so databases migrated before and after that day apply them in different orders";
            } catch (DateTimeParseException e) {
                if (counted(v, perDay)) {
                    continue;
                }
                // Still ordered, just not a moment (lemmy counts 2025-08-01-000060, -000061 …): a convention slip.
                problem = "is not a real " + f.get().name() + " date and time: it was typed by hand and sorts "
                        + "wherever its digits happen to fall";
                severity = Severity.INFO;
            }
            ctx.reportFile(MigrationName.reportedFile(m), MigrationName.ref(m), "version " + v + " " + problem)
                    .help("Before it is applied anywhere, use the moment the migration was written, as the tool "
                            + "generates it (" + f.get().name() + ", UTC), after the latest version already applied. "
                            + "Once applied, leave it: the tool records applied migrations by version and would run a "
                            + "renamed one again.")
                    .severity(severity);
        }
    }
}
