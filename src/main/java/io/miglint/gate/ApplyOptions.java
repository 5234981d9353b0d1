package io.miglint.gate;

import java.time.Duration;

/**
 * Settings of {@code miglint apply}.
 *
 * @param to               stop after this version (inclusive); null for all pending
 * @param down             roll back this many applied migrations instead (0: apply)
 * @param dryRun           print the plan and the SQL, change nothing
 * @param lockTimeout      session lock_timeout set before each migration (a migration's own SET wins inside it)
 * @param statementTimeout session statement_timeout; zero means none
 * @param lockWait         how long to wait for another deployer's migration lock before giving up
 * @param lockRetries      how many times a migration that failed on a lock timeout (SQLSTATE 55P03) runs again, when
 *                         its failed run left nothing behind; 0 for none
 * @param lockRetryDelay   the pause before the first retry, doubled before each next one (at most
 *                         {@link #MAX_RETRY_DELAY})
 */
public record ApplyOptions(
        String to,
        int down,
        boolean dryRun,
        Duration lockTimeout,
        Duration statementTimeout,
        Duration lockWait,
        int lockRetries,
        Duration lockRetryDelay) {
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(2);
    public static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(1);

    public ApplyOptions(
            String to, int down, boolean dryRun, Duration lockTimeout, Duration statementTimeout, Duration lockWait) {
        this(to, down, dryRun, lockTimeout, statementTimeout, lockWait, 0, DEFAULT_RETRY_DELAY);
    }

    public static ApplyOptions defaults() {
        return new ApplyOptions(null, 0, false, Duration.ofSeconds(5), Duration.ZERO, DEFAULT_LOCK_WAIT);
    }

    /** The pause before retry {@code n} (1 for the first): the delay, doubled for each retry before it. */
    public Duration retryDelay(int n) {
        Duration d = lockRetryDelay;
        for (int i = 1; i < n && d.compareTo(MAX_RETRY_DELAY) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : d;
    }
}
