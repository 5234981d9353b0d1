package io.miglint.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Where sqitch.conf puts the PostgreSQL registry, as sqitch looks it up (Target.pm {@code registry}). */
class SqitchConfTest {
    @Test
    void theDefaultIsSqitch() {
        assertEquals("sqitch", SqitchConf.parse("[core]\n\tengine = pg\n").registry());
        assertEquals("sqitch", SqitchConf.parse("").registry());
    }

    @Test
    void theEngineSectionNamesIt() {
        assertEquals(
                "app_registry",
                SqitchConf.parse("[core]\n\tengine = pg\n[engine \"pg\"]\n\tregistry = app_registry ; a comment\n")
                        .registry());
        assertEquals(
                "my reg",
                SqitchConf.parse("[engine \"pg\"]\n  registry = \"my reg\"\n").registry());
    }

    @Test
    void theTargetsRegistryComesFirst() {
        String conf = """
                [core]
                    engine = pg
                    target = prod
                [engine "pg"]
                    registry = engine_registry
                [target "prod"]
                    uri = db:pg://db/app
                    registry = prod_registry
                """;
        assertEquals("prod_registry", SqitchConf.parse(conf).registry());
        assertEquals(
                "engine_registry",
                SqitchConf.parse(conf.replace("registry = prod_registry", "")).registry());
    }

    @Test
    void otherEnginesRegistriesAreNotPostgres() {
        assertEquals(
                "sqitch",
                SqitchConf.parse("[engine \"sqlite\"]\n\tregistry = lite\n").registry());
    }
}
