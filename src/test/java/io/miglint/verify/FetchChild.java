package io.miglint.verify;

import java.net.URI;
import java.nio.file.Path;

/**
 * Fetches one major from a repository into a cache, from a process of its own, and prints the jar's path: for
 * {@link PostgresBinariesTest}'s fetch from two processes at once.
 */
final class FetchChild {
    private FetchChild() {}

    public static void main(String[] args) throws Exception {
        PostgresBinaries binaries = new PostgresBinaries(
                URI.create(args[0]),
                Path.of(args[1]),
                new PostgresBinaries.Platform(FakeMavenRepository.PLATFORM),
                PostgresBinaries.FRESH);
        System.out.println("ready");
        System.out.flush();
        System.out.println(binaries.fetch(Integer.parseInt(args[2])).jar());
        System.out.flush();
    }
}
