package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.gate.Ledger;
import io.miglint.layout.LayoutKind;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The verifier creates each tool's tracking table with the DDL the release gate's ledgers use, which the real-tool
 * comparison tests hold to the tools' own.
 */
class TrackingTableTest {
    @ParameterizedTest
    @EnumSource(
            value = LayoutKind.class,
            names = {"GOLANG_MIGRATE", "DBMATE", "SQLX", "DIESEL", "FLYWAY"})
    void theVerifiersTrackingTableIsTheLedgersTable(LayoutKind layout) {
        // The ledgers quote their (configurable) names; the default names are plain lower case either way.
        assertEquals(
                Optional.of(String.join("; ", Ledger.of(layout, null).createStatements())
                        .replace("\"", "")),
                TrackingTable.ddl(layout));
    }

    @ParameterizedTest
    @EnumSource(
            value = LayoutKind.class,
            names = {"NUMBERED", "ROLLBACK_SUFFIX"})
    void psqlStyleLayoutsGetNone(LayoutKind layout) {
        assertEquals(Optional.empty(), TrackingTable.ddl(layout));
    }
}
