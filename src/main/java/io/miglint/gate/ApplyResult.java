package io.miglint.gate;

import java.util.List;

/**
 * What {@code apply} did.
 *
 * @param done    versions applied (or rolled back), in order
 * @param failure null on success; otherwise the one-line reason the run stopped
 */
public record ApplyResult(List<String> done, String failure) {
    public boolean ok() {
        return failure == null;
    }
}
