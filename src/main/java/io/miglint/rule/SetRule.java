package io.miglint.rule;

import io.miglint.layout.MigrationSet;

/** Inspects a whole ordered migration set: file names, versions, pairs. */
public non-sealed interface SetRule extends Rule {
    void check(MigrationSet set, SetContext ctx);
}
