package io.miglint.gate;

import java.util.Locale;

/** Where one migration stands on the target database. */
public enum MigrationState {
    APPLIED(false),
    PENDING(false),
    /** Recorded on the target, but no file for it here: the checkout is behind the database, or a file was deleted. */
    MISSING_LOCALLY(true),
    /** Applied, but the file changed since (checksum mismatch): the database did not run what the file now says. */
    EDITED(true),
    /** Pending, yet older than the newest applied migration: most tools skip or refuse it. */
    OUT_OF_ORDER(true),
    /** Dirty (golang-migrate), success = false (sqlx, Flyway) or interrupted mid-run: needs a look, then force. */
    FAILED(true);

    private final boolean problem;

    MigrationState(boolean problem) {
        this.problem = problem;
    }

    public boolean problem() {
        return problem;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
