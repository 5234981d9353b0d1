package io.miglint.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one way the lint engine and the verifier work on several folders at once. */
class PerFolderTest {
    @Test
    void resultsComeInTheOrderGivenAndTheLargestStartFirst() throws Exception {
        List<Integer> sizes = List.of(3, 40, 7, 12);
        List<Integer> started = Collections.synchronizedList(new ArrayList<>());
        // The first two to run wait for each other: they are the first task of each of the two workers.
        CountDownLatch firstTwo = new CountDownLatch(2);
        List<String> out = PerFolder.map(sizes, n -> n, 2, "test", n -> {
            started.add(n);
            firstTwo.countDown();
            try {
                if (!firstTwo.await(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the second worker never started");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "folder of " + n;
        });
        assertEquals(List.of("folder of 3", "folder of 40", "folder of 7", "folder of 12"), out);
        assertEquals(Set.of(40, 12), Set.copyOf(started.subList(0, 2)), "the two largest start first");
        assertEquals(Set.of(7, 3), Set.copyOf(started.subList(2, 4)));
    }

    @Test
    void oneThreadWorksInTheCallingThreadInTheOrderGiven() {
        List<Integer> sizes = List.of(3, 40, 7, 12);
        List<Integer> started = new ArrayList<>();
        Thread caller = Thread.currentThread();
        List<String> out = PerFolder.map(sizes, n -> n, 1, "test", n -> {
            assertSame(caller, Thread.currentThread());
            started.add(n);
            return "folder of " + n;
        });
        assertEquals(List.of("folder of 3", "folder of 40", "folder of 7", "folder of 12"), out);
        assertEquals(sizes, started);
    }

    @Test
    void manyThreadsGiveTheSameResults() {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sizes.add((i * 37) % 101);
        }
        assertEquals(
                PerFolder.map(sizes, n -> n, 1, "test", n -> n * 2),
                PerFolder.map(sizes, n -> n, 8, "test", n -> n * 2));
    }

    @Test
    void aWorkersExceptionIsThrownAgainAsItself() {
        IllegalArgumentException boom = new IllegalArgumentException("bad folder");
        IllegalArgumentException thrown = assertThrows(
                IllegalArgumentException.class,
                () -> PerFolder.map(List.of(1, 2), n -> n, 2, "test", n -> {
                    if (n == 2) {
                        throw boom;
                    }
                    return n;
                }));
        assertSame(boom, thrown);
        IllegalArgumentException alone = assertThrows(
                IllegalArgumentException.class,
                () -> PerFolder.map(List.of(2), n -> n, 2, "test", n -> {
                    throw boom;
                }));
        assertSame(boom, alone, "in the calling thread too");
    }
}
