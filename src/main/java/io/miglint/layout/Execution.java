package io.miglint.layout;

/**
 * How the migration's tool sends one script to PostgreSQL.
 *
 * @param wrapped      the tool opens a transaction around the script (dbmate sections, sqlx, diesel, Flyway)
 * @param singleQuery  the tool sends the whole script as one simple-protocol query string; PostgreSQL then runs a
 *                     multi-statement string as one implicit transaction (golang-migrate, dbmate, sqlx, diesel).
 *                     False where statements go one at a time (psql-style scripts, Flyway's JDBC)
 * @param reason       why, in words for a message: "dbmate wraps each section in a transaction"
 */
public record Execution(boolean wrapped, boolean singleQuery, String reason) {

    /** True when two statements of this script can never run outside a transaction block. */
    public boolean multiStatementIsTransactional() {
        return wrapped || singleQuery;
    }
}
