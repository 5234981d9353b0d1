package io.miglint.engine;

import io.miglint.layout.MigrationScript;
import io.miglint.model.ParsedStatement;
import io.miglint.rule.Location;
import io.miglint.sql.Span;
import io.miglint.sql.Token;
import java.util.List;

/**
 * One script cut out of its parsed file (a whole file, or a dbmate section): its own statements, numbered from 0, and
 * its comments, those written in a {@code DO} body included.
 */
record ScriptSource(MigrationScript script, ParsedFile file, List<ParsedStatement> statements, List<Token> comments) {

    /** Where a span of this script is, for a finding. */
    Location location(Span span) {
        return new Location(
                script.file(), script.displayPath(), span.line(), span.column(), span.endLine(), span.endColumn());
    }

    /** The statement a finding at {@code offset} belongs to ({@link ParsedFile#owner}), or null. */
    ParsedStatement owner(int offset) {
        return ParsedFile.owner(statements, offset);
    }
}
