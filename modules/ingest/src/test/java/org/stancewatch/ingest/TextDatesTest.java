package org.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dates written in text, and which of a page's dates is the article's. */
class TextDatesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 1, 2);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "12 July 2017               | 2017-07-12",
            "July 12, 2017              | 2017-07-12",
            "July 12 2017               | 2017-07-12",
            "JULY 7, 2017               | 2017-07-07",
            "Sunday, 20 January 2019    | 2019-01-20",
            "Wednesday, July 12, 2017   | 2017-07-12",
            "1st Aug. 2017              | 2017-08-01",
            "Sept 3, 2017               | 2017-09-03",
            "08.07.2017                 | 2017-07-08",
            "08-07-2017                 | 2017-07-08",
            "13/07/2017                 | 2017-07-13",
            "07/13/2017                 | 2017-07-13",
            "2017-07-12                 | 2017-07-12",
            "12 July 2017.              | 2017-07-12",
    })
    void parsesEachWrittenFormat(String text, String expected) {
        assertEquals(LocalDate.parse(expected), PublicationDates.parseWritten(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "08/07/2017",          // slashes, both numbers <= 12: 8 July or August 7? Not taken.
            "31 June 2017",        // no such day
            "45.07.2017",
            "July 2017",           // no day
            "12 July 2017 was hot" // not only a date
    })
    void rejectsAmbiguousImpossibleAndNonDates(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublicationDates.parseWritten(text));
        assertTrue(e.getMessage().contains(text.strip()), e.getMessage());
    }

    @Test
    void findsDatesInRunningTextWithTheirPositions() {
        String text = "On July 10, 2017 the city fell; on 08.07.2017 it was close. From June 2014 to July 2017.";
        List<PublicationDates.WrittenDate> found = PublicationDates.findWritten(text);
        assertEquals(List.of(LocalDate.of(2017, 7, 10), LocalDate.of(2017, 7, 8)),
                found.stream().map(PublicationDates.WrittenDate::date).toList());
        assertEquals("July 10, 2017", text.substring(found.get(0).start(), found.get(0).end()));
    }

    private static Optional<TextDates.Found> find(String text) {
        return TextDates.find(text.lines().toList(), TODAY);
    }

    @Test
    void aDateLineBelowThePageDateWins() {
        Optional<TextDates.Found> f = find("Sunday, 20 January 2019\nLatest news\nMain \u00bb Headline here\n\n"
                + "Headline here\n\n12 July 2017\n\nThe first paragraph of the article is long enough to be running text, "
                + "and it ends with a full stop.\n");
        assertEquals(Optional.of(new TextDates.Found(LocalDate.of(2017, 7, 12), DateSource.TEXT_DATELINE)), f);
    }

    @Test
    void aPageDateAloneIsUsedAndSaysSo() {
        Optional<TextDates.Found> f = find("Sunday, 20 January 2019\nLatest news\nHeadline here\n\n"
                + "The first paragraph of the article is long enough to be running text, and it ends with a full stop.\n");
        assertEquals(Optional.of(new TextDates.Found(LocalDate.of(2019, 1, 20), DateSource.PAGE_DATE)), f);
    }

    @Test
    void aFirstLineDateWithoutWeekdayIsTheArticlesDate() {
        assertEquals(Optional.of(new TextDates.Found(LocalDate.of(2019, 1, 20), DateSource.TEXT_DATELINE)),
                find("20 January 2019\nHeadline here\nBody."));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Posted on July 8, 2017 by martyrashrakat",
            "By Basma Qaddour, 08.07.2017",
            "Published: 2017-07-08 10:15 GMT",
            "Updated 8 July 2017 | 14:30",
    })
    void bylineDates(String byline) {
        assertEquals(Optional.of(new TextDates.Found(LocalDate.of(2017, 7, 8), DateSource.TEXT_DATELINE)),
                find("Headline here\n" + byline + "\n\nThe first paragraph of the article is long enough to be running "
                        + "text, and it ends with a full stop."));
    }

    @Test
    void aDatelineOpeningTheFirstParagraph() {
        assertEquals(Optional.of(new TextDates.Found(LocalDate.of(2017, 7, 12), DateSource.TEXT_DATELINE)),
                find("Headline here\n\nBAGHDAD, July 12, 2017 \u2014 Iraqi forces said on Wednesday that the battle "
                        + "for the old city was over."));
    }

    @Test
    void datesInTheBodyAndHeadlineDatesAreNotTheArticlesDate() {
        // Both dates are about events: in a sentence of the first paragraph, and in a headline that says more.
        assertEquals(Optional.empty(), find("Mosul victory\n\nOn July 10, 2017 Iraq's Prime Minister Haidar al-Abadi "
                + "declared Mosul completely liberated from the terrorists.\n\nMore text."));
        assertEquals(Optional.empty(), find("BATTLE FOR MOSUL \u2013 JULY 7, 2017: IRAQI FORCES PURGING REMAINING "
                + "ISIS TERRORISTS\n\nText."));
    }

    @Test
    void aFutureDateIsNotAPublicationDate() {
        assertEquals(Optional.empty(), find("Headline\n12 July 2031\n\nBody text of the article here, long enough to "
                + "count as a paragraph of running text."));
    }

    @Test
    void headlinesSkipBylinesDatesAndChrome() {
        assertEquals("U.S. calls Mosul victory a 'critical milestone'", Headlines.choose(List.of(
                "Sunday, 20 January 2019", "Latest news", "Main \u00bb U.S. calls Mosul victory a 'critical milestone'",
                "", "U.S. calls Mosul victory a 'critical milestone'", "", "12 July 2017", "",
                "\"The scale and gravity of the loss of civilian lives must immediately be publicly acknowledged\", said X.")));
        assertEquals("By the numbers: how the battle for Mosul was won street by street", Headlines.choose(List.of(
                "By Basma Qaddour", "By the numbers: how the battle for Mosul was won street by street", "",
                "The battle for Mosul lasted nine months and cost thousands of lives, officials said on Monday.")));
        assertEquals("Mosul victory", Headlines.choose(List.of("Mosul victory", "",
                "The great victory achieved against ISIS in Mosul is considered a great incentive for both countries.")));
        String lead = "On Saturday, Iraqi security forces (ISF) liberated the strategic Old Mosul city, the last ISIS "
                + "stronghold in the city of Mosul, the Iraqi military has declared.";
        String title = Headlines.choose(List.of("Posted on by martyrashrakat", "", "South front", "", "08.07.2017", "", lead));
        assertTrue(title.endsWith("\u2026") && lead.startsWith(title.substring(0, title.length() - 1))
                && title.length() <= 121, title);
    }
}
