package io.miglint.engine;

import io.miglint.model.ParsedStatement;
import io.miglint.model.schema.CopiedTables;
import io.miglint.model.schema.EmptyTables;
import io.miglint.model.schema.LookupTables;
import io.miglint.model.schema.ReshapedTables;
import java.util.List;

/** What the whole folder shows about its tables, read from all its ups once, before any script is linted. */
record FolderFacts(
        LookupTables lookupTables,
        EmptyTables emptyTables,
        CopiedTables copiedTables,
        ReshapedTables reshapedTables,
        List<List<ParsedStatement>> ups,
        List<String> upUnits) {

    static FolderFacts of(List<List<ParsedStatement>> ups) {
        return of(ups, java.util.Collections.nCopies(ups.size(), null));
    }

    /**
     * @param upUnits for each up, in the same order, what it is written and deployed with: its file (which may hold
     *     several, as Liquibase's changesets), or its popx group
     */
    static FolderFacts of(List<List<ParsedStatement>> ups, List<String> upUnits) {
        return new FolderFacts(
                LookupTables.of(ups),
                EmptyTables.of(ups),
                CopiedTables.of(ups),
                ReshapedTables.of(ups),
                List.copyOf(ups),
                java.util.Collections.unmodifiableList(new java.util.ArrayList<>(upUnits)));
    }

    /**
     * Whether the up after {@code upIndex} is written and deployed with it and creates {@code table} again (a
     * Liquibase changelog that drops a table in one changeset and creates it anew in the next: one rebuild).
     */
    boolean recreatedNextInFile(io.miglint.model.QualifiedName table, int upIndex) {
        int next = upIndex + 1;
        if (upIndex < 0 || next >= ups.size() || !sameUnit(upIndex, next)) {
            return false;
        }
        return ups.get(next).stream()
                .anyMatch(s -> s.node() instanceof io.miglint.model.Statement.CreateTable ct
                        && ct.table().sameAs(table));
    }

    /** What a down may rely on: the lookup tables. Emptiness, copies and reshapes are told about the ups' order. */
    FolderFacts forDown() {
        return new FolderFacts(
                lookupTables, EmptyTables.NONE, CopiedTables.NONE, ReshapedTables.NONE, List.of(), List.of());
    }

    /** The statements of the ups before {@code upIndex} that are written and deployed with it, in order. */
    List<ParsedStatement> deployedWithBefore(int upIndex) {
        List<ParsedStatement> out = new java.util.ArrayList<>();
        int first = upIndex;
        while (first > 0 && sameUnit(first - 1, upIndex)) {
            first--;
        }
        for (int i = first; i < upIndex; i++) {
            out.addAll(ups.get(i));
        }
        return out;
    }

    /** The statements of the ups after {@code upIndex} that are written and deployed with it, in order. */
    List<ParsedStatement> deployedWithAfter(int upIndex) {
        List<ParsedStatement> out = new java.util.ArrayList<>();
        for (int i = upIndex + 1; upIndex >= 0 && i < ups.size() && sameUnit(upIndex, i); i++) {
            out.addAll(ups.get(i));
        }
        return out;
    }

    private boolean sameUnit(int a, int b) {
        return a >= 0
                && b < upUnits.size()
                && upUnits.get(a) != null
                && upUnits.get(a).equals(upUnits.get(b));
    }
}
