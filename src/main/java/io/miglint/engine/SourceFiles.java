package io.miglint.engine;

import io.miglint.diagnostic.ToolError;
import io.miglint.layout.MigrationScript;
import io.miglint.model.ParsedStatement;
import io.miglint.parse.StatementParser;
import io.miglint.sql.Token;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The files one migration set is linted from: each read ({@link SourceLoader}), split and parsed ({@link ParsedFile})
 * once, however many scripts live in it, and the scripts cut out of them. A file that cannot be read is reported once
 * to the error sink and gives no script.
 */
final class SourceFiles {
    private final SourceLoader loader = new SourceLoader();
    private final StatementParser parser = new StatementParser();
    private final Map<Path, ParsedFile> files = new HashMap<>();
    /** Files seen through a view (Liquibase's rollback lines, a changelog's SQL value), parsed once per view. */
    private final Map<Path, Map<io.miglint.layout.TextView, ParsedFile>> views = new HashMap<>();

    private final Consumer<ToolError> errors;

    SourceFiles(Consumer<ToolError> errors) {
        this.errors = errors;
    }

    /** The script's statements and comments, or null when there is no script or its file cannot be read. */
    ScriptSource script(MigrationScript script) {
        return script(script, false);
    }

    /** @param placeholders the script is Flyway's, whose {@code ${name}} placeholders Flyway replaces */
    ScriptSource script(MigrationScript script, boolean placeholders) {
        if (script == null) {
            return null;
        }
        ParsedFile file = script.view() == null
                ? files.computeIfAbsent(
                        script.file(),
                        f -> ParsedFile.read(loader, parser, f, script.displayPath(), errors, placeholders))
                : views.computeIfAbsent(script.file(), f -> new java.util.IdentityHashMap<>())
                        .computeIfAbsent(
                                script.view(),
                                v -> ParsedFile.read(
                                        loader, parser, script.file(), script.displayPath(), errors, placeholders, v));
        if (file.source() == null) {
            return null;
        }
        int start = script.start();
        int end = script.end() < 0 ? file.source().text().length() : script.end();
        List<ParsedStatement> own = new ArrayList<>();
        for (ParsedStatement s : file.statements()) {
            if (s.span().start() >= start && s.span().start() < end) {
                own.add(s.withIndex(own.size()));
            }
        }
        List<Token> comments = new ArrayList<>(file.comments().stream()
                .filter(c -> c.start() >= start && c.start() < end)
                .toList());
        // Comments written in a DO body hold suppression directives too; the file's own list sees the body as text.
        boolean nested = false;
        for (ParsedStatement s : own) {
            if (s.isNested() && !s.nesting().orElseThrow().dynamic()) {
                comments.addAll(s.raw().comments());
                nested = true;
            }
        }
        if (nested) {
            comments.sort(Comparator.comparingInt(Token::start));
        }
        return new ScriptSource(script, file, own, List.copyOf(comments));
    }

    /**
     * The decoded text of a file, null when it cannot be read (for set rules, which read files whole: the error is
     * reported when the file's script is loaded).
     */
    String text(Path file, String displayPath) {
        SourceLoader.Loaded l = loader.load(file, displayPath);
        return l.ok() ? l.source().text() : null;
    }

    /** Every file a script was loaded from, readable or not. */
    Set<Path> paths() {
        Set<Path> all = new java.util.HashSet<>(files.keySet());
        all.addAll(views.keySet());
        return Set.copyOf(all);
    }

    /** The suppression comments of each readable file, for the finding stage. */
    Map<Path, SourceSuppressions> suppressions() {
        Map<Path, SourceSuppressions> out = new HashMap<>();
        views.forEach((path, byView) -> byView.values().forEach(file -> {
            if (file.source() != null) {
                out.put(path, new SourceSuppressions(file));
            }
        }));
        files.forEach((path, file) -> {
            if (file.source() != null) {
                out.put(path, new SourceSuppressions(file));
            }
        });
        return out;
    }
}
