package io.miglint.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/new-rule (bin/NewRule.java) on a copy of the rule sources: it writes a class that compiles against the
 * project, a page skeleton, and a registry line that keeps RULES in id order; it refuses bad input with exit 2.
 */
@Tag("slow")
class NewRuleScriptTest {
    @TempDir
    Path tmp;

    private Path copyOfRuleSources() throws Exception {
        Path src = Path.of("src/main/java/io/miglint/rules");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = tmp.resolve("src/main/java/io/miglint/rules")
                        .resolve(src.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        Files.createDirectories(tmp.resolve("rules"));
        return tmp;
    }

    private record Run(int exit, String out, String err) {}

    private Run newRule(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "bin/NewRule.java",
                "--root",
                tmp.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        return new Run(p.waitFor(), out, err);
    }

    private static List<String> registryIds(Path root) throws Exception {
        Pattern entry = Pattern.compile("\\s*io\\.miglint\\.rules\\.([a-z]+)\\.([A-Za-z0-9]+)\\.class,?\\s*");
        Pattern id = Pattern.compile("@RuleInfo\\(\\s*id\\s*=\\s*\"([^\"]+)\"");
        List<String> ids = new ArrayList<>();
        for (String line :
                Files.readAllLines(root.resolve("src/main/java/io/miglint/rules/registry/RuleRegistry.java"))) {
            Matcher m = entry.matcher(line);
            if (m.matches()) {
                Matcher r = id.matcher(Files.readString(
                        root.resolve("src/main/java/io/miglint/rules/" + m.group(1) + "/" + m.group(2) + ".java")));
                assertTrue(r.find(), line);
                ids.add(r.group(1));
            }
        }
        return ids;
    }

    @Test
    void writesAClassThatCompilesAPageAndASortedRegistryLine() throws Exception {
        Path root = copyOfRuleSources();
        int before = registryIds(root).size();
        Run r = newRule("enum-value-renamed", "compatibility", "info");
        assertEquals(0, r.exit(), r.err());
        Path cls = root.resolve("src/main/java/io/miglint/rules/compatibility/EnumValueRenamed.java");
        String text = Files.readString(cls);
        assertTrue(
                text.contains("@RuleInfo(id = \"enum-value-renamed\"")
                        && text.contains("Severity.INFO")
                        && text.contains("Category.COMPATIBILITY"),
                text);
        String page = Files.readString(root.resolve("rules/enum-value-renamed.md"));
        assertTrue(
                page.startsWith("# enum-value-renamed\n")
                        && page.contains("-- expect: enum-value-renamed")
                        && page.contains("**info**"),
                page);
        List<String> ids = registryIds(root);
        assertEquals(before + 1, ids.size());
        assertTrue(ids.contains("enum-value-renamed"));
        assertEquals(ids.stream().sorted().toList(), ids, "RULES must stay in id order");

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(
                null,
                null,
                diagnostics,
                "-d",
                tmp.resolve("classes").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                cls.toString());
        assertEquals(0, rc, diagnostics.toString());
    }

    @Test
    void aNameAfterEveryOtherGoesLast() throws Exception {
        Path root = copyOfRuleSources();
        assertEquals(0, newRule("zz-last-rule", "schema").exit());
        List<String> ids = registryIds(root);
        assertEquals("zz-last-rule", ids.get(ids.size() - 1));
        assertEquals(ids.stream().sorted().toList(), ids);
    }

    @Test
    void badInputIsRefusedWithExit2AndOneLine() throws Exception {
        copyOfRuleSources();
        Run id = newRule("Drop_Trigger", "locking");
        assertEquals(2, id.exit());
        assertTrue(id.err().contains("is not a kebab-case id"), id.err());
        Run cat = newRule("drop-trigger", "locks");
        assertEquals(2, cat.exit());
        assertTrue(cat.err().contains("'locks' is not a category"), cat.err());
        Run exists = newRule("drop-table", "compatibility");
        assertEquals(2, exists.exit());
        assertTrue(exists.err().contains("exists already"), exists.err());
    }
}
