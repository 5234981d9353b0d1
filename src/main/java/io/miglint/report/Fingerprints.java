package io.miglint.report;

import io.miglint.rule.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of a finding that survives edits elsewhere: rule, file, the normalised statement text and the rule's
 * key ({@link Finding#key()}), never the line and never the message (messages carry counts and details that change
 * when unrelated migrations are added). SARIF {@code partialFingerprints["miglint/v1"]} and the baseline both use it,
 * so a baseline written today still matches after a migration above the statement grows or a new migration is added.
 */
public final class Fingerprints {

    /**
     * The key under SARIF {@code partialFingerprints}. Values of findings at a statement are unchanged since the first
     * release; a finding about a whole file hashed its message until baseline format 2 and its key since.
     */
    public static final String SARIF_KEY = "miglint/v1";

    private Fingerprints() {}

    public static String of(Finding finding) {
        return of(finding.ruleId(), finding.location().displayPath(), finding.statementText(), finding.key());
    }

    /**
     * sha256 hex of {@code ruleId \0 displayPath \0 statementText}, followed by {@code \0 key} when the rule gave a
     * key. A finding about a whole file has no statement: rule and file (and key) are its identity.
     */
    public static String of(String ruleId, String displayPath, String statementText, String key) {
        String subject = statementText == null ? "" : statementText;
        if (key != null && !key.isEmpty()) {
            subject += "\0" + key;
        }
        return sha256Hex(ruleId + "\0" + displayPath + "\0" + subject);
    }

    /**
     * The fingerprint baseline format 1 recorded: the same for a finding at a statement; for a finding without a
     * statement the message stood in, so such entries match only while the message is unchanged.
     */
    public static String legacy(Finding finding) {
        String statement = finding.statementText();
        String subject = statement == null || statement.isEmpty() ? finding.message() : statement;
        return sha256Hex(finding.ruleId() + "\0" + finding.location().displayPath() + "\0" + subject);
    }

    static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
