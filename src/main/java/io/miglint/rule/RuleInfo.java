package io.miglint.rule;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** All metadata of a rule, in one place on its class. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {
    /** Stable kebab-case id; also the name of its page rules/&lt;id&gt;.md. */
    String id();

    /** One line: what is wrong. */
    String summary();

    Severity severity();

    Category category();

    String since() default "0.1.0";

    /** Off unless enabled in config or with --enable. */
    boolean optIn() default false;

    /**
     * The harm exists only while other sessions use the database or code of the previous release still runs (a lock
     * that blocks traffic, a name old code still uses): off by default under {@code deploy: offline}, for projects
     * that migrate while the application is stopped. Enabling the rule explicitly still turns it on.
     */
    boolean onlineOnly() default false;

    /**
     * Findings of the rule inside one transaction block are told as one, at the first, naming the others (by line and
     * table): the locks
     * each statement takes are held until the block ends, so the block is what blocks the tables, and a migration
     * that changes ten tables the same way reads better as one finding than as ten. Outside a transaction block each
     * statement is its own finding.
     */
    boolean oncePerTransaction() default false;

    /** Lowest PostgreSQL major version the rule applies to (inclusive). */
    int minPg() default 0;

    /** Highest PostgreSQL major version the rule applies to (inclusive). */
    int maxPg() default 99;

    /** The keys it reads under {@code options: {<id>: …}}; any other key there is a configuration error. */
    RuleOption[] options() default {};
}
