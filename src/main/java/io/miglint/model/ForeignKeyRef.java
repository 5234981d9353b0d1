package io.miglint.model;

import java.util.List;

/** {@code REFERENCES table (columns)}; columns empty when the referenced primary key is implied. */
public record ForeignKeyRef(QualifiedName table, List<String> columns) {}
