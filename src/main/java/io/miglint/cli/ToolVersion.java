package io.miglint.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version Maven stamped into the jar. */
public final class ToolVersion implements CommandLine.IVersionProvider {
    private static final String VERSION = read();

    private static String read() {
        Properties p = new Properties();
        try (InputStream in = ToolVersion.class.getResourceAsStream("/io/miglint/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    public static String get() {
        return VERSION;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"miglint " + VERSION};
    }
}
