package io.miglint.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one way the lint engine and the verifier work on several folders at once. */
class PerFolderTest {
    @Test
    void resultsComeInTheOrderGivenAndTheLargestStartFirst() {
        List<Integer> sizes = List.of(3, 40, 7, 12);
        List<Integer> started = Collections.synchronizedList(new ArrayList<>());
        List<String> out = PerFolder.map(sizes, n -> n, 1, "test", n -> {
            started.add(n);
            return "folder of " + n;
        });
        assertEquals(List.of("folder of 3", "folder of 40", "folder of 7", "folder of 12"), out);
        assertEquals(List.of(40, 12, 7, 3), started, "one thread: the largest first, then by size");
    }

    @Test
    void manyThreadsGiveTheSameResults() {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sizes.add((i * 37) % 101);
        }
        assertEquals(PerFolder.map(sizes, n -> n, 1, "test", n -> n * 2),
                PerFolder.map(sizes, n -> n, 8, "test", n -> n * 2));
    }

    @Test
    void aWorkersExceptionIsThrownAgainAsItself() {
        IllegalArgumentException boom = new IllegalArgumentException("bad folder");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> PerFolder.map(List.of(1, 2), n -> n, 2, "test", n -> {
                    if (n == 2) {
                        throw boom;
                    }
                    return n;
                }));
        assertSame(boom, thrown);
    }
}
