package io.miglint.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Action, the dogfood workflow, the workflow users copy from docs/github.md and the pre-commit hook
 * definition parse as YAML and hold the inputs and steps the project relies on; the action's check step, run as
 * GitHub would run it, writes the summary and the exit code.
 */
class IntegrationFilesTest {
    static final Path PROJECT = Path.of(System.getProperty("miglint.projectDir", "."));
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path tmp;

    static JsonNode yaml(String relative) throws IOException {
        return YAML.readTree(PROJECT.resolve(relative).toFile());
    }

    static List<JsonNode> steps(JsonNode steps, String usesPrefix) {
        List<JsonNode> out = new ArrayList<>();
        steps.forEach(s -> {
            if (s.path("uses").asText().startsWith(usesPrefix)) {
                out.add(s);
            }
        });
        return out;
    }

    static JsonNode stepWithId(JsonNode steps, String id) {
        for (JsonNode s : steps) {
            if (s.path("id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no step with id " + id);
    }

    @Test
    void actionDeclaresItsInputsAndEveryReferenceResolves() throws IOException {
        JsonNode action = yaml("action.yml");
        assertEquals("composite", action.at("/runs/using").asText());
        Set<String> declared = new TreeSet<>();
        action.get("inputs").fieldNames().forEachRemaining(declared::add);
        assertTrue(
                declared.containsAll(
                        List.of("path", "format", "fail-on", "config", "pg-version", "changed-since", "upload-sarif")),
                declared.toString());
        String text = Files.readString(PROJECT.resolve("action.yml"));
        Matcher m = Pattern.compile("inputs\\.([a-z0-9-]+)").matcher(text);
        while (m.find()) {
            assertTrue(declared.contains(m.group(1)), "undeclared input referenced: " + m.group(1));
        }
        JsonNode steps = action.at("/runs/steps");
        Set<String> ids = new TreeSet<>();
        steps.forEach(s -> {
            if (s.has("id")) {
                ids.add(s.get("id").asText());
            }
        });
        Matcher outputs = Pattern.compile("steps\\.([a-z0-9-]+)\\.outputs").matcher(text);
        while (outputs.find()) {
            assertTrue(ids.contains(outputs.group(1)), "unknown step id referenced: " + outputs.group(1));
        }
        for (JsonNode s : steps) {
            assertTrue(
                    s.has("uses") || s.path("shell").asText().equals("bash"), "composite run steps need shell: " + s);
            assertFalse(
                    s.path("run").asText().contains("${{ inputs."),
                    "inputs reach scripts through env, never pasted into them: " + s);
        }
    }

    @Test
    void actionBuildsWithCachedMavenRunsCheckUploadsSarifAndWritesTheSummary() throws IOException {
        JsonNode steps = yaml("action.yml").at("/runs/steps");
        List<JsonNode> java = steps(steps, "actions/setup-java@");
        assertEquals(1, java.size());
        // Used from another repository, the action lives outside the workspace, where setup-java's cache (and
        // hashFiles()) cannot look: no step input of another action may name a path in the action's folder, except
        // actions/cache, which takes absolute paths anywhere.
        for (JsonNode s : steps) {
            String uses = s.path("uses").asText();
            if (!uses.isEmpty() && !uses.startsWith("actions/cache@")) {
                assertFalse(
                        s.path("with").toString().contains("action_path"),
                        uses + " is given a path outside " + "the workspace: " + s.path("with"));
            }
            assertFalse(s.toString().contains("hashFiles("), "hashFiles() sees only the workspace: " + s);
        }
        assertTrue(
                java.get(0).path("with").path("cache").isMissingNode(),
                "setup-java's cache resolves its "
                        + "dependency path in the workspace, where a user's repository has no miglint pom.xml");
        List<JsonNode> caches = steps(steps, "actions/cache@");
        assertTrue(
                caches.stream().anyMatch(c -> c.at("/with/path").asText().contains("~/.m2/repository")),
                "Maven's downloads are cached by the action itself");

        boolean builds = false;
        for (JsonNode s : steps) {
            if (s.path("run").asText().contains("mvn -B -q package -DskipTests")) {
                builds = s.path("working-directory").asText().equals("${{ github.action_path }}");
            }
        }
        assertTrue(builds, "a step builds the jar in the action's folder");

        String check = stepWithId(steps, "check").path("run").asText();
        assertTrue(check.contains("\"$GITHUB_ACTION_PATH/bin/miglint\" \"${args[@]}\""), check);
        for (String flag : List.of(
                "--fail-on", "--config", "--pg-version", "--changed-since", "--baseline", "sarif=", "markdown=")) {
            assertTrue(check.contains(flag), "check step passes " + flag);
        }
        assertTrue(check.contains(">> \"$GITHUB_STEP_SUMMARY\""), check);
        assertFalse(check.contains("${{"), "inputs reach the script through env, never pasted into it");

        List<JsonNode> upload = steps(steps, "github/codeql-action/upload-sarif@");
        assertEquals(1, upload.size());
        assertTrue(upload.get(0).path("if").asText().contains("inputs.upload-sarif == 'true'"));
        assertEquals(
                "${{ inputs.sarif-file }}", upload.get(0).at("/with/sarif_file").asText());
    }

    @Test
    void dogfoodWorkflowUsesTheActionOnGoodAndBadSamples() throws IOException {
        JsonNode wf = yaml(".github/workflows/dogfood.yml");
        assertEquals("write", wf.at("/permissions/security-events").asText());
        JsonNode good = steps(wf.at("/jobs/good-samples/steps"), "./").get(0).get("with");
        assertEquals("migrations-samples/*/good", good.get("path").asText());
        assertFalse(good.get("fail-on").asText().equals("never"), "good samples must pass");
        JsonNode bad = steps(wf.at("/jobs/bad-sample/steps"), "./").get(0).get("with");
        assertTrue(bad.get("path").asText().startsWith("migrations-samples/")
                && bad.get("path").asText().endsWith("/bad"));
        assertEquals("never", bad.get("fail-on").asText());
        assertEquals("true", bad.get("upload-sarif").asText());
        try (var s = Files.newDirectoryStream(PROJECT.resolve("migrations-samples"), "*")) {
            int goods = 0;
            for (Path p : s) {
                goods += Files.isDirectory(p.resolve("good")) ? 1 : 0;
            }
            assertTrue(goods >= 7, "the glob covers every layout's good sample");
        }
    }

    @Test
    void theWorkflowUsersCopyIsValid() throws IOException {
        String doc = Files.readString(PROJECT.resolve("docs/github.md"));
        Matcher block =
                Pattern.compile("(?s)```yaml\\n(name: migrations.*?)```").matcher(doc);
        assertTrue(block.find(), "docs/github.md shows the workflow");
        JsonNode wf = YAML.readTree(block.group(1));
        assertTrue(wf.at("/on").has("pull_request"));
        assertEquals("write", wf.at("/permissions/security-events").asText());
        JsonNode steps = wf.at("/jobs/miglint/steps");
        assertEquals(
                0,
                steps(steps, "actions/checkout@").get(0).at("/with/fetch-depth").asInt(-1));
        JsonNode with = steps(steps, "miglint/miglint@").get(0).get("with");
        Set<String> declared = new TreeSet<>();
        yaml("action.yml").get("inputs").fieldNames().forEachRemaining(declared::add);
        with.fieldNames().forEachRemaining(k -> assertTrue(declared.contains(k), "unknown input " + k));
        assertTrue(with.get("changed-since").asText().startsWith("origin/"));
    }

    /**
     * A version tag publishes both jars and their checksums; the hook and the Action, which only lint, fetch the lint
     * jar before building (and build only it).
     */
    @Test
    void releasesAttachBothJarsAndTheirChecksumsAndTheHookAndTheActionFetchTheLintJar() throws IOException {
        JsonNode wf = yaml(".github/workflows/release.yml");
        assertEquals("v*", wf.at("/on/push/tags/0").asText());
        String runs = wf.at("/jobs/release/steps").findValuesAsText("run").toString();
        assertTrue(runs.contains("sha256sum miglint.jar > miglint.jar.sha256"), runs);
        assertTrue(runs.contains("sha256sum miglint-lint.jar > miglint-lint.jar.sha256"), runs);
        assertTrue(
                runs.contains("gh release create \"$TAG\" target/miglint.jar target/miglint.jar.sha256 "
                        + "target/miglint-lint.jar target/miglint-lint.jar.sha256"),
                runs);
        String hook = Files.readString(PROJECT.resolve("bin/pre-commit-hook"));
        assertTrue(hook.contains("/fetch-release-jar\" \"$jar\" miglint-lint.jar"), hook);
        assertTrue(hook.contains("target/miglint-lint.jar") && hook.contains("-Dmiglint.fullJar.skip=true"), hook);
        List<String> steps = yaml("action.yml").at("/runs/steps").findValuesAsText("run");
        assertTrue(
                steps.stream()
                        .anyMatch(r -> r.contains("bin/fetch-release-jar target/miglint-lint.jar " + "miglint-lint.jar")
                                && r.contains("-Dmiglint.fullJar.skip=true")),
                steps.toString());
        assertTrue(
                steps.stream().anyMatch(r -> r.contains("MIGLINT_JAR=\"$GITHUB_ACTION_PATH/target/miglint-lint.jar\"")),
                steps.toString());
    }

    @Test
    void preCommitHookDefinition() throws IOException {
        JsonNode hooks = yaml(".pre-commit-hooks.yaml");
        assertTrue(hooks.isArray());
        JsonNode hook = hooks.get(0);
        assertEquals("miglint", hook.get("id").asText());
        assertTrue(Set.of("script", "system").contains(hook.get("language").asText()));
        assertTrue(hook.get("pass_filenames").asBoolean());
        Pattern files = Pattern.compile(hook.get("files").asText());
        assertTrue(files.matcher("db/migrations/1_add_users_email.up.sql").find());
        assertFalse(files.matcher("README.md").find());
        Path entry = PROJECT.resolve(hook.get("entry").asText());
        assertTrue(Files.isExecutable(entry), entry + " is executable");
    }
}
