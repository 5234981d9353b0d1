package io.miglint.rule;

import io.miglint.layout.Direction;

/** Which migration a finding belongs to (null fields when it belongs to none). */
public record MigrationRef(String version, String name, Direction direction) {}
