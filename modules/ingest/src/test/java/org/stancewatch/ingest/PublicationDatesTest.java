package org.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublicationDatesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Sat, 08 Jul 2017 10:15:00 GMT   | 2017-07-08T10:15:00Z",
            "Sat, 8 Jul 2017 10:15:00 +0300  | 2017-07-08T07:15:00Z",
            "8 Jul 2017 10:15 -0500          | 2017-07-08T15:15:00Z",
            "Sat, 08 Jul 17 10:15:00 GMT     | 2017-07-08T10:15:00Z",
            "Sat, 08 Jul 2017 10:15:00 UT    | 2017-07-08T10:15:00Z",
            "Sat, 08 Jul 2017 10:15:00 EST   | 2017-07-08T15:15:00Z",
            "sat, 08 jul 2017 10:15:00 gmt   | 2017-07-08T10:15:00Z",
    })
    void rfc822(String text, String expected) {
        assertEquals(Instant.parse(expected), PublicationDates.parseRfc822(text));
        assertEquals(Instant.parse(expected), PublicationDates.parse(text).instant());
    }

    @Test
    void isoDatesAndDateTimes() {
        assertEquals(LocalDate.of(2017, 7, 21), PublicationDates.parse("2017-07-21").date());
        assertEquals(Instant.parse("2017-07-21T07:00:00Z"), PublicationDates.parse("2017-07-21T10:00:00+03:00").instant());
        assertEquals(Instant.parse("2017-07-21T10:00:00.250Z"), PublicationDates.parse("2017-07-21T10:00:00.250Z").instant());
        assertEquals(Instant.parse("2017-07-21T10:00:00Z"), PublicationDates.parse("2017-07-21T10:00:00").instant(),
                "no offset: UTC");
    }

    @Test
    void unparseableDatesSayWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublicationDates.parse("21/07/2017"));
        assertTrue(e.getMessage().startsWith("unparseable date '21/07/2017' (expected ISO-8601"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PublicationDates.parse("2017-02-30"));
        assertThrows(IllegalArgumentException.class, () -> PublicationDates.parse("  "));
    }
}
