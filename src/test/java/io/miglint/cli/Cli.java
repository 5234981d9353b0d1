package io.miglint.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs miglint in-process the way the launcher does, capturing stdout and stderr. */
record Cli(int exit, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(exit, out.toString(), err.toString());
    }

    /**
     * The findings of {@code check DIR --format json --fail-on never} plus {@code extra}; the run must exit clean.
     */
    static List<JsonNode> findings(Path dir, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("check", dir.toString(), "--format", "json", "--fail-on", "never"));
        args.addAll(List.of(extra));
        Cli r = run(args.toArray(String[]::new));
        if (r.exit() != ExitCode.CLEAN) {
            throw new AssertionError("expected a clean exit: " + r);
        }
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(r.out()).get("findings").forEach(out::add);
        return out;
    }

    /** Writes the up and down files {@code name.up.sql}, {@code name.down.sql} of a golang-migrate folder. */
    static void pair(Path dir, String name, String up, String down) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".up.sql"), up);
        Files.writeString(dir.resolve(name + ".down.sql"), down);
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
