package io.miglint.rule;

/** Which migration a finding belongs to (null fields when it belongs to none). */
public record MigrationRef(String version, String name, Direction direction) {
}
