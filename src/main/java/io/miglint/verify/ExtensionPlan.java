package io.miglint.verify;

import io.miglint.rule.Finding;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.Token;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What becomes of a folder's {@code CREATE EXTENSION} and {@code DROP EXTENSION} statements, so that the SQL under
 * test never runs with more than the runner role's rights. An extension the runner may create itself (trusted, or
 * not superuser-only: https://www.postgresql.org/docs/current/extend-extensions.html) is left to its statements. A
 * superuser-only one on the allowlist is installed by the admin into the scratch database before the folder runs;
 * one that is not (untrusted languages, dblink, the foreign-data wrappers, …) is never installed. Either way the
 * folder's statements for it are blanked out, positions kept, for the whole run: the extension is there from the
 * start to the end (installed) or never (refused), and each refused {@code CREATE EXTENSION} is a
 * {@link VerifyRule#NEEDS_SUPERUSER} finding. Statements that use a refused extension then fail where they stand,
 * and the rest of the folder is verified as far as it runs.
 */
public final class ExtensionPlan {
    private final Set<String> installed;
    private final Set<String> refused;
    private final List<Finding> findings;

    private ExtensionPlan(Set<String> installed, Set<String> refused, List<Finding> findings) {
        this.installed = installed;
        this.refused = refused;
        this.findings = findings;
    }

    public static final ExtensionPlan NONE = new ExtensionPlan(Set.of(), Set.of(), List.of());

    /**
     * Decides for every extension {@code scripts} create, installing the allowed superuser-only ones.
     *
     * @param runner a connection of the runner role to the scratch database (to read what the server offers)
     */
    public static ExtensionPlan prepare(
            ThrowawayDatabase db,
            ScratchDatabase scratch,
            Connection runner,
            List<LoadedScript> scripts,
            VerifyOptions.Sandbox sandbox)
            throws SQLException {
        Map<String, List<Map.Entry<RawStatement, LoadedScript>>> creates = new LinkedHashMap<>();
        for (LoadedScript script : scripts) {
            for (RawStatement s : script.sqlStatements()) {
                String name = createdExtension(s);
                if (name != null) {
                    creates.computeIfAbsent(name, k -> new ArrayList<>()).add(Map.entry(s, script));
                }
            }
        }
        if (creates.isEmpty()) {
            return NONE;
        }
        Set<String> superuserOnly = new LinkedHashSet<>();
        String names = creates.keySet().stream()
                .map(n -> "'" + n.replace("'", "''") + "'")
                .collect(Collectors.joining(","));
        String trusted = db.serverVersionNum() >= 130000 ? "not trusted" : "true";
        try (Statement st = runner.createStatement();
                ResultSet rs = st.executeQuery("select name from pg_available_extension_versions where name in ("
                        + names + ") group by name having bool_and(superuser and " + trusted + ")")) {
            while (rs.next()) {
                superuserOnly.add(rs.getString(1));
            }
        }
        if (superuserOnly.isEmpty()) {
            return NONE;
        }
        List<String> allowed =
                superuserOnly.stream().filter(sandbox::mayInstall).toList();
        Set<String> installed = new LinkedHashSet<>(db.installExtensions(scratch, allowed));
        Set<String> refused = new LinkedHashSet<>(superuserOnly);
        refused.removeAll(installed);
        List<Finding> findings = new ArrayList<>();
        for (String name : refused) {
            String why = VerifyOptions.Sandbox.NEVER_INSTALLED.contains(name)
                    ? name + " can run programs, read files or open connections on the server's host, so the "
                            + "verifier never installs it"
                    : allowed.contains(name)
                            ? "the verifier could not install " + name + " on " + db.description()
                                    + " (its admin role is no superuser, or the extension's files are missing)"
                            : name + " is not on the verifier's extension allowlist";
            for (Map.Entry<RawStatement, LoadedScript> e : creates.get(name)) {
                LoadedScript script = e.getValue();
                RawStatement s = e.getKey();
                findings.add(VerifyRule.NEEDS_SUPERUSER.finding(
                        "this statement needs a superuser and was not run: "
                                + why + "; statements that use the extension fail where they stand, the rest of "
                                + "the folder was verified",
                        "Install the extension when the database is provisioned, outside the migrations (as most "
                                + "managed PostgreSQL services require), or use a trusted extension; to have "
                                + "verify install a superuser-only extension that cannot reach the host, add it to "
                                + "verify.extensions in .miglint.yaml or --allow-extension.",
                        script.location(s),
                        script.ref(),
                        ScriptRunner.statementText(s)));
            }
        }
        return new ExtensionPlan(installed, refused, findings);
    }

    public List<Finding> findings() {
        return findings;
    }

    public Set<String> installed() {
        return installed;
    }

    /** The script with the statements about installed or refused extensions blanked (same length, same lines). */
    public LoadedScript apply(LoadedScript script) {
        if (installed.isEmpty() && refused.isEmpty()) {
            return script;
        }
        List<RawStatement> blank =
                script.sqlStatements().stream().filter(this::handled).toList();
        if (blank.isEmpty()) {
            return script;
        }
        char[] text = script.source().text().toCharArray();
        for (RawStatement s : blank) {
            for (int i = s.span().start(); i < s.span().end() && i < text.length; i++) {
                if (text[i] != '\n' && text[i] != '\r') {
                    text[i] = ' ';
                }
            }
        }
        SourceText source = new SourceText(script.source().displayPath(), new String(text));
        List<RawStatement> kept =
                script.statements().stream().filter(s -> !blank.contains(s)).toList();
        return new LoadedScript(script.migration(), script.script(), source, script.start(), script.end(), kept);
    }

    private boolean handled(RawStatement s) {
        String name = createdExtension(s);
        if (name == null) {
            name = droppedExtension(s);
        }
        return name != null && (installed.contains(name) || refused.contains(name));
    }

    static String createdExtension(RawStatement s) {
        List<Token> t = s.body();
        if (t.size() < 3 || !t.get(0).is("create") || !t.get(1).is("extension")) {
            return null;
        }
        int i = 2;
        if (t.size() > 5 && t.get(2).is("if") && t.get(3).is("not") && t.get(4).is("exists")) {
            i = 5;
        }
        return i < t.size() ? t.get(i).identifier() : null;
    }

    /** The extension a {@code DROP EXTENSION} drops when it drops exactly one. */
    static String droppedExtension(RawStatement s) {
        List<Token> t = s.body();
        if (t.size() < 3 || !t.get(0).is("drop") || !t.get(1).is("extension")) {
            return null;
        }
        int i = 2;
        if (t.size() > 4 && t.get(2).is("if") && t.get(3).is("exists")) {
            i = 4;
        }
        if (i >= t.size() || t.subList(i, t.size()).stream().anyMatch(x -> x.isPunct(','))) {
            return null;
        }
        return t.get(i).identifier();
    }
}
