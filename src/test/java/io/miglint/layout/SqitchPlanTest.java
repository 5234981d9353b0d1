package io.miglint.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqitchPlanTest {
    static final String PLAN = "%syntax-version=1.0.0\n"
            + "%project=shop\n"
            + "%uri=https://Example.com\n"
            + "\n"
            + "# a comment line\n"
            + "schemas/app 2024-01-01T00:00:00Z Ann Lee <ann@example.com> # Create the app schema\n"
            + "tables/orders [schemas/app] 2024-01-02T00:00:00Z Ann Lee <ann@example.com> # Orders\\nwith a second line\n"
            + "@v1.0 2024-01-03T00:00:00Z Ann Lee <ann@example.com> # first release\n"
            + "tables/orders [tables/orders@v1.0 !other:legacy] 2024-01-04T00:00:00Z Bob <bob@example.com> # rework orders\n";

    /**
     * The ids sqitch 1.3.1 (Debian) stored in sqitch.changes when it deployed exactly this plan: the oracle for the
     * info text (uri made canonical, parent, planner, date, dependencies, the note's escaped newline).
     */
    @Test
    void changeIdsAreTheOnesSqitchStores() {
        SqitchPlan plan = SqitchPlan.parse(PLAN);
        assertEquals(
                List.of(
                        "64d8789aacda447b3cc2996e3df8d5f7697805e9",
                        "9b5b1b814f0dcd0e21c253356e0e6d54319d4539",
                        "791765684ab02ba539bf425405216c1bb0a16d8e"),
                plan.changes().stream().map(SqitchPlan.Change::id).toList());
    }

    @Test
    void readsPragmasChangesTagsDependenciesAndNotes() {
        SqitchPlan plan = SqitchPlan.parse(PLAN);
        assertEquals("shop", plan.project());
        assertEquals("https://Example.com", plan.uri());
        assertTrue(plan.problem().isEmpty(), plan.problem().toString());
        List<SqitchPlan.Change> c = plan.changes();
        assertEquals(
                List.of("schemas/app", "tables/orders", "tables/orders"),
                c.stream().map(SqitchPlan.Change::name).toList());
        assertEquals(List.of(6, 7, 9), c.stream().map(SqitchPlan.Change::line).toList());
        assertEquals(List.of("schemas/app"), c.get(1).requires());
        assertEquals(List.of("tables/orders@v1.0"), c.get(2).requires());
        assertEquals(List.of("other:legacy"), c.get(2).conflicts());
        assertEquals("Orders\nwith a second line", c.get(1).note());
        assertEquals("Ann Lee", c.get(1).plannerName());
        assertEquals("bob@example.com", c.get(2).plannerEmail());
        assertEquals(List.of("v1.0"), c.get(1).tags());
        // the earlier entry of a reworked change is the one whose scripts are name@tag.sql
        assertEquals(List.of("v1.0"), c.get(1).reworkTags());
        assertFalse(c.get(2).reworked());
        assertEquals("tables/orders@v1.0.sql", SqitchPlan.scriptPath(c.get(1), p -> false));
        assertEquals("tables/orders.sql", SqitchPlan.scriptPath(c.get(2), p -> true));
    }

    /** Plan.pm: the tags from the reworking back to the reworked change, nearest first; the first file found wins. */
    @Test
    void reworkTagsAreTriedNearestFirst() {
        SqitchPlan plan = SqitchPlan.parse("%project=p\n\n"
                + "a 2024-01-01T00:00:00Z A <a@x>\n"
                + "@t1 2024-01-01T00:00:00Z A <a@x>\n"
                + "b 2024-01-01T00:00:00Z A <a@x>\n"
                + "@t2 2024-01-01T00:00:00Z A <a@x>\n"
                + "a 2024-01-02T00:00:00Z A <a@x>\n");
        SqitchPlan.Change first = plan.changes().get(0);
        assertEquals(List.of("t2", "t1"), first.reworkTags());
        assertEquals("a@t2.sql", SqitchPlan.scriptPath(first, p -> false));
        assertEquals("a@t1.sql", SqitchPlan.scriptPath(first, Set.of("a@t1.sql")::contains));
    }

    @Test
    void problemsNameTheirLineAndKeepWhatCameBefore() {
        SqitchPlan missingPlanner =
                SqitchPlan.parse("%project=p\n\na 2024-01-01T00:00:00Z A <a@x>\nb 2024-01-01T00:00:00Z\n");
        assertEquals(
                List.of("a"),
                missingPlanner.changes().stream().map(SqitchPlan.Change::name).toList());
        assertEquals(
                new SqitchPlan.Problem(4, "Missing planner name and email"),
                missingPlanner.problem().orElseThrow());

        SqitchPlan duplicate =
                SqitchPlan.parse("%project=p\n\na 2024-01-01T00:00:00Z A <a@x>\na 2024-01-01T00:00:00Z A <a@x>\n");
        assertEquals(
                "Change \"a\" duplicates earlier declaration on line 3",
                duplicate.problem().orElseThrow().message());

        SqitchPlan noProject = SqitchPlan.parse("%syntax-version=1.0.0\n\na 2024-01-01T00:00:00Z A <a@x>\n");
        assertEquals(
                "Missing %project pragma in sqitch.plan",
                noProject.problem().orElseThrow().message());
        assertTrue(noProject.changes().isEmpty());

        SqitchPlan tagFirst = SqitchPlan.parse("%project=p\n\n@v1 2024-01-01T00:00:00Z A <a@x>\n");
        assertEquals(3, tagFirst.problem().orElseThrow().line());

        SqitchPlan badName = SqitchPlan.parse("%project=p\n\n-a- 2024-01-01T00:00:00Z A <a@x>\n");
        assertTrue(badName.problem().orElseThrow().message().startsWith("Invalid name"), badName.toString());
    }
}
