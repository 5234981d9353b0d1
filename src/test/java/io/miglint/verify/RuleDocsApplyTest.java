package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationDiscovery;
import io.miglint.layout.MigrationSet;
import io.miglint.testing.LintFixture;
import io.miglint.testing.RuleDocPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs never recommend SQL that does not run: every "Best practice" block of every rules/&lt;id&gt;.md page (with
 * the page's setup, and the up of a down block) is applied to the real PostgreSQL on 127.0.0.1:5432 the way the
 * block's layout's tool runs it, each in its own scratch database.
 */
@Tag("slow")
class RuleDocsApplyTest {
    static final Path RULES =
            Path.of(System.getProperty("miglint.projectDir", ".")).resolve("rules");
    static ThrowawayDatabase db;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() {
        db = TestDatabases.openLocal();
    }

    @AfterAll
    static void close() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> bestPracticeBlocksApply() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> pages = RuleDocPage.pages(RULES);
        for (Path page : pages) {
            for (RuleDocPage.Example e : RuleDocPage.read(page).examples()) {
                RuleDocPage.Block b = e.block();
                if (!b.section().equals("Best practice")) {
                    continue;
                }
                LintFixture.Example ex = new LintFixture.Example(
                        b.option("layout", "numbered"),
                        Integer.parseInt(b.option("pg", "15")),
                        e.setup(),
                        e.up(),
                        b.sql(),
                        b.has("down"),
                        b.option("file", null),
                        b.has("no-transaction"));
                tests.add(DynamicTest.dynamicTest(page.getFileName() + ":" + b.line(), () -> apply(ex)));
            }
        }
        return tests.stream();
    }

    private void apply(LintFixture.Example ex) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "apply");
        Path exampleFile = LintFixture.write(dir, ex).toRealPath();
        MigrationSet set = MigrationDiscovery.discover(List.of(dir), Optional.of(LayoutKind.parse(ex.layout())))
                .sets()
                .get(0);
        ScratchDatabase scratch = db.createScratch();
        try (Connection conn = scratch.connect(true)) {
            ScriptRunner runner = new ScriptRunner(conn);
            for (Migration m : set.migrations()) {
                if (m.up() != null) {
                    LoadedScript up = LoadedScript.load(m, m.up());
                    ScriptFailure f = runner.run(up, "up").failure();
                    assertNull(f, () -> m.up().displayPath() + ": " + f.message());
                }
                if (ex.down()
                        && m.down() != null
                        && m.down().file().toRealPath().equals(exampleFile)) {
                    LoadedScript down = LoadedScript.load(m, m.down());
                    ScriptFailure f = runner.run(down, "down").failure();
                    assertNull(f, () -> m.down().displayPath() + ": " + f.message());
                }
            }
        } finally {
            db.drop(scratch);
        }
    }
}
