package io.miglint.cli;

import io.miglint.engine.FolderStats;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The --stats table, on stderr so that stdout keeps only the report. */
final class StatsTable {
    private StatsTable() {}

    static void print(List<FolderStats> stats, PrintWriter err) {
        err.printf(
                Locale.ROOT,
                "%-50s %-15s %6s %6s %10s %9s %10s %8s %8s%n",
                "folder",
                "layout",
                "migr.",
                "files",
                "statements",
                "jsqlparser",
                "recognised",
                "unparsed",
                "understood");
        int st = 0;
        int js = 0;
        int rec = 0;
        int un = 0;
        for (FolderStats s : stats) {
            err.printf(
                    Locale.ROOT,
                    "%-50s %-15s %6d %6d %10d %9d %10d %8d %7.2f%%%n",
                    s.folder(),
                    s.layoutAlsoFits() == null ? s.layout() : s.layout() + "?",
                    s.migrations(),
                    s.files(),
                    s.statements(),
                    s.parsedByJsqlparser(),
                    s.recognized(),
                    s.unparsed(),
                    100 * s.understoodRatio());
            st += s.statements();
            js += s.parsedByJsqlparser();
            rec += s.recognized();
            un += s.unparsed();
        }
        double ratio = st == 0 ? 1.0 : (double) (js + rec) / st;
        err.printf(
                Locale.ROOT,
                "%-50s %-15s %6s %6s %10d %9d %10d %8d %7.2f%%%n",
                "total",
                "",
                "",
                "",
                st,
                js,
                rec,
                un,
                100 * ratio);
        printExecutions(stats, err);
    }

    /**
     * How each folder's tool runs its scripts: a line per way, with how many ups and downs go that way and, where the
     * tool opens no transaction, how many open their own with BEGIN (where it does, how many end it with COMMIT).
     */
    private static void printExecutions(List<FolderStats> stats, PrintWriter err) {
        boolean any = stats.stream().anyMatch(s -> !s.executions().isEmpty());
        if (!any) {
            return;
        }
        err.printf(Locale.ROOT, "%nhow each folder's tool runs its scripts:%n");
        for (FolderStats s : stats) {
            if (s.executions().isEmpty()) {
                continue;
            }
            err.printf(Locale.ROOT, "%s (%s)%n", s.folder(), s.layout());
            for (FolderStats.Executions e : s.executions()) {
                String own = e.ownTransaction() == 0
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                e.wrapped()
                                        ? " [%d of them end that transaction with a COMMIT of their own]"
                                        : " [%d of them open their own transaction with BEGIN]",
                                e.ownTransaction());
                err.printf(Locale.ROOT, "  %5d up %5d down  %s%s%n", e.up(), e.down(), e.reason(), own);
            }
        }
    }
}
