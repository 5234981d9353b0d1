package io.miglint.layout;

import java.util.Locale;

/** The migration tools whose file layout and execution semantics miglint models (see docs/layouts.md). */
public enum LayoutKind {
    GOLANG_MIGRATE("golang-migrate"),
    DBMATE("dbmate"),
    SQLX("sqlx"),
    DIESEL("diesel"),
    FLYWAY("flyway"),
    NUMBERED("numbered"),
    ROLLBACK_SUFFIX("rollback-suffix"),
    POPX("popx"),
    LIQUIBASE("liquibase"),
    SQITCH("sqitch"),
    GOOSE("goose"),
    PRISMA("prisma"),
    DRIZZLE("drizzle");

    private final String id;

    LayoutKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Every layout's id, in the order of the enum: "golang-migrate, dbmate, …". */
    public static String ids() {
        StringBuilder b = new StringBuilder();
        for (LayoutKind l : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(l.id);
        }
        return b.toString();
    }

    public static LayoutKind parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (LayoutKind l : values()) {
            if (l.id.equals(k)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown layout '" + s + "' (expected one of " + ids() + ")");
    }
}
