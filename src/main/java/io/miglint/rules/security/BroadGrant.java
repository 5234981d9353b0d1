package io.miglint.rules.security;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.RuleOption;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.sql.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Grants that reach further than the statement shows (https://www.postgresql.org/docs/current/ddl-priv.html):
 * to PUBLIC (every role, including ones created later); ALL on every table, sequence or function of a schema
 * (every object, and every privilege PostgreSQL adds later); ALTER DEFAULT PRIVILEGES … GRANT ALL or to PUBLIC
 * (every object created from now on); anything beyond reading to a role the configuration marks untrusted
 * ({@code options.broad-grant.untrusted-roles}, e.g. an unauthenticated API role); membership in a role that can
 * read or write the server's files or every table ({@code pg_write_server_files}, {@code rds_superuser}, …, plus
 * {@code options.broad-grant.admin-roles}). A routine GRANT ALL on one table to its owner or an admin role is none
 * of these. REVOKE is the fix, never the problem.
 */
@RuleInfo(
        id = "broad-grant",
        summary = "GRANT to PUBLIC, on every object of a schema, by default, to an untrusted "
                + "role, or of an admin role",
        severity = Severity.WARNING,
        category = Category.SECURITY,
        options = {
            @RuleOption(
                    name = "untrusted-roles",
                    type = RuleOption.Type.STRINGS,
                    description = "roles any grant to is reported (default none)"),
            @RuleOption(
                    name = "admin-roles",
                    type = RuleOption.Type.STRINGS,
                    description = "roles of your own whose membership acts as an admin's (default none)")
        })
public final class BroadGrant implements StatementRule {
    /** Roles whose members act as a superuser or reach the server's files or every table's data. */
    private static final Set<String> POWERFUL_ROLES = Set.of(
            "postgres",
            "rds_superuser",
            "azure_pg_admin",
            "cloudsqlsuperuser",
            "supabase_admin",
            "pg_execute_server_program",
            "pg_read_server_files",
            "pg_write_server_files",
            "pg_write_all_data",
            "pg_read_all_data",
            "pg_signal_backend");

    private static final Set<String> READING = Set.of("select", "usage", "connect", "execute");

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        Set<String> untrusted = lower(ctx.options().strings("options.broad-grant.untrusted-roles", List.of()));
        Set<String> admins = new java.util.HashSet<>(POWERFUL_ROLES);
        admins.addAll(lower(ctx.options().strings("options.broad-grant.admin-roles", List.of())));
        if (s.node() instanceof Statement.Grant g && g.grant()) {
            String on = g.objects() == null ? "" : " on " + g.objects().trim();
            String objects = g.objects() == null
                    ? ""
                    : g.objects().trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            List<String> bad = g.grantees().stream()
                    .filter(r -> untrusted.contains(r.toLowerCase(Locale.ROOT)))
                    .toList();
            if (g.toPublic()) {
                ctx.report(
                                s,
                                "grants " + g.privileges().trim() + on + " to PUBLIC: every role in the cluster, "
                                        + "including ones created later, gets it")
                        // built from the statement: cas-cif's GRANT ALL ON the session store got an example
                        // about an accounts table and an app_reader role it does not have
                        .help("Grant it to the role that needs it instead (`GRANT "
                                + g.privileges().trim() + on
                                + " TO <application role>;`, with only the privileges that role uses), and "
                                + "take it back from PUBLIC where it already has it (`REVOKE "
                                + g.privileges().trim() + on + " FROM PUBLIC;`).");
            } else if (g.objects() == null) {
                List<String> granted =
                        List.of(g.privileges().trim().toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
                List<String> powerful =
                        granted.stream().filter(admins::contains).toList();
                List<String> members = others(g.grantees(), admins);
                if (!powerful.isEmpty() && !members.isEmpty()) {
                    ctx.report(
                                    s,
                                    "makes " + String.join(", ", members) + " a member of "
                                            + String.join(", ", powerful)
                                            + ": whoever logs in as it can act with that role's "
                                            + "power (superuser rights, the server's files or every table's data)")
                            .help("Grant the privileges the role needs on the objects it uses instead (`GRANT "
                                    + "SELECT, INSERT ON accounts TO app;`); keep admin roles for administrators.");
                }
            } else if (g.allPrivileges()
                    && objects.matches("all (tables|sequences) in schema .*")
                    && !others(g.grantees(), admins).isEmpty()) {
                // ALL on every function is EXECUTE alone, which PUBLIC has by default; an admin role is meant to
                // hold everything.
                List<String> to = others(g.grantees(), admins);
                boolean tables = objects.startsWith("all tables");
                ctx.report(
                                s,
                                "grants ALL privileges" + on + " to " + String.join(", ", to) + ": "
                                        + (tables
                                                ? "every privilege (TRUNCATE, REFERENCES, TRIGGER included, and any "
                                                        + "PostgreSQL adds later) on every table there now"
                                                : "USAGE, SELECT and UPDATE on every sequence there now: reading "
                                                        + "them, and setting them back with setval()"))
                        .help("Name the privileges the role needs, e.g. `GRANT "
                                + (tables ? "SELECT, INSERT, UPDATE, DELETE" : "USAGE, SELECT")
                                + " ON ALL " + (tables ? "TABLES" : "SEQUENCES") + " IN SCHEMA "
                                + schemaOf(objects) + " TO " + String.join(", ", to) + ";`.");
            } else if (!bad.isEmpty()
                    && (g.allPrivileges()
                            || objects.startsWith("all ")
                            || !READING.containsAll(List.of(g.privileges()
                                    .trim()
                                    .toLowerCase(Locale.ROOT)
                                    .split("\\s*,\\s*"))))) {
                ctx.report(
                                s,
                                "grants " + g.privileges().trim() + on + " to " + String.join(", ", bad)
                                        + ", which the configuration marks untrusted: anyone who can act as it, "
                                        + "unauthenticated callers included, can change that data")
                        .help("Give the untrusted role read access to what it must see (`GRANT SELECT ON "
                                + "accounts TO " + bad.get(0) + ";`) and route writes through a trusted role or "
                                + "row-level security policies.");
            }
            return;
        }
        defaultPrivileges(s, ctx, untrusted, admins);
    }

    /**
     * The grantees that are not admin roles: the powerful and configured ones, and any whose name has {@code admin}
     * as a word ({@code supabase_auth_admin}, {@code platform_admin}), which administer what they are granted.
     */
    private static List<String> others(List<String> grantees, Set<String> admins) {
        return grantees.stream()
                .filter(r -> !admins.contains(r.toLowerCase(Locale.ROOT))
                        && !r.toLowerCase(Locale.ROOT).matches("(.*_)?admin(_.*)?"))
                .toList();
    }

    /** {@code ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT privileges ON kind TO roles}. */
    private static void defaultPrivileges(
            ParsedStatement s, RuleContext ctx, Set<String> untrusted, Set<String> admins) {
        List<Token> t = s.raw().body();
        if (t.size() < 4
                || !t.get(0).is("alter")
                || !t.get(1).is("default")
                || !t.get(2).is("privileges")) {
            return;
        }
        int grant = -1;
        int to = -1;
        for (int i = 3; i < t.size(); i++) {
            if (t.get(i).is("grant") && grant < 0) {
                grant = i;
            } else if (t.get(i).is("revoke") && grant < 0) {
                return;
            } else if (t.get(i).is("to") && grant >= 0) {
                to = i;
                break;
            }
        }
        if (grant < 0 || to < 0) {
            return;
        }
        boolean all = t.get(grant + 1).is("all");
        int onAt = -1;
        for (int i = grant + 1; i < to; i++) {
            if (t.get(i).is("on")) {
                onAt = i;
                break;
            }
        }
        String kind = onAt >= 0 && onAt + 1 < to ? t.get(onAt + 1).lower() : "";
        List<String> grantees = new ArrayList<>();
        for (int i = to + 1; i < t.size(); i++) {
            if (t.get(i).is("with")) {
                break;
            }
            if (!t.get(i).isPunct(',') && !t.get(i).is("group")) {
                grantees.add(t.get(i).identifier());
            }
        }
        boolean toPublic = grantees.contains("public");
        List<String> bad = grantees.stream().filter(untrusted::contains).toList();
        List<String> others = others(grantees, admins);
        // ALL on functions is EXECUTE, which PUBLIC has by default; ALL to admin roles only is what they are for.
        boolean broadAll = all && !others.isEmpty() && (kind.equals("tables") || kind.equals("sequences"));
        if (!broadAll && !toPublic && bad.isEmpty()) {
            return;
        }
        List<String> named = toPublic ? List.of("PUBLIC") : bad.isEmpty() ? others : bad;
        String objects = kind.isEmpty() ? "object" : kind.replaceFirst("s$", "");
        String privileges = kind.equals("sequences") ? "USAGE, SELECT" : "SELECT, INSERT, UPDATE, DELETE";
        String prefix = io.miglint.rules.WrittenSql.text(
                        s,
                        new io.miglint.sql.Span(t.get(0).start(), t.get(grant).start() - 1, 0, 0, 0, 0))
                .strip();
        ctx.report(
                        s,
                        "gives " + (all ? "ALL privileges" : "privileges") + " on every future " + objects
                                + " it covers to " + String.join(", ", named)
                                + (toPublic
                                        ? " (every role in the cluster)"
                                        : bad.isEmpty() ? "" : " (marked untrusted in the configuration)")
                                + ": each " + objects + " created from now on is open to it without a GRANT "
                                + "anyone reviews")
                .help("Default only the privileges the role needs, e.g. `" + prefix + " GRANT " + privileges
                        + " ON " + (kind.isEmpty() ? "TABLES" : kind.toUpperCase(Locale.ROOT)) + " TO "
                        + String.join(", ", toPublic ? List.of("app_reader") : named)
                        + ";`, and grant more per object where needed.");
    }

    private static String schemaOf(String objects) {
        String rest = objects.substring(objects.indexOf(" in schema ") + " in schema ".length())
                .trim();
        int comma = rest.indexOf(',');
        return comma < 0 ? rest : rest.substring(0, comma).trim();
    }

    private static Set<String> lower(List<String> roles) {
        Set<String> out = new java.util.HashSet<>();
        roles.forEach(r -> out.add(r.toLowerCase(Locale.ROOT)));
        return out;
    }
}
