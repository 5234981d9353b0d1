package io.miglint.layout;

import java.util.Locale;

public enum Direction {
    UP,
    DOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
