package io.miglint.layout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;

/**
 * One Liquibase changeset as Liquibase 4.33 identifies and runs it (liquibase-standard, v4.33.0).
 *
 * @param id               the changeset id ({@code raw} for a plain SQL file, as SqlChangeLogParser names it on a
 *                         database without a row for it)
 * @param author           its author ({@code includeAll} for a plain SQL file)
 * @param path             the changelog path Liquibase stores in DATABASECHANGELOG.FILENAME: the path the file was
 *                         included by, or its logicalFilePath
 * @param change           {@code sql} or {@code sqlFile}: what DATABASECHANGELOG.DESCRIPTION says
 * @param sql              the change's SQL text as Liquibase holds it (the checksum is computed over it)
 * @param splitStatements  Liquibase cuts the SQL at {@code ;} and {@code GO} lines (false: sends it whole)
 * @param endDelimiter     the delimiter set by {@code endDelimiter:}, or null
 * @param comments         the {@code --comment} text, or null
 * @param hasRollback      a rollback is written for it (lines, a block, or {@code empty})
 */
public record LiquibaseChangeSet(
        String id,
        String author,
        String path,
        String change,
        String sql,
        boolean runInTransaction,
        boolean splitStatements,
        String endDelimiter,
        boolean runOnChange,
        boolean runAlways,
        boolean failOnError,
        String contexts,
        String labels,
        String comments,
        boolean hasRollback,
        java.util.List<String> validCheckSums) {

    public LiquibaseChangeSet {
        validCheckSums = validCheckSums == null ? java.util.List.of() : java.util.List.copyOf(validCheckSums);
    }

    /**
     * Whether Liquibase takes a checksum recorded in DATABASECHANGELOG as this changeset's: its own, or one a
     * {@code --validCheckSum} line names, or any when one says {@code ANY} (ChangeSet.isCheckSumValid).
     */
    public boolean acceptsChecksum(String recorded) {
        if (recorded == null || recorded.equalsIgnoreCase(checksum())) {
            return true;
        }
        for (String v : validCheckSums) {
            if (v.equalsIgnoreCase("ANY") || v.equalsIgnoreCase(recorded)) {
                return true;
            }
        }
        return false;
    }

    /** How a changeset is named in messages: {@code path::id::author}, as Liquibase prints it. */
    public String label() {
        return path + "::" + id + "::" + author;
    }

    /**
     * Liquibase 4.33's checksum, version 9 ({@code 9:} and 32 hex digits), as stored in DATABASECHANGELOG.MD5SUM.
     * The change's checksum (AbstractSQLChange.generateCheckSum with ChecksumVersion.V9) is the MD5 of the SQL's UTF-8
     * bytes with every space, tab, CR and LF removed (AbstractSQLChange.NormalizingStream); the changeset's
     * (ChangeSet.generateCheckSum) is CheckSum.compute of each change's checksum followed by {@code :}: line endings
     * standardised, U+FFFD removed, NFC, MD5 of the UTF-8 bytes (MD5Util.computeMD5), lower-case hex.
     */
    public String checksum() {
        return checksum(sql);
    }

    public static String checksum(String sql) {
        String s = sql == null ? "" : sql;
        StringBuilder stripped = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                stripped.append(c);
            }
        }
        String change = "9:" + md5Hex(stripped.toString());
        String outer = Normalizer.normalize(
                (change + ":").replace("\r\n", "\n").replace('\r', '\n').replace("\uFFFD", ""), Normalizer.Form.NFC);
        return "9:" + md5Hex(outer);
    }

    private static String md5Hex(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}
