package io.miglint.verify;

/** A verification that never ends, for {@link ThrowawayDatabaseTest}: prints its scratch database, then waits. */
final class InterruptedRunChild {
    private InterruptedRunChild() {}

    public static void main(String[] args) throws Exception {
        ThrowawayDatabase db = ThrowawayDatabase.open(VerifyOptions.forUrl(args[0]));
        ScratchDatabase scratch = db.createScratch();
        System.out.println(scratch.name() + " " + scratch.runner().user());
        System.out.flush();
        Thread.sleep(60_000);
    }
}
