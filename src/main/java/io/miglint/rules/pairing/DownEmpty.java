package io.miglint.rules.pairing;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationScript;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Category;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.SetContext;
import io.miglint.rule.SetRule;
import io.miglint.rule.Severity;
import io.miglint.rules.naming.MigrationName;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import io.miglint.sql.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An empty down is an irreversible migration that does not say so. Most are deliberate, and those are not reported:
 * a down whose comment says it does nothing on purpose ({@code -- no-op}, {@code -- do nothing}, {@code --
 * irreversible}), a down after an up that leaves it nothing to undo (an up all commented out, or one that only ensures
 * an extension or refreshes statistics) or that cannot be undone (a new enum value cannot be removed, a backfill or a
 * drop cannot be taken back), and the downs of a folder that leaves most of them empty (one note for the folder). Diesel refuses to run a blank migration file,
 * so there the rollback fails (error); the other tools run an empty down as a no-op (info).
 */
@RuleInfo(
        id = "down-empty",
        summary = "Down migration contains no statement",
        severity = Severity.INFO,
        category = Category.PAIRING)
public final class DownEmpty implements SetRule {
    private static final Pattern ON_PURPOSE = Pattern.compile("(?im)no-?op|do nothing|nothing to|"
            + "^[-#\\s]*nothing[.!\\s]*$|intentional|on purpose|deliberate|irreversible|not reversible|cannot|"
            + "can't|can not|one[- ]way|no down|no rollback|not needed|not supported|not possible|impossible|sanity|"
            + "skip|left empty|leave|left in place|keep|no need|unnecessary");
    /** Statements whose effect no down can take back: data rewritten or dropped, an enum value added. */
    private static final Set<String> ONE_WAY = Set.of("update", "delete", "insert", "drop", "truncate");

    private static final Set<String> NEUTRAL = Set.of("set", "reset", "begin", "commit", "start", "end", "select");
    /** Statements whose effect a rollback may leave: no schema object and no row changes with them. */
    private static final Set<String> LEFT_IN_PLACE = Set.of("analyze", "analyse", "vacuum", "comment");

    private static final int FOLDER_HISTORY = 5;

    private record Empty(Migration migration, boolean blank) {}

    @Override
    public void check(MigrationSet set, SetContext ctx) {
        if (set.layout() == LayoutKind.POPX) {
            // popx's empty files are its no-ops: an empty down is how an Ory project says there is nothing to undo
            // (or nothing on this database), and popx skips it (isMigrationEmpty, popx/migration_box.go)
            return;
        }
        int downs = 0;
        int empty = 0;
        List<Empty> unexplained = new ArrayList<>();
        for (Migration m : set.migrations()) {
            if (m.down() == null || m.up() == null) {
                continue;
            }
            downs++;
            String down = section(ctx, m.down());
            if (down == null) {
                continue;
            }
            StatementSplitter.SplitResult split = StatementSplitter.split(new SourceText("down", down));
            if (split.statements().stream().anyMatch(s -> s.kind() == RawStatement.Kind.SQL)) {
                continue;
            }
            empty++;
            String comments = String.join(
                    "\n", split.comments().stream().map(Token::value).toList());
            boolean refused = set.layout() == LayoutKind.DIESEL && down.isBlank();
            if (!refused && (ON_PURPOSE.matcher(comments).find() || nothingToUndo(section(ctx, m.up())))) {
                continue;
            }
            unexplained.add(new Empty(m, down.isBlank()));
        }
        if (unexplained.isEmpty()) {
            return;
        }
        if (downs >= FOLDER_HISTORY && empty * 2 >= downs) {
            Migration first = unexplained.get(0).migration();
            ctx.reportFile(
                            first.down().file(),
                            MigrationName.ref(first),
                            empty + " of the " + downs + " downs of "
                                    + "this folder are empty: rolling one of these migrations back leaves its changes in place "
                                    + "while the tool records it as reverted")
                    .help("If the project does not roll back with the tool, say so once: disable the rule for this "
                            + "folder (`rules: {down-empty: off}`); otherwise write the downs, and say in a comment "
                            + "why one stays empty where leaving the change in place is intended.");
            return;
        }
        for (Empty e : unexplained) {
            boolean refused = set.layout() == LayoutKind.DIESEL && e.blank();
            ctx.reportFile(
                            e.migration().down().file(),
                            MigrationName.ref(e.migration()),
                            refused
                                    ? "the down is empty: diesel refuses to run an empty migration, so the rollback fails"
                                    : "the down does nothing: rolling back leaves this migration's changes in place while the "
                                            + "tool records it as reverted")
                    .help((refused ? "Diesel needs at least a comment or a statement in it. " : "")
                            + "Write the statements that undo the up; if leaving the up's changes in place on a "
                            + "rollback is intended, say so in a comment in the down (`-- nothing to undo: …`).")
                    .severity(refused ? Severity.ERROR : Severity.INFO);
        }
    }

    /** The script's text: its whole file, its dbmate section, or the part of the file a tool reads as the script. */
    private static String section(SetContext ctx, MigrationScript script) {
        String read = ctx.text(script.file());
        if (read == null) {
            return null;
        }
        String text = script.seen(read); // a Liquibase rollback: the SQL of its --rollback lines
        int end = script.end() < 0 || script.end() > text.length() ? text.length() : script.end();
        return text.substring(Math.min(script.start(), end), end);
    }

    /**
     * An up that leaves a down nothing to undo: it does nothing (every statement commented out); it only does what a
     * rollback may leave in place (an extension it only ensures, IF NOT EXISTS, which other migrations may use;
     * statistics, vacuum, comments); or it cannot be undone: it adds an enum value (PostgreSQL cannot remove one,
     * https://www.postgresql.org/docs/current/datatype-enum.html), or it only changes or drops data and objects.
     */
    private static boolean nothingToUndo(String up) {
        if (up == null) {
            return false;
        }
        for (RawStatement s : StatementSplitter.split(new SourceText("up", up)).statements()) {
            List<Token> t = s.body();
            if (s.kind() != RawStatement.Kind.SQL || t.isEmpty()) {
                continue;
            }
            String first = t.get(0).lower();
            if (first.equals("alter")
                    && t.size() > 1
                    && t.get(1).is("type")
                    && t.stream().anyMatch(x -> x.is("add"))
                    && t.stream().anyMatch(x -> x.is("value"))) {
                return true;
            }
            if (!NEUTRAL.contains(first)
                    && !LEFT_IN_PLACE.contains(first)
                    && !ONE_WAY.contains(first)
                    && !ensuresExtension(t)) {
                return false;
            }
        }
        return true;
    }

    /** {@code CREATE EXTENSION IF NOT EXISTS …}: the extension may predate the migration or serve others. */
    private static boolean ensuresExtension(List<Token> t) {
        return t.size() > 4
                && t.get(0).is("create")
                && t.get(1).is("extension")
                && t.get(2).is("if")
                && t.get(3).is("not")
                && t.get(4).is("exists");
    }
}
