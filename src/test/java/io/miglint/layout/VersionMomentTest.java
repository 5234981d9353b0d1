package io.miglint.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which versions tell the moment their migration was written (the age of a table its migration created). */
class VersionMomentTest {

    private static Optional<LocalDateTime> moment(String version) {
        return Version.parse(version).moment();
    }

    @Test
    void datesAndTimestampsInTheShapesToolsWrite() {
        assertEquals(Optional.of(LocalDateTime.of(2024, 9, 18, 17, 0, 7)), moment("20240918170007"));
        assertEquals(Optional.of(LocalDateTime.of(2022, 9, 8, 10, 23, 58)), moment("2022-09-08-102358"));
        assertEquals(Optional.of(LocalDateTime.of(2025, 9, 19, 13, 26, 48)), moment("2025-09-19-132648-0000"));
        assertEquals(Optional.of(LocalDateTime.of(2024, 1, 2, 15, 30, 0)), moment("20240102_153000"));
        assertEquals(Optional.of(LocalDateTime.of(2014, 2, 17, 0, 0)), moment("20140217"));
    }

    @Test
    void aCounterInTheTimePartGivesTheDay() {
        assertEquals(Optional.of(LocalDateTime.of(2025, 8, 1, 0, 0)), moment("2025-08-01-000060"));
    }

    @Test
    void sequenceNumbersAndImpossibleDatesTellNoMoment() {
        assertEquals(Optional.empty(), moment("001"));
        assertEquals(Optional.empty(), moment("84"));
        assertEquals(Optional.empty(), moment("1.2"));
        assertEquals(Optional.empty(), moment("1481574547"));
        assertEquals(Optional.empty(), moment("00000000000000"));
        assertEquals(Optional.empty(), moment("20241399000000"));
    }
}
