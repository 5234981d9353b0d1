package io.miglint.model;

import java.util.Locale;

/** Kinds of database objects that statements create, drop, rename or comment on. */
public enum ObjectKind {
    TABLE,
    INDEX,
    VIEW,
    MATERIALIZED_VIEW,
    SEQUENCE,
    TYPE,
    DOMAIN,
    SCHEMA,
    EXTENSION,
    FUNCTION,
    PROCEDURE,
    AGGREGATE,
    TRIGGER,
    POLICY,
    RULE,
    DATABASE,
    ROLE,
    COLUMN,
    CONSTRAINT,
    COLLATION,
    OPERATOR,
    PUBLICATION,
    SUBSCRIPTION,
    SERVER,
    OTHER;

    /** Words as they appear in SQL: {@code MATERIALIZED VIEW}. */
    public String sql() {
        return name().replace('_', ' ').toLowerCase(Locale.ROOT);
    }
}
