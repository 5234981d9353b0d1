package io.miglint.cli;

import picocli.CommandLine.Option;

/** The options of the verifier, shared by `verify` and `check --verify`. */
public final class VerifyMixin {
    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "Where the throwaway PostgreSQL comes from: embedded (default; PostgreSQL 17 shipped in the "
                    + "jar), docker (Testcontainers postgres:<pg-version>), url (a scratch database on "
                    + "--database-url's server). Default: url when --database-url is given, else embedded.")
    String engine;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "postgres://user:pass@host:port/db or jdbc:postgresql://…; miglint creates and drops a "
                    + "miglint_verify_* database there and never migrates the database named in the URL "
                    + "(also DATABASE_URL with --engine url).")
    String databaseUrl;

    @Option(names = "--trace-locks", description = "Observe the locks each up statement takes and the tables it "
            + "rewrites (verify-dangerous-lock, verify-table-rewrite).")
    boolean traceLocks;

    @Option(names = "--shard", paramLabel = "i/n",
            description = "Verify only slice i of n of each folder (the slices before it are replayed), to split a "
                    + "long history across CI jobs.")
    String shard;
}
