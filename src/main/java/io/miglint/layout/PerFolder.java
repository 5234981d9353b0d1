package io.miglint.layout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Work on several migration folders at once, the one way the lint engine and the verifier share: a fixed pool of
 * daemon threads, the largest folders started first (so that the longest does not start last), results in the order
 * the folders were given, and a worker's exception or error thrown again as itself. With one folder, or one thread,
 * the work runs in the calling thread, in the order given.
 */
public final class PerFolder {
    private PerFolder() {}

    /**
     * Does {@code work} on every item, several at once when {@code threads} allows.
     *
     * @param items   the folders' work items, in the order the results are wanted
     * @param size    how big each is (its migrations): the largest start first
     * @param threads at most this many at once (1: one after the other, in the calling thread)
     * @param name    the worker threads' name
     * @param work    what to do with one item
     * @return {@code work}'s results, in the order of {@code items}
     */
    public static <T, R> List<R> map(
            List<T> items, ToIntFunction<T> size, int threads, String name, Function<T, R> work) {
        int workers = Math.min(threads, items.size());
        if (workers <= 1) {
            List<R> out = new ArrayList<>(items.size());
            for (T item : items) {
                out.add(work.apply(item));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        try {
            List<T> bySize = new ArrayList<>(items);
            bySize.sort(Comparator.comparingInt(size).reversed());
            IdentityHashMap<T, Future<R>> futures = new IdentityHashMap<>();
            for (T item : bySize) {
                futures.put(item, pool.submit(() -> work.apply(item)));
            }
            List<R> out = new ArrayList<>(items.size());
            for (T item : items) {
                out.add(futures.get(item).get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while working on the migration folders", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
