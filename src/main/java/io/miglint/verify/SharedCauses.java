package io.miglint.verify;

import io.miglint.rule.Finding;
import io.miglint.sql.RawStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The findings of one folder that share a cause, so that it is reported once: a history with one broken migration
 * (or one frozen {@code 'now'} literal) should give one finding to fix, not one per later migration that inherits it.
 *
 * <ul>
 *   <li>A failed up is replayed without the statements that fail ({@link ScriptRunner#salvage}). A later up that then
 *       fails because an object is missing (SQLSTATE class "undefined": relation, column, type, role, function,
 *       schema) whose name a left-out CREATE or ALTER names is a consequence: its migration is replayed the same way,
 *       and it is told in the first one's finding instead of on its own; so is a later down that fails for the same
 *       reason.</li>
 *   <li>A down or reapply difference made only of date/time literals of the last day in the same objects' definitions
 *       (a {@code 'now'::timestamp} frozen into a view that later migrations recreate) is reported at its first
 *       migration; the later ones are listed there.</li>
 * </ul>
 */
final class SharedCauses {
    private static final int LISTED = 5;
    /** undefined_table, undefined_object, undefined_column, undefined_function, invalid_schema_name. */
    private static final Set<String> MISSING_OBJECT = Set.of("42P01", "42704", "42703", "42883", "3F000");

    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]|\"\")+)\"");
    private static final Pattern FUNCTION = Pattern.compile("\\b(?:function|procedure) ([\\w$.]+)\\(");

    /** An up failure reported on its own, and what the failures it explains left out. */
    final class Root {
        private final Finding finding;
        private final List<RawStatement> leftOut = new ArrayList<>();
        private final List<String> consequences = new ArrayList<>();

        private Root(Finding finding, List<ScriptRunner.LeftOut> leftOut) {
            this.finding = finding;
            leftOut.forEach(l -> this.leftOut.add(l.statement()));
        }

        /** A later script that failed only because of this one; what its replay left out may explain more. */
        void consequence(LoadedScript script, ScriptFailure f, List<ScriptRunner.LeftOut> more) {
            consequences.add(
                    script.displayPath() + ":" + script.source().lineOf(f.offset()) + " (" + f.message() + ")");
            more.forEach(l -> leftOut.add(l.statement()));
        }

        private boolean leftOutMakes(String name) {
            Pattern word = Pattern.compile(
                    "(?<![\\w$])" + Pattern.quote(name) + "(?![\\w$])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            for (RawStatement s : leftOut) {
                boolean makes = !s.body().isEmpty()
                        && (s.body().get(0).is("create")
                                || s.body().get(0).is("alter")
                                || s.body().get(0).is("do"));
                if (makes && word.matcher(s.text()).find()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A difference made only of frozen time literals in {@code objects}, reported with {@code finding}. */
    private record Frozen(Set<String> objects, Finding finding, List<String> repeats) {}

    private final List<Root> roots = new ArrayList<>();
    private final List<Frozen> frozen = new ArrayList<>();

    void root(Finding finding, List<ScriptRunner.LeftOut> leftOut) {
        roots.add(new Root(finding, leftOut));
    }

    /** The earlier failure whose left-out statements would have made what {@code f} says is missing, or null. */
    Root explaining(ScriptFailure f) {
        if (f.sqlState() == null || !MISSING_OBJECT.contains(f.sqlState())) {
            return null;
        }
        String name = missingName(f.message());
        if (name == null) {
            return null;
        }
        for (int i = roots.size() - 1; i >= 0; i--) {
            if (roots.get(i).leftOutMakes(name)) {
                return roots.get(i);
            }
        }
        return null;
    }

    /** The object PostgreSQL's "does not exist" message names: the first quoted name, or the function's. */
    static String missingName(String message) {
        Matcher fn = FUNCTION.matcher(message);
        String name = null;
        if (fn.find()) {
            name = fn.group(1);
        } else {
            Matcher q = QUOTED.matcher(message);
            if (q.find()) {
                name = q.group(1).replace("\"\"", "\"");
            }
        }
        if (name == null || name.isBlank()) {
            return null;
        }
        int dot = name.lastIndexOf('.');
        return dot >= 0 && dot < name.length() - 1 ? name.substring(dot + 1) : name;
    }

    /**
     * Whether {@code diff} repeats a frozen-time difference already reported; if so it is listed with that finding.
     * {@code alone}: the difference is the whole of what would be reported (no failure goes with it).
     */
    boolean repeatsFrozenTime(SchemaDiff diff, LoadedScript script, boolean alone) {
        Set<String> objects = frozenObjects(diff);
        if (!alone || objects == null) {
            return false;
        }
        for (Frozen f : frozen) {
            if (f.objects().equals(objects)) {
                f.repeats().add(script.displayPath());
                return true;
            }
        }
        return false;
    }

    /** Remembers a reported difference made only of frozen time literals. */
    void frozenTimeRoot(SchemaDiff diff, Finding finding) {
        Set<String> objects = frozenObjects(diff);
        if (objects != null) {
            frozen.add(new Frozen(objects, finding, new ArrayList<>()));
        }
    }

    private static Set<String> frozenObjects(SchemaDiff diff) {
        if (diff.isEmpty()) {
            return null;
        }
        Set<String> objects = new TreeSet<>();
        for (SchemaDiff.Difference d : diff.differences()) {
            if (!d.onlyFrozenTimeDiffers()) {
                return null;
            }
            objects.add(d.kind() + " " + d.name() + " " + d.attribute());
        }
        return objects;
    }

    /** Tells each root its consequences, in place of its finding. */
    void report(List<Finding> findings) {
        for (Root r : roots) {
            if (!r.consequences.isEmpty()) {
                int n = r.consequences.size();
                replace(
                        findings,
                        r.finding,
                        "; " + n + " later failure" + (n == 1 ? " comes" : "s come")
                                + " only from what it left out, and " + (n == 1 ? "is" : "are") + " not reported on "
                                + (n == 1 ? "its" : "their") + " own: " + listed(r.consequences));
            }
        }
        for (Frozen f : frozen) {
            if (!f.repeats().isEmpty()) {
                int n = f.repeats().size();
                replace(
                        findings,
                        f.finding(),
                        "; the same frozen literal differs again in " + n + " later script"
                                + (n == 1 ? "" : "s") + ", not reported on " + (n == 1 ? "its" : "their") + " own: "
                                + listed(f.repeats()));
            }
        }
    }

    private static String listed(List<String> items) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(LISTED, items.size()); i++) {
            sb.append(i == 0 ? "" : ", ").append(items.get(i));
        }
        if (items.size() > LISTED) {
            sb.append(String.format(Locale.ROOT, " and %d more", items.size() - LISTED));
        }
        return sb.toString();
    }

    private static void replace(List<Finding> findings, Finding finding, String suffix) {
        int at = findings.indexOf(finding);
        if (at >= 0) {
            findings.set(at, Verifier.withMessage(finding, finding.message() + suffix));
        }
    }
}
