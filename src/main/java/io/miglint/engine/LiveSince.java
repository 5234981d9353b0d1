package io.miglint.engine;

import io.miglint.layout.Migration;
import io.miglint.layout.Version;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * When the database began to serve the application ({@code live-since:} in {@code .miglint.yaml},
 * {@code --live-since}): the migrations before it ran on a database nobody used yet, so their locks, rewrites and
 * scans blocked no one, and their tables held no rows the application wrote. Given as a date ({@code 2022-04-12}:
 * the migrations written on an earlier day, {@link Migration#moment()}), or as a version ({@code 20220412000000},
 * {@code 42}: the migrations ordered before it, the way the tool orders them). A migration of no known date (a
 * sequence-numbered version) is never before a date.
 *
 * <p>The same idea as strong_migrations' {@code start_after}, for a history that began before the project went live
 * (a schema built ahead of a cut-over from another database, say).
 */
public final class LiveSince {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final String text;
    private final LocalDate day;
    private final Version version;

    private LiveSince(String text, LocalDate day, Version version) {
        this.text = text;
        this.day = day;
        this.version = version;
    }

    /** @throws IllegalArgumentException for a value that is neither a date {@code YYYY-MM-DD} nor a version */
    public static LiveSince parse(String value) {
        String v = value == null ? "" : value.strip();
        if (DATE.matcher(v).matches()) {
            try {
                return new LiveSince(v, LocalDate.parse(v), null);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + value + "' is no date (YYYY-MM-DD)");
            }
        }
        Version parsed = Version.parse(v);
        if (v.isEmpty() || parsed.parts().isEmpty()) {
            throw new IllegalArgumentException(
                    "'" + value + "' is neither a date (YYYY-MM-DD) nor a migration " + "version");
        }
        return new LiveSince(v, null, parsed);
    }

    /**
     * Whether this migration ran before the database went live: against a date, the day it was written
     * ({@link Migration#moment()}: its date or timestamp version, Drizzle Kit's journal, a Prisma folder's timestamp);
     * against a version, its version.
     */
    public boolean before(Migration migration) {
        return migration != null && before(migration.version(), migration.moment());
    }

    /** Whether the migration of this version, dated by the version alone, ran before the database went live. */
    public boolean before(Version migration) {
        return migration != null && before(migration, migration.moment());
    }

    private boolean before(Version migration, Optional<LocalDateTime> written) {
        if (day != null) {
            return written.map(t -> t.toLocalDate().isBefore(day)).orElse(false);
        }
        return migration != null && migration.compareTo(version) < 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
