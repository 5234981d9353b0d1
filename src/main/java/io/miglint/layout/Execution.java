package io.miglint.layout;

/**
 * How the migration's tool sends one script to PostgreSQL.
 *
 * @param wrapped      the tool opens a transaction around the script (dbmate sections, sqlx, diesel, Flyway)
 * @param singleQuery  the tool sends the whole script as one simple-protocol query string; PostgreSQL then runs a
 *                     multi-statement string as one implicit transaction (golang-migrate, dbmate, sqlx, diesel).
 *                     False where statements go one at a time (psql-style scripts, Flyway's JDBC)
 * @param reason       why, in words for a message: "dbmate wraps each section in a transaction"
 * @param separator    where the tool cuts the script into the query strings it sends one after another (Drizzle's
 *                     {@code --> statement-breakpoint}, cut as text wherever it stands); null when it does not cut
 */
public record Execution(boolean wrapped, boolean singleQuery, String reason, String separator) {

    public Execution(boolean wrapped, boolean singleQuery, String reason) {
        this(wrapped, singleQuery, reason, null);
    }

    /** True when two statements of this script can never run outside a transaction block. */
    public boolean multiStatementIsTransactional() {
        return wrapped || singleQuery;
    }
}
