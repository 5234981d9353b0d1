package io.miglint.engine;

import io.miglint.diagnostic.ToolError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The tool errors of a lint run in the order they happened, each told once however often it comes up. */
final class ErrorLog implements Consumer<ToolError> {
    private final List<ToolError> errors = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    @Override
    public void accept(ToolError e) {
        if (seen.add(e.render())) {
            errors.add(e);
        }
    }

    List<ToolError> list() {
        return List.copyOf(errors);
    }
}
