package io.miglint.gate;

import io.miglint.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Scratch databases on the shared test server, and the CLI run in-process. */
final class GateDatabases {
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final SecureRandom RANDOM = new SecureRandom();

    private GateDatabases() {}

    static String create() throws SQLException {
        String name = "miglint_gate_" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute("create database " + name);
        }
        return name;
    }

    static void drop(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute("drop database if exists " + name + " with (force)");
        }
    }

    static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(SERVER + db, "postgres", "");
    }

    static List<List<String>> rows(String db, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    static void exec(String db, String sql) throws SQLException {
        try (Connection c = connect(db);
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static String url(String db) {
        return "postgres://postgres@127.0.0.1:5432/" + db;
    }

    record Run(int exit, String out, String err) {}

    static Run miglint(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }
}
