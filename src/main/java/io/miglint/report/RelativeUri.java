package io.miglint.report;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes a relative path for a URI reference (RFC 3986 section 3.3). Written by hand because
 * {@link java.net.URI}'s constructors leave non-ASCII characters unencoded and reject or misread a relative path whose
 * first segment contains ':' (it would parse as a scheme), both of which occur in real migration file names.
 */
final class RelativeUri {

    private static final String KEPT = "-._~!$&'()*+,;=@/";

    private RelativeUri() {}

    static String encode(String relativePath) {
        StringBuilder sb = new StringBuilder();
        for (byte b : relativePath.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || KEPT.indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
