package io.miglint.verify;

import io.miglint.sql.RawStatement;

/**
 * PostgreSQL refused a script.
 *
 * @param sqlState  SQLSTATE, e.g. 42P01
 * @param message   the server's message (with its hint, when it gave one), redacted
 * @param offset    char offset in the file where the error points (the server's position, else the statement)
 * @param statement the failing statement, when known
 */
public record ScriptFailure(String sqlState, String message, int offset, int endOffset, RawStatement statement) {}
