package io.miglint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionTest {
    static final List<String> IDS =
            List.of("require-concurrent-index", "require-concurrent-drop-index", "set-not-null", "drop-table");

    @Test
    void aTypoGetsTheClosestId() {
        assertEquals(Optional.of("require-concurrent-index"), Suggestion.closest("require-concurent-index", IDS));
        assertEquals(Optional.of("set-not-null"), Suggestion.closest("SET-NOT-NUL", IDS));
        assertEquals(" (did you mean 'drop-table'?)", Suggestion.didYouMean("drop-tabel", IDS));
    }

    @Test
    void theOneNameThatBeginsWithWhatWasTypedIsSuggested() {
        assertEquals(Optional.of("set-not-null"), Suggestion.closest("set-not", IDS));
        assertEquals(Optional.empty(), Suggestion.closest("require-concurrent", IDS), "two names begin with it");
        assertEquals(Optional.empty(), Suggestion.closest("set", IDS), "too short to say");
    }

    @Test
    void somethingElseEntirelyGetsNoSuggestion() {
        assertEquals(Optional.empty(), Suggestion.closest("lock-timeout", IDS));
        assertEquals("", Suggestion.didYouMean("x", IDS));
    }
}
