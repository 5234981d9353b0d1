package io.miglint.verify;

/**
 * Starts the embedded engine, prints its postmaster's process id and run directory, then waits: for
 * {@link EmbeddedLockdownTest}, which kills this JVM with SIGKILL.
 */
final class EmbeddedRunChild {
    private EmbeddedRunChild() {}

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase db = (EmbeddedDatabase) ThrowawayDatabase.open(VerifyOptions.defaults());
        System.out.println(db.postmasterPid() + " " + db.runDirectory());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
