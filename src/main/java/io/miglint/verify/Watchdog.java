package io.miglint.verify;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs an action once at a deadline unless disarmed first: the verification's overall --timeout. */
final class Watchdog {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "miglint-verify-timeout");
        t.setDaemon(true);
        return t;
    });

    private final AtomicBoolean fired = new AtomicBoolean();
    private ScheduledFuture<?> task;

    private Watchdog() {}

    /** @param deadline a {@link System#nanoTime()} value */
    static Watchdog arm(long deadline, Runnable action) {
        Watchdog w = new Watchdog();
        w.task = TIMER.schedule(
                () -> {
                    w.fired.set(true);
                    action.run();
                },
                Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        return w;
    }

    boolean fired() {
        return fired.get();
    }

    void disarm() {
        task.cancel(false);
    }
}
