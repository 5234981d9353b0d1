package io.miglint.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.testing.Corpus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every corpus project is either held to the supported targets or tracked as pending: none is silently skipped. */
class CorpusProjectsTest {
    @Test
    void everyCorpusProjectIsSupportedOrTrackedAsPending() {
        Path corpus = Corpus.require();
        List<String> unknown = Corpus.projects(corpus).stream()
                .filter(p -> !Corpus.known().contains(p))
                .toList();
        assertEquals(List.of(), unknown, "corpus projects in neither Corpus.SUPPORTED nor Corpus.PENDING");
        List<String> overlap = Corpus.SUPPORTED.keySet().stream()
                .filter(Corpus.PENDING::containsKey)
                .toList();
        assertEquals(List.of(), overlap, "a project is either supported or pending");
    }
}
