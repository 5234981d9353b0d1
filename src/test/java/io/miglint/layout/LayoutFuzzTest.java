package io.miglint.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** File names and dbmate directives decide what a migration is: whatever they contain, the answer is well-formed. */
class LayoutFuzzTest {
    private static Path folder;

    @BeforeAll
    static void makeFolder() throws IOException {
        folder = Files.createTempDirectory("miglint-layout-fuzz");
    }

    @AfterAll
    static void removeFolder() throws IOException {
        clear();
        Files.deleteIfExists(folder);
    }

    @FuzzTest(maxDuration = "30m")
    void dbmateSections(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        DbmateSections s = DbmateSections.parse(text);
        int n = text.length();
        assertTrue(0 <= s.upStart() && s.upStart() <= s.upEnd() && s.upEnd() <= n, () -> "up section " + s);
        if (s.hasDown()) {
            assertTrue(s.downStart() <= s.downEnd() && s.downEnd() <= n, () -> "down section " + s);
            assertTrue(s.upEnd() <= s.downStart() || s.downEnd() <= s.upStart(), () -> "sections overlap " + s);
        } else {
            assertEquals(-1, s.downEnd());
        }
        assertEquals(
                DbmateSections.hasUpDirective(text),
                s.problem().isEmpty() || !s.problem().get().contains("define an up block"),
                () -> "problem and directive disagree: " + s);
    }

    @FuzzTest(maxDuration = "30m")
    void versionParse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Version v = Version.parse(text);
        assertEquals(text, v.text());
        for (BigInteger part : v.parts()) {
            assertTrue(part.signum() >= 0);
        }
        Version same = Version.parse(text);
        assertEquals(0, v.compareTo(same), "a version equals itself");
        Version other = Version.parse(new StringBuilder(text).reverse().toString());
        assertEquals(Integer.signum(v.compareTo(other)), -Integer.signum(other.compareTo(v)), "order is antisymmetric");
    }

    /** A folder of fuzzed entry names (a few of them directories, as diesel's are) read as every layout. */
    @FuzzTest(maxDuration = "30m")
    void folderOfFuzzedNames(FuzzedDataProvider data) throws IOException {
        clear();
        int count = data.consumeInt(0, 12);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < count && data.remainingBytes() > 0; i++) {
            String name = fileName(
                    data.consumeString(80),
                    data.pickValue(List.of("", ".sql", ".up.sql", ".down.sql", "/up.sql", "/down.sql", ".sql.conf")));
            if (name == null) {
                continue;
            }
            String content = data.consumeString(120);
            try {
                Path file = folder.resolve(name);
                Files.createDirectories(file.getParent());
                if (!Files.exists(file)) {
                    Files.writeString(file, content);
                    made.add(name);
                }
            } catch (InvalidPathException | IOException e) {
                // A name the file system itself refuses (too long in bytes, say) is not one a pull request can hold.
            }
        }
        LayoutGuess guess = LayoutDetector.detect(folder).orElse(null);
        if (guess != null) {
            assertTrue(guess.entries() >= 0);
        }
        assertNotNull(LayoutDetector.scores(folder));
        for (LayoutKind layout : LayoutKind.values()) {
            MigrationFolderReader.Result result = MigrationFolderReader.read(folder, layout, "fuzz");
            MigrationSet set = result.set();
            assertEquals(layout, set.layout());
            Version previous = null;
            boolean repeatables = false;
            for (Migration m : set.migrations()) {
                assertTrue(m.up() != null || m.down() != null, "a migration has at least one script");
                // Flyway applies repeatable (R__) migrations after all versioned ones, ordered among themselves.
                boolean repeatable = "R".equals(m.kind());
                assertTrue(repeatable || !repeatables, () -> "a versioned migration after a repeatable in " + made);
                if (repeatable && !repeatables) {
                    previous = null;
                    repeatables = true;
                }
                if (previous != null) {
                    assertTrue(previous.compareTo(m.version()) <= 0, () -> "migrations out of order in " + made);
                }
                previous = m.version();
                for (MigrationScript script :
                        Stream.of(m.up(), m.down()).filter(s -> s != null).toList()) {
                    assertTrue(script.file().startsWith(set.folder()), "a script lies inside the folder");
                    assertTrue(Files.isRegularFile(script.file()), () -> "no such file: " + script.file());
                }
            }
        }
    }

    /** The fuzzed text as one entry name the file system can hold (no separator, no NUL, not . or ..). */
    private static String fileName(String raw, String suffix) {
        String base = raw.replace('/', '_').replace('\0', '_');
        if (base.isEmpty() || base.equals(".") || base.equals("..") || base.startsWith(".")) {
            return null;
        }
        return base + suffix;
    }

    private static void clear() throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder())
                    .filter(p -> !p.equals(folder))
                    .forEach(p -> {
                        try {
                            Files.delete(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }
}
