package io.miglint.rule;

import java.util.Locale;

/**
 * How the project applies its migrations ({@code deploy:} in {@code .miglint.yaml}, {@code --deploy}): online, while
 * the application serves traffic and instances of the previous release may still run; or offline, while the
 * application is stopped (announced downtime, migrations run at start-up before serving). Offline turns off the
 * {@link RuleInfo#onlineOnly() online-only} rules unless they are enabled explicitly.
 */
public enum Deploy {
    ONLINE,
    OFFLINE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but online or offline (in any case) */
    public static Deploy parse(String s) {
        for (Deploy d : values()) {
            if (d.label().equalsIgnoreCase(s.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + s + "' is not one of online, offline");
    }
}
