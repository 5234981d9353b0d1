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
                        .help("Grant to the application's role instead (`GRANT SELECT ON accounts TO app_reader;`), "
                                + "and `REVOKE ALL" + on + " FROM PUBLIC;` where PostgreSQL grants PUBLIC by "
                                + "default.");
            } else if (g.objects() == null) {
                List<String> granted =
                        List.of(g.privileges().trim().toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
                List<String> powerful =
                        granted.stream().filter(admins::contains).toList();
                if (!powerful.isEmpty()) {
                    ctx.report(
                                    s,
                                    "makes " + String.join(", ", g.grantees()) + " a member of "
                                            + String.join(", ", powerful)
                                            + ": whoever logs in as it can act with that role's "
                                            + "power (superuser rights, the server's files or every table's data)")
                            .help("Grant the privileges the role needs on the objects it uses instead (`GRANT "
                                    + "SELECT, INSERT ON accounts TO app;`); keep admin roles for administrators.");
                }
            } else if (g.allPrivileges()
                    && objects.matches("all (tables|sequences|functions|procedures|routines) " + "in schema .*")) {
                ctx.report(
                                s,
                                "grants ALL privileges" + on + " to " + String.join(", ", g.grantees()) + ": every "
                                        + "privilege (TRUNCATE, REFERENCES, TRIGGER included) on every object there now")
                        .help("Name the privileges the role needs, e.g. `GRANT SELECT, INSERT, UPDATE, DELETE ON "
                                + "ALL TABLES IN SCHEMA " + schemaOf(objects) + " TO "
                                + g.grantees().get(0) + ";`.");
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
        defaultPrivileges(s, ctx, untrusted);
    }

    /** {@code ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT privileges ON kind TO roles}. */
    private static void defaultPrivileges(ParsedStatement s, RuleContext ctx, Set<String> untrusted) {
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
        if (!all && !toPublic && bad.isEmpty()) {
            return;
        }
        ctx.report(
                        s,
                        "gives " + (all ? "ALL privileges" : "privileges") + " on every future object it covers to "
                                + String.join(", ", toPublic ? List.of("PUBLIC") : bad.isEmpty() ? grantees : bad)
                                + (toPublic
                                        ? " (every role in the cluster)"
                                        : bad.isEmpty() ? "" : " (marked untrusted in the configuration)")
                                + ": each table, sequence or function created from now on is open to it without a GRANT "
                                + "anyone reviews")
                .help("Default only the privileges the role needs, to a trusted role, e.g. `ALTER DEFAULT PRIVILEGES "
                        + "GRANT SELECT ON TABLES TO app_reader;`, and grant more per object where needed.");
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
