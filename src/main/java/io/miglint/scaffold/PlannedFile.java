package io.miglint.scaffold;

import java.nio.file.Path;

/** A file {@code miglint new} will write. */
public record PlannedFile(Path path, String content) {}
