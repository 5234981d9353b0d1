package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.miglint.layout.LayoutDetector;
import io.miglint.layout.LayoutGuess;
import io.miglint.layout.LayoutKind;
import io.miglint.rule.Category;
import io.miglint.rule.Rule;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rules.registry.RuleRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code miglint new} in every layout, both in a copy of the layout's good sample and in an empty folder: the files
 * appear where the tool expects them, the folder is still detected as the same layout, and {@code check} finds nothing
 * about names or pairing.
 */
class NewCommandTest {
    static final Path SAMPLES =
            Path.of(System.getProperty("miglint.projectDir", ".")).resolve("migrations-samples");
    /** Per layout: the migrations folder inside the sample project. */
    static final Map<LayoutKind, String> FOLDER = Map.ofEntries(
            Map.entry(LayoutKind.GOLANG_MIGRATE, "migrations"),
            Map.entry(LayoutKind.DBMATE, "db/migrations"),
            Map.entry(LayoutKind.SQLX, "migrations"),
            Map.entry(LayoutKind.DIESEL, "migrations"),
            Map.entry(LayoutKind.FLYWAY, "migrations"),
            Map.entry(LayoutKind.NUMBERED, "migrations"),
            Map.entry(LayoutKind.ROLLBACK_SUFFIX, "migrations"),
            Map.entry(LayoutKind.POPX, "migrations"),
            Map.entry(LayoutKind.LIQUIBASE, "db/changelog"),
            Map.entry(LayoutKind.SQITCH, "db"),
            Map.entry(LayoutKind.GOOSE, "db/migrations"),
            Map.entry(LayoutKind.PRISMA, "prisma/migrations"),
            Map.entry(LayoutKind.DRIZZLE, "drizzle"));
    /** Per layout: how many files `new` writes in the sample project. */
    static final Map<LayoutKind, Integer> FILES = Map.ofEntries(
            Map.entry(LayoutKind.GOLANG_MIGRATE, 2),
            Map.entry(LayoutKind.DBMATE, 1),
            Map.entry(LayoutKind.SQLX, 2),
            Map.entry(LayoutKind.DIESEL, 2),
            Map.entry(LayoutKind.FLYWAY, 2),
            Map.entry(LayoutKind.NUMBERED, 1),
            Map.entry(LayoutKind.ROLLBACK_SUFFIX, 2),
            Map.entry(LayoutKind.POPX, 2),
            Map.entry(LayoutKind.LIQUIBASE, 1),
            // deploy, revert and verify scripts (and the change's line in sqitch.plan)
            Map.entry(LayoutKind.SQITCH, 3),
            Map.entry(LayoutKind.GOOSE, 1),
            // the folder's migration.sql
            Map.entry(LayoutKind.PRISMA, 1),
            // the .sql file (and its entry in meta/_journal.json)
            Map.entry(LayoutKind.DRIZZLE, 1));

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(LayoutKind.class)
    void inTheGoodSampleTheNewMigrationLintsClean(LayoutKind layout) throws IOException {
        Path project = tmp.resolve("project");
        copy(SAMPLES.resolve(layout.id()).resolve("good"), project);
        Path dir = project.resolve(FOLDER.get(layout));
        List<String> created = newMigration("--dir", dir.toString());
        assertEquals(FILES.get(layout), created.size(), created.toString());
        for (String c : created) {
            assertTrue(c.contains("add_users_phone"), c);
            assertTrue(Files.isRegularFile(Path.of(c)), c);
        }
        assertEquals(layout, LayoutDetector.detect(dir).map(LayoutGuess::layout).orElse(null));
        if (layout == LayoutKind.LIQUIBASE) {
            // `new` does not edit the master changelog: the file says which include line to add; once added, the
            // changeset lints clean like the others
            String text = Files.readString(Path.of(created.get(0)));
            String include = text.replaceFirst("(?s).*`(- include: file: [^`]+)`.*", "$1");
            Path master = dir.resolve("db.changelog-master.yaml");
            Files.writeString(
                    master, Files.readString(master) + "  " + include.replace("file:", "\n      file:") + "\n");
        }
        assertNoNamingOrPairingFindings(dir, created);
    }

    @ParameterizedTest
    @EnumSource(LayoutKind.class)
    void inAnEmptyFolderTheLayoutFlagDecidesAndDetectionAgrees(LayoutKind layout) throws IOException {
        Path dir = tmp.resolve("fresh/migrations");
        List<String> created = newMigration("--dir", dir.toString(), "--layout", layout.id());
        assertTrue(!created.isEmpty());
        assertEquals(layout, LayoutDetector.detect(dir).map(LayoutGuess::layout).orElse(null), created.toString());
        assertNoNamingOrPairingFindings(dir, created);
        List<String> second = new ArrayList<>(newMigration("--dir", dir.toString(), "add_orders_status"));
        assertTrue(second.stream().allMatch(s -> s.contains("add_orders_status")), second.toString());
        if (layout == LayoutKind.SQITCH) {
            // sqitch runs its changes in plan order: the second is planned after the first
            String plan = Files.readString(dir.resolve("sqitch.plan"));
            assertTrue(plan.indexOf("\nadd_orders_status ") > plan.indexOf("\nadd_users_phone "), plan);
        } else {
            // Created within the same second: the second still gets a later version, so it sorts (and runs) after.
            assertTrue(
                    second.get(0).compareTo(created.get(0)) > 0,
                    "the second migration sorts after the first: " + created + " " + second);
        }
        assertNoNamingOrPairingFindings(dir, second);
    }

    @Test
    void printedPathsAreRelativeToTheWorkingFolder() throws IOException {
        Path dir = Path.of(
                "target", "new-command-" + ProcessHandle.current().pid() + "-" + System.nanoTime(), "migrations");
        try {
            Cli r = Cli.run("new", "add_users_phone", "--dir", dir.toString(), "--layout", "numbered");
            assertEquals(0, r.exit(), r.toString());
            assertEquals(dir.resolve("001_add_users_phone.sql").toString().replace('\\', '/') + "\n", r.out());
        } finally {
            deleteTree(dir.getParent());
        }
    }

    @Test
    void namesTheNamingRulesRejectAreRefusedAndNothingIsLeftBehind() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        Map<String, String> refused = Map.of(
                "fix_stuff", "[migration-name-vague]",
                "AddUsersPhone", "[migration-name-case]");
        refuses(dir, refused);
        // The opt-in naming rules judge a new name once the project turns them on.
        Cli users = Cli.run("new", "users", "--dir", dir.toString(), "--layout", "numbered");
        assertEquals(0, users.exit(), "migration-name-verb is opt-in: " + users);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(
                tmp.resolve(".miglint.yaml"), "rules:\n  migration-name-verb: on\n  migration-name-length: on\n");
        refuses(
                dir,
                Map.of(
                        "users",
                        "[migration-name-verb]",
                        "add_index_concurrently_on_orders_created_at",
                        "[migration-name-length]"));
        Files.delete(tmp.resolve(".miglint.yaml"));
        Cli traversal = Cli.run("new", "../add_users_phone", "--dir", dir.toString(), "--layout", "numbered");
        assertEquals(ExitCode.USAGE, traversal.exit());
        assertTrue(traversal.err().contains("cannot be part of a file name"), traversal.err());
        Cli unknown = Cli.run("new", "add_users_phone", "--dir", dir.toString());
        assertEquals(ExitCode.USAGE, unknown.exit());
        assertTrue(unknown.err().contains("no migrations here to tell the tool from; pass --layout"), unknown.err());
    }

    private static void refuses(Path dir, Map<String, String> refused) throws IOException {
        for (LayoutKind layout : LayoutKind.values()) {
            for (Map.Entry<String, String> e : refused.entrySet()) {
                if (layout == LayoutKind.PRISMA && e.getValue().equals("[migration-name-case]")) {
                    continue; // Prisma slugs every name to snake_case itself, as prisma migrate dev does
                }
                Cli r = Cli.run("new", e.getKey(), "--dir", dir.toString(), "--layout", layout.id());
                assertEquals(ExitCode.USAGE, r.exit(), layout + " " + r);
                assertEquals(1, r.err().lines().count(), r.err());
                assertTrue(
                        r.err().startsWith("miglint: not created: ") && r.err().contains(e.getValue()),
                        layout + ": " + r.err());
                try (Stream<Path> s = Files.list(dir)) {
                    assertEquals(List.of(), s.toList(), "nothing written for a refused name");
                }
            }
        }
    }

    @Test
    void theProjectsNamingOptionsApply() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Path dir = Files.createDirectories(project.resolve("migrations"));
        Files.writeString(project.resolve(".miglint.yaml"), "rules:\n  migration-name-verb: on\n");
        Cli before = Cli.run("new", "archive_old_orders", "--dir", dir.toString(), "--layout", "numbered");
        assertEquals(ExitCode.USAGE, before.exit(), "'archive' is not a default verb: " + before);
        Files.writeString(
                project.resolve(".miglint.yaml"),
                "rules:\n  migration-name-verb: on\nnaming:\n  extra-verbs: [archive]\n");
        Cli after = Cli.run("new", "archive_old_orders", "--dir", dir.toString(), "--layout", "numbered");
        assertEquals(0, after.exit(), after.toString());
        assertTrue(after.out().strip().endsWith("001_archive_old_orders.sql"), after.out());
    }

    @Test
    void inAFolderWithItsOwnConventionNewFollowsTheFolder() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("kebab/migrations"));
        List<String> names = List.of(
                "users-table",
                "orders-table",
                "orders-status",
                "users-email-unique",
                "invoices-table",
                "invoices-due-date",
                "orders-customer-index",
                "payments-table",
                "payments-provider",
                "users-last-login");
        for (int i = 0; i < names.size(); i++) {
            Files.writeString(dir.resolve((i + 1) + "_" + names.get(i) + ".up.sql"), "SELECT 1;\n");
            Files.writeString(dir.resolve((i + 1) + "_" + names.get(i) + ".down.sql"), "SELECT 1;\n");
        }
        Cli snake = Cli.run("new", "add_refunds_table", "--dir", dir.toString());
        assertEquals(ExitCode.USAGE, snake.exit(), snake.toString());
        assertTrue(snake.err().contains("[migration-name-case]") && snake.err().contains("kebab-case"), snake.err());
        Cli kebab = Cli.run("new", "refunds-table", "--dir", dir.toString());
        assertEquals(0, kebab.exit(), "object first and kebab-case, like the folder: " + kebab);
    }

    private static List<String> newMigration(String... args) {
        List<String> all = new ArrayList<>(List.of("new"));
        boolean named = Stream.of(args).anyMatch(a -> a.equals("add_orders_status"));
        if (!named) {
            all.add("add_users_phone");
        }
        all.addAll(List.of(args));
        Cli r = Cli.run(all.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        return r.out().lines().toList();
    }

    private static void assertNoNamingOrPairingFindings(Path dir, List<String> created) throws IOException {
        Map<String, RuleDescriptor> rules = RuleRegistry.instances().stream()
                .map(Rule::descriptor)
                .collect(Collectors.toMap(RuleDescriptor::id, Function.identity()));
        Set<Category> fileRules = Set.of(Category.NAMING, Category.PAIRING);
        Cli r = Cli.run("check", dir.toString(), "--format", "json", "--fail-on", "never");
        assertEquals(0, r.exit(), r.toString());
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals(0, report.get("errors").size(), r.out());
        List<String> bad = new ArrayList<>();
        for (JsonNode f : report.get("findings")) {
            RuleDescriptor d = rules.get(f.get("ruleId").asText());
            boolean aboutFiles = d == null
                    || fileRules.contains(d.category())
                    || d.id().equals("unrecognized-file")
                    || d.id().equals("syntax-error");
            if (aboutFiles) {
                bad.add(f.get("ruleId").asText() + " " + f.get("file").asText() + ": "
                        + f.get("message").asText());
            }
        }
        assertEquals(List.of(), bad, "created " + created);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
