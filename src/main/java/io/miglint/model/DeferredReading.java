package io.miglint.model;

import java.util.AbstractList;
import java.util.List;
import java.util.function.Supplier;

/**
 * JSqlParser's reading of one data statement (INSERT, UPDATE, DELETE, SELECT, MERGE), made the first time something
 * asks for it: whether JSqlParser accepted the statement, and the functions it calls. The statement's shape and spans
 * come from the tokens and are known at once; only a rule that looks at called functions, and {@code --stats}, need
 * this reading, and parsing every data statement up front was about a fifth of a lint run on a large history.
 */
public final class DeferredReading {
    /** What JSqlParser found; {@code functions} falls back to a token scan when it rejected the statement. */
    public record Reading(boolean accepted, List<String> functions) {
    }

    private Supplier<Reading> source;
    private Reading reading;

    public DeferredReading(Supplier<Reading> source) {
        this.source = source;
    }

    public synchronized Reading get() {
        if (reading == null) {
            reading = source.get();
            source = null;
        }
        return reading;
    }

    /** The called functions as a list that asks for the reading only when it is read. */
    public List<String> functions() {
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                return DeferredReading.this.get().functions().get(index);
            }

            @Override
            public int size() {
                return DeferredReading.this.get().functions().size();
            }
        };
    }
}
