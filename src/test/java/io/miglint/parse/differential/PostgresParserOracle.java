package io.miglint.parse.differential;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Asks a real PostgreSQL whether its parser accepts a piece of SQL, without running any of it.
 *
 * <p>The text is sent as one simple-protocol query string behind {@code SELECT 1/0;}. PostgreSQL parses the whole
 * string before it executes the first statement (exec_simple_query), so a text its grammar rejects fails with a
 * parse error (SQLSTATE 42601, or another lexer error), and a text it accepts fails with division by zero (22012)
 * before anything of the text runs: no COMMIT, COPY, DROP DATABASE or VACUUM in a mutant can take effect. The
 * session is read-only and has a statement timeout besides. A hand-written wire-protocol exchange rather than JDBC:
 * the driver splits a multi-statement string on its own and would send the statements one by one.
 */
public final class PostgresParserOracle implements AutoCloseable {
    /** The SQLSTATE of the guard statement: the text parsed. */
    static final String PARSED = "22012";

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    public PostgresParserOracle(String host, int port, String user, String database) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(body);
        b.writeInt(196_608);
        for (String s : new String[] {
            "user",
            user,
            "database",
            database,
            "client_encoding",
            "UTF8",
            "application_name",
            "miglint-parse-differential",
            "options",
            "-c default_transaction_read_only=on -c statement_timeout=10000"
        }) {
            b.write(s.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        b.write(0);
        out.writeInt(body.size() + 4);
        out.write(body.toByteArray());
        out.flush();
        String error = readUntilReady(true);
        if (error != null) {
            close();
            throw new IOException("PostgreSQL refused the connection: " + error);
        }
    }

    /** The oracle for the test server on 127.0.0.1:5432 (user postgres, trust). */
    public static PostgresParserOracle local() throws IOException {
        return new PostgresParserOracle(
                System.getProperty("miglint.test.pgHost", "127.0.0.1"),
                Integer.getInteger("miglint.test.pgPort", 5432),
                "postgres",
                "postgres");
    }

    /**
     * Null when PostgreSQL's parser accepts {@code sql}; otherwise the SQLSTATE and message of its parse error.
     *
     * @throws IllegalArgumentException for text the protocol cannot carry (a NUL character)
     */
    public String parseError(String sql) throws IOException {
        if (sql.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL in query text");
        }
        byte[] text = ("SELECT 1/0;\n" + sql).getBytes(StandardCharsets.UTF_8);
        out.writeByte('Q');
        out.writeInt(text.length + 5);
        out.write(text);
        out.write(0);
        out.flush();
        String error = readUntilReady(false);
        if (error == null) {
            throw new IOException("the guard statement did not fail: the text may have run");
        }
        return error.startsWith(PARSED + " ") ? null : error;
    }

    /** Reads messages up to ReadyForQuery; returns the first error as "SQLSTATE message", or null. */
    private String readUntilReady(boolean startup) throws IOException {
        String error = null;
        while (true) {
            int type = in.readUnsignedByte();
            int length = in.readInt();
            byte[] payload = new byte[length - 4];
            in.readFully(payload);
            switch (type) {
                case 'R' -> {
                    int code = ((payload[0] & 0xff) << 24)
                            | ((payload[1] & 0xff) << 16)
                            | ((payload[2] & 0xff) << 8)
                            | (payload[3] & 0xff);
                    if (code != 0) {
                        throw new IOException("PostgreSQL asks for authentication (" + code + "); use trust");
                    }
                }
                case 'E' -> {
                    if (error == null) {
                        error = errorText(payload);
                    }
                    if (startup) {
                        return error;
                    }
                }
                case 'Z' -> {
                    return error;
                }
                case 'G', 'H', 'W' -> throw new IOException("unexpected COPY from the server: the text ran");
                default -> {
                    // ParameterStatus, BackendKeyData, notices, row data: not needed.
                }
            }
        }
    }

    private static String errorText(byte[] payload) {
        String code = "?";
        String message = "";
        int i = 0;
        while (i < payload.length && payload[i] != 0) {
            byte field = payload[i++];
            int end = i;
            while (end < payload.length && payload[end] != 0) {
                end++;
            }
            String value = new String(payload, i, end - i, StandardCharsets.UTF_8);
            if (field == 'C') {
                code = value;
            } else if (field == 'M') {
                message = value;
            }
            i = end + 1;
        }
        return code + " " + message;
    }

    @Override
    public void close() throws IOException {
        try {
            if (!socket.isClosed()) {
                out.writeByte('X');
                out.writeInt(4);
                out.flush();
            }
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            socket.close();
        }
    }
}
