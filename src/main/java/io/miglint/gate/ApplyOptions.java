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
 */
public record ApplyOptions(String to, int down, boolean dryRun, Duration lockTimeout, Duration statementTimeout) {
    public static ApplyOptions defaults() {
        return new ApplyOptions(null, 0, false, Duration.ofSeconds(5), Duration.ZERO);
    }
}
