package io.miglint.rules.security;

import io.miglint.model.DataFlow;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.sql.Lexer;
import io.miglint.sql.Span;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.List;
import java.util.Set;

/**
 * These run as the PostgreSQL server's operating-system user or reach outside the database: COPY … PROGRAM and COPY
 * to/from a server file need superuser or pg_execute_server_program / pg_read_server_files
 * (https://www.postgresql.org/docs/current/sql-copy.html), ALTER SYSTEM rewrites postgresql.auto.conf for the whole
 * cluster, and the file and dblink functions read server files or open connections elsewhere. A migration that
 * needs them runs with far too much privilege, and behaves differently on managed services that forbid them.
 */
@RuleInfo(
        id = "server-side-command",
        summary = "Migration runs a server-side command, file access or dblink",
        severity = Severity.WARNING,
        category = Category.SECURITY)
public final class ServerSideCommand implements StatementRule {
    private static final Set<String> FUNCTIONS = Set.of(
            "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "lo_import", "lo_export", "dblink", "dblink_exec");
    private static final String FUNCTION_HELP = "Do file transfers and cross-database work outside the migration "
            + "(psql's client-side `\\copy`, `\\lo_import`, or an application job); migrations should need only the "
            + "privileges of the schema owner.";

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        Statement n = s.node();
        if (n instanceof Statement.Copy c && c.endpoint() == Statement.Copy.Endpoint.PROGRAM) {
            ctx.report(
                            s,
                            "COPY … PROGRAM runs a shell command on the database server as its operating-system user; "
                                    + "it needs superuser or pg_execute_server_program and fails on managed PostgreSQL")
                    .help("Run the command on the client and stream its output: `\\copy t FROM PROGRAM '…'` in psql, "
                            + "or `COPY t FROM STDIN`.");
        } else if (n instanceof Statement.Copy c && c.endpoint() == Statement.Copy.Endpoint.FILE) {
            ctx.report(
                            s,
                            "COPY " + (c.from() ? "FROM" : "TO") + " a file path reads or writes the database server's "
                                    + "filesystem, not the client's: it needs superuser or pg_"
                                    + (c.from() ? "read" : "write")
                                    + "_server_files and the file is rarely where the migration expects")
                    .help("Use `COPY " + (c.table() == null ? "t" : c.table())
                            + (c.from() ? " FROM STDIN" : " TO STDOUT")
                            + "` (psql: `\\copy`) so the data travels over the client connection.");
        } else if (n instanceof Statement.AlterSystem a) {
            ctx.report(
                            s,
                            "ALTER SYSTEM SET " + a.setting() + " rewrites postgresql.auto.conf for the whole cluster, "
                                    + "cannot run in a transaction, and is not undone by rolling the migration back")
                    .help("Change server settings in the server's configuration management; for this database "
                            + "only, `ALTER DATABASE app SET " + a.setting() + " = …`.");
        } else if (!(s.isNested() && !s.nesting().orElseThrow().dynamic()) && calls(n)) {
            // A call written in a DO body was found by the body's own search below; EXECUTE text was not.
            List<Token> tokens = s.raw().tokens();
            for (int i = 0; i < tokens.size(); i++) {
                if (isCall(tokens, i)) {
                    reportCall(ctx, s.raw().spanOf(tokens.get(i)), tokens.get(i).lower());
                }
            }
        } else if (n instanceof Statement.DoBlock d) {
            checkDoBody(s, ctx, d);
        }
    }

    /** The statement calls one of the functions ({@link DataFlow#functions()}: JSqlParser's reading). */
    private static boolean calls(Statement n) {
        return DataFlow.of(n).functions().stream().anyMatch(FUNCTIONS::contains);
    }

    private static boolean isCall(List<Token> tokens, int i) {
        Token t = tokens.get(i);
        return t.kind() == TokenKind.WORD
                && FUNCTIONS.contains(t.lower())
                && i + 1 < tokens.size()
                && tokens.get(i + 1).isPunct('(');
    }

    private static void reportCall(RuleContext ctx, Span at, String function) {
        ctx.report(
                        at,
                        function + "() "
                                + (function.startsWith("dblink")
                                        ? "opens a connection from the database server to another database, with credentials in the SQL"
                                        : "reads or writes files on the database server as its operating-system user")
                                + "; it needs superuser or a pg_*_server_files role and fails on managed PostgreSQL")
                .help(FUNCTION_HELP);
    }

    /** The body is lexed again so calls inside the block's own strings and comments are not mistaken for calls. */
    private static void checkDoBody(ParsedStatement s, RuleContext ctx, Statement.DoBlock d) {
        for (Token bodyToken : s.raw().tokens()) {
            if (bodyToken.kind() != TokenKind.DOLLAR_STRING
                    || !bodyToken.value().equals(d.body())) {
                continue;
            }
            String raw = s.raw().source().slice(bodyToken.start(), bodyToken.end());
            int bodyStart = bodyToken.start() + raw.indexOf('$', 1) + 1;
            List<Token> inner =
                    Lexer.lex(d.body()).stream().filter(t -> !t.isComment()).toList();
            for (int i = 0; i < inner.size(); i++) {
                Token t = inner.get(i);
                if (isCall(inner, i)) {
                    reportCall(ctx, s.raw().source().span(bodyStart + t.start(), bodyStart + t.end()), t.lower());
                }
            }
        }
    }
}
