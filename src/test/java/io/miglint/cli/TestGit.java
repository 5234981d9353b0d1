package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real git repository in a temporary folder, driven through the git command line. */
record TestGit(Path dir) {
    static TestGit init(Path dir) throws IOException, InterruptedException {
        TestGit g = new TestGit(dir);
        g.run("init", "-q", "-b", "main");
        return g;
    }

    String run(String... args) throws IOException, InterruptedException {
        Result r = tryRun(args);
        assertEquals(0, r.exit(), "git " + String.join(" ", args) + ": " + r.output());
        return r.output();
    }

    record Result(int exit, String output) {}

    Result tryRun(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-c",
                "user.name=Test",
                "-c",
                "user.email=test@example.com",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
                "-c",
                "protocol.file.allow=always"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("git " + String.join(" ", args) + " timed out");
        }
        return new Result(p.exitValue(), out);
    }

    void commitAll(String message) throws IOException, InterruptedException {
        run("add", "-A");
        run("commit", "-q", "-m", message);
    }
}
