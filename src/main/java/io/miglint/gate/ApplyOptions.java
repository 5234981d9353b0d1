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
 */
public record ApplyOptions(String to, int down, boolean dryRun, Duration lockTimeout, Duration statementTimeout,
                           Duration lockWait) {
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(10);

    public static ApplyOptions defaults() {
        return new ApplyOptions(null, 0, false, Duration.ofSeconds(5), Duration.ZERO, DEFAULT_LOCK_WAIT);
    }
}
