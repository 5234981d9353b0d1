package io.miglint.rule;

import java.util.Locale;

public enum Category {
    NAMING,
    PAIRING,
    SYNTAX,
    LOCKING,
    TRANSACTIONS,
    COMPATIBILITY,
    IDEMPOTENCY,
    REVERSIBILITY,
    DATA,
    SECURITY,
    SCHEMA,
    TYPES,
    VERIFY,
    GATE,
    TOOL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
