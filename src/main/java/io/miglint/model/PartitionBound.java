package io.miglint.model;

import java.util.List;

/**
 * A partition's bound as written: {@code FOR VALUES IN (…)}, {@code FROM (…) TO (…)}, {@code WITH (…)} or
 * {@code DEFAULT}. Each value is the text of one element of its list (a literal, MINVALUE, MAXVALUE, NULL or an
 * expression).
 */
public record PartitionBound(Kind kind, List<String> in, List<String> from, List<String> to) {
    public enum Kind {
        LIST,
        RANGE,
        HASH,
        DEFAULT
    }

    public PartitionBound {
        in = List.copyOf(in);
        from = List.copyOf(from);
        to = List.copyOf(to);
    }
}
