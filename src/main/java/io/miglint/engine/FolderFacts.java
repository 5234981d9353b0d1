package io.miglint.engine;

import io.miglint.model.ParsedStatement;
import io.miglint.model.schema.CopiedTables;
import io.miglint.model.schema.EmptyTables;
import io.miglint.model.schema.LookupTables;
import io.miglint.model.schema.ReshapedTables;
import java.util.List;

/** What the whole folder shows about its tables, read from all its ups once, before any script is linted. */
record FolderFacts(
        LookupTables lookupTables, EmptyTables emptyTables, CopiedTables copiedTables, ReshapedTables reshapedTables) {

    static FolderFacts of(List<List<ParsedStatement>> ups) {
        return new FolderFacts(LookupTables.of(ups), EmptyTables.of(ups), CopiedTables.of(ups), ReshapedTables.of(ups));
    }

    /** What a down may rely on: the lookup tables. Emptiness, copies and reshapes are told about the ups' order. */
    FolderFacts forDown() {
        return new FolderFacts(lookupTables, EmptyTables.NONE, CopiedTables.NONE, ReshapedTables.NONE);
    }
}
