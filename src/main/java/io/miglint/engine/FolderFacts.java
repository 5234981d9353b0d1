package io.miglint.engine;

import io.miglint.model.ParsedStatement;
import io.miglint.model.schema.CopiedTables;
import io.miglint.model.schema.EmptyTables;
import io.miglint.model.schema.LookupTables;
import java.util.List;

/** What the whole folder shows about its tables, read from all its ups once, before any script is linted. */
record FolderFacts(LookupTables lookupTables, EmptyTables emptyTables, CopiedTables copiedTables) {

    static FolderFacts of(List<List<ParsedStatement>> ups) {
        return new FolderFacts(LookupTables.of(ups), EmptyTables.of(ups), CopiedTables.of(ups));
    }

    /** What a down may rely on: the lookup tables. Emptiness and copies are told about the ups' order. */
    FolderFacts forDown() {
        return new FolderFacts(lookupTables, EmptyTables.NONE, CopiedTables.NONE);
    }
}
