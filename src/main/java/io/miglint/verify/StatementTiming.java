package io.miglint.verify;

import io.miglint.layout.Direction;

/**
 * How long one statement took on the throwaway database (JSON output). Scripts that their tool sends as one query
 * string (golang-migrate, dbmate, sqlx, diesel) are timed as a whole, at the line of their first statement, unless
 * {@code --trace-locks} ran them statement by statement.
 *
 * @param file      display path
 * @param line      1-based line of the statement
 * @param direction up or down
 * @param pass      "up", "down", "reapply" or "trace"
 * @param millis    wall-clock duration
 */
public record StatementTiming(String file, int line, Direction direction, String pass, double millis) {}
