package io.miglint.verify;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps passwords out of every message miglint emits. A password is masked where it stands: {@link DatabaseUrl}
 * never prints its own, and URL-shaped credentials ({@code ://user:password@}, {@code password=}) in other text are
 * masked by position, up to the last {@code @} of the URL, so a raw {@code @} or {@code /} in a password is masked
 * whole. Searching the text for a known password, the other way, reveals a short or common one (masking every "a"
 * of a message shows that the password is "a"): only passwords of at least {@value #MIN_SEARCHED_LENGTH}
 * characters, which appear in no name around them, are searched for, as a second line of defence.
 */
public final class Redaction {
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    /** Up to the last '@' of the whitespace-free run: a raw '@', '/' or ':' in the password stays inside the mask. */
    private static final Pattern URL_USERINFO = Pattern.compile("(://[^/:@\\s]*:)\\S*@");

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&\\s;]+");
    public static final String MASK = "***";
    /** Shorter secrets are not searched for in text: see the class comment. */
    public static final int MIN_SEARCHED_LENGTH = 12;

    private Redaction() {}

    /** A generated secret (a role password miglint made up): searched for in every message when long enough. */
    public static void register(String secret) {
        if (secret != null && secret.length() >= MIN_SEARCHED_LENGTH) {
            SECRETS.add(secret);
        }
    }

    /**
     * A password someone chose: searched for only when long enough and not part of the names printed next to it
     * (a password equal to the user name would otherwise mask the user name, and so reveal itself).
     */
    public static void registerPassword(String password, String... shownNames) {
        if (password == null) {
            return;
        }
        String p = password.toLowerCase(Locale.ROOT);
        for (String name : shownNames) {
            String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
            if (n.contains(p)) {
                return;
            }
        }
        register(password);
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
            String m = c.getMessage() == null
                    ? c.getClass().getSimpleName()
                    : c.getMessage().strip();
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
