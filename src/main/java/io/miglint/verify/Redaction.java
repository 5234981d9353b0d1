package io.miglint.verify;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps passwords out of every message the verifier emits. Passwords we know of (from {@code --database-url}, the
 * generated role passwords) are replaced wherever they occur; URL-shaped credentials are masked even when unknown.
 */
public final class Redaction {
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final Pattern URL_USERINFO = Pattern.compile("(://[^/:@\\s]*:)[^@\\s/]+@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&\\s;]+");
    public static final String MASK = "***";

    private Redaction() {
    }

    public static void register(String secret) {
        if (secret != null && !secret.isEmpty()) {
            SECRETS.add(secret);
        }
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = URL_USERINFO.matcher(text).replaceAll("$1" + MASK + "@");
        out = PASSWORD_PARAM.matcher(out).replaceAll("$1" + MASK);
        for (String secret : SECRETS) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    /** The message of an exception and its causes on one line, redacted; never a stack trace. */
    public static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 500; c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().strip();
            if (sb.indexOf(m) < 0) {
                if (sb.length() > 0) {
                    sb.append(": ");
                }
                sb.append(m.replaceAll("\\s*\\R\\s*", " "));
            }
        }
        return redact(sb.toString());
    }
}
