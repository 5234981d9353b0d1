package io.miglint.gate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/** The checksums the tools store, computed over the same bytes the same way. */
public final class Checksums {
    private Checksums() {}

    /** sqitch's script_hash digest (Plan/Change.pm _deploy_hash). */
    public static byte[] sha1(byte[] file) {
        return digest("SHA-1", file);
    }

    /** sqlx: SHA-384 of the file contents ({@code Sha384::digest(sql.as_bytes())} in sqlx-core's migrate source). */
    public static byte[] sha384(byte[] file) {
        return digest("SHA-384", file);
    }

    /** The rollback-suffix runner: SHA-256 of the file bytes, lower-case hex. */
    public static String sha256Hex(byte[] file) {
        return HexFormat.of().formatHex(digest("SHA-256", file));
    }

    /**
     * Flyway's checksum (LoadableResource.calculateChecksum): the text is read line by line with
     * {@link BufferedReader#readLine()} (so "\n", "\r" and "\r\n" all end a line and never count), a UTF-8 BOM is
     * dropped from the first line, and each line's UTF-8 bytes are fed to one CRC32; the result is the low 32 bits
     * as a signed int, which is what flyway_schema_history.checksum holds.
     */
    public static int flywayCrc32(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
            String line = reader.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            while (line != null) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
                line = reader.readLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (int) crc.getValue();
    }

    /** CRC-32 (IEEE, the one of Go's crc32.ChecksumIEEE and Rust's CRC_32_ISO_HDLC) as an unsigned value. */
    static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
