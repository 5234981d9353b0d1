package io.miglint.rules.security;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a literal in a migration says about secrets: whether it is a placeholder a tool fills in, a stored hash, or a
 * credential with a recognisable shape. Messages never carry the secret: {@link #masked} keeps only a public prefix.
 */
final class CredentialLiteral {
    private CredentialLiteral() {}

    /** A credential with a recognisable shape, found anywhere in a string literal. */
    /** A secret's shape; {@code anchors} are texts one of which every match contains, to skip the regex cheaply. */
    record Shape(String label, Pattern pattern, int visiblePrefix, List<String> anchors) {
        boolean mayMatch(String text) {
            for (String a : anchors) {
                if (text.contains(a)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final List<Shape> SHAPES = List.of(
            new Shape(
                    "a private key block",
                    Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"),
                    0,
                    List.of("-----BEGIN ")),
            new Shape(
                    "an AWS access key id",
                    Pattern.compile("(?<![A-Z0-9])AKIA[0-9A-Z]{16}(?![A-Z0-9])"),
                    4,
                    List.of("AKIA")),
            new Shape(
                    "a GitHub token",
                    Pattern.compile("(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"),
                    4,
                    List.of("gh", "github_pat_")),
            new Shape(
                    "a Slack token",
                    Pattern.compile("(?<![A-Za-z0-9])xox[abpr]-[A-Za-z0-9-]{10,}"),
                    5,
                    List.of("xox")));

    /**
     * Values a tool or template substitutes before PostgreSQL sees them: Flyway/Liquibase {@code ${pw}}, Go/Jinja
     * {@code {{pw}}}, {@code <password>}, {@code %(pw)s}, {@code $PW}, {@code @pw@}, {@code __PW__}. The empty string
     * sets no usable password. {@code changeme} is deliberately NOT here: PostgreSQL sets exactly that password, and
     * a guessable one is worse than a random one.
     */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\s*|\\$\\{[^}]*}|\\{\\{.*}}|<[^<>]+>|%\\(?\\w*\\)?s|\\$[A-Za-z_]\\w*|:[A-Za-z_]\\w*|@\\w+@|__\\w+__");

    /** Password hashes: what an application stores, not what a user types (bcrypt, argon2, scrypt, pbkdf2, SCRAM). */
    private static final Pattern HASH = Pattern.compile(
            "\\$2[abxy]?\\$\\d\\d\\$[./A-Za-z0-9]{53}|\\$argon2(?:id|i|d)\\$.+|\\$s0\\$.+|\\$scrypt\\$.+"
                    + "|pbkdf2[_:$].+|SCRAM-SHA-256\\$.+|\\$[156]\\$[^$]+\\$.+");

    /** AWS's documentation keys end in EXAMPLE; they are published and grant nothing. */
    private static final Pattern DOCUMENTED_EXAMPLE = Pattern.compile("(?i).*example.*");

    /** Column names that hold credentials: password, db_password, api_key, client_secret, access_token, … */
    private static final Pattern CREDENTIAL_COLUMN =
            Pattern.compile("(?:.*_)?(?:password|passwd|api_?key|secret|secret_key|token)");

    static boolean isPlaceholder(String value) {
        return PLACEHOLDER.matcher(value).matches();
    }

    static boolean isHash(String value) {
        return HASH.matcher(value).matches();
    }

    static boolean isCredentialColumn(String column) {
        return CREDENTIAL_COLUMN.matcher(column.toLowerCase(Locale.ROOT)).matches();
    }

    static boolean isDocumentedExample(String match) {
        return DOCUMENTED_EXAMPLE.matcher(match).matches();
    }

    /** {@code AKIA…(20 characters)}: the public prefix of a key shape, never the secret part. */
    static String masked(String value, int visiblePrefix) {
        String prefix = value.substring(0, Math.min(visiblePrefix, value.length()));
        return "`" + prefix + "…` (" + value.length() + " characters)";
    }

    static Matcher find(Shape shape, String text) {
        return shape.pattern().matcher(text);
    }
}
