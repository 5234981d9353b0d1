package io.miglint.engine;

/**
 * How long one statement (or one single-query script) took when the verifier ran it.
 *
 * @param pass "up", "down" or "reapply"
 */
public record Timing(String file, int line, String direction, String pass, double millis) {}
