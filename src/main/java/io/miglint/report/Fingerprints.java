package io.miglint.report;

import io.miglint.rule.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of a finding that survives edits elsewhere in the file: rule, file and the normalised statement text,
 * never the line number. SARIF {@code partialFingerprints["miglint/v1"]} and the baseline both use it, so a baseline
 * written today still matches after a migration above the statement grows.
 */
public final class Fingerprints {

    /** The key under SARIF {@code partialFingerprints}; bump the suffix if the hashed fields ever change. */
    public static final String SARIF_KEY = "miglint/v1";

    private Fingerprints() {
    }

    public static String of(Finding finding) {
        return of(finding.ruleId(), finding.location().displayPath(), finding.statementText(), finding.message());
    }

    /**
     * sha256 hex of {@code ruleId \0 displayPath \0 statementText}; a file-level finding has no statement, so its
     * message stands in (it names what is wrong with the file, e.g. the bad file name).
     */
    public static String of(String ruleId, String displayPath, String statementText, String message) {
        String subject = statementText == null || statementText.isEmpty() ? message : statementText;
        return sha256Hex(ruleId + "\0" + displayPath + "\0" + subject);
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
