package io.miglint.layout;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A migration version ordered the way the tools order it: numerically per dot/underscore-separated part
 * ({@code 9 < 100}, Flyway's {@code 1.2 < 1.10}), never lexically.
 */
public record Version(String text, List<BigInteger> parts) implements Comparable<Version> {

    public static Version parse(String text) {
        List<BigInteger> parts = new ArrayList<>();
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '.' || c == '_') {
                if (digits.length() > 0) {
                    parts.add(new BigInteger(digits.toString()));
                    digits.setLength(0);
                }
            }
        }
        if (digits.length() > 0) {
            parts.add(new BigInteger(digits.toString()));
        }
        return new Version(text, List.copyOf(parts));
    }

    private static final java.util.regex.Pattern DATED =
            java.util.regex.Pattern.compile("((?:19|2\\d)\\d{2})-?(\\d{2})-?(\\d{2})(?:[-_]?(\\d{6}))?(?:-\\d{4})?");

    /**
     * The moment a date or timestamp version names ({@code 20240102153000}, diesel's {@code 2024-01-02-153000},
     * {@code 20240102_153000}, MusicBrainz's {@code 20240102}); a time that is no real time of day (a counter such
     * as lemmy's {@code 2025-08-01-000060}) gives the start of that day. Empty for a version that is no date
     * ({@code 001}, {@code 1.2}, a unix time).
     */
    public java.util.Optional<java.time.LocalDateTime> moment() {
        java.util.regex.Matcher m = DATED.matcher(text);
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        try {
            java.time.LocalDate day = java.time.LocalDate.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            String t = m.group(4);
            if (t != null) {
                try {
                    return java.util.Optional.of(day.atTime(
                            Integer.parseInt(t.substring(0, 2)),
                            Integer.parseInt(t.substring(2, 4)),
                            Integer.parseInt(t.substring(4, 6))));
                } catch (java.time.DateTimeException e) {
                    return java.util.Optional.of(day.atStartOfDay());
                }
            }
            return java.util.Optional.of(day.atStartOfDay());
        } catch (java.time.DateTimeException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public int compareTo(Version o) {
        int n = Math.max(parts.size(), o.parts.size());
        for (int i = 0; i < n; i++) {
            BigInteger a = i < parts.size() ? parts.get(i) : BigInteger.ZERO;
            BigInteger b = i < o.parts.size() ? o.parts.get(i) : BigInteger.ZERO;
            int c = a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return text.compareTo(o.text);
    }

    // equals and hashCode written out: a record's generated ones are bootstrapped through method handles on first
    // use, which costs a single-file run several milliseconds of start-up (bench/single-file-latency.sh).
    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && text.equals(v.text) && parts.equals(v.parts);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
