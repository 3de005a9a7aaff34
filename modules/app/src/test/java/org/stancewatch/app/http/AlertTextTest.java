package org.stancewatch.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The plain sentence for each kind of alert: numbers a reader can check, no statistics jargon. */
class AlertTextTest {
    private static final LocalDate DAY = LocalDate.of(2017, 7, 21);

    @Test
    void stanceShiftSaysWhichWayAndHowMuchInShares() {
        assertEquals("Coverage of Popular Mobilization Forces in Reuters turned more favourable around 21 July 2017: 75% of"
                        + " the 4 latest articles were favourable, against 20% of the 10 articles before.",
                AlertText.headline("STANCE_SHIFT", "Popular Mobilization Forces", "pmf", "Reuters", DAY, "TOWARD_FAVOR",
                        "favor_share", 0.2, 0.75, 10, 4));
    }

    @Test
    void stanceShiftOnAnotherMetricExplainsTheScale() {
        assertEquals("Coverage of isis turned more critical around 21 July 2017: the tone of the 3 latest articles went from"
                        + " -0.10 to -0.80 (from -1, all critical, to +1, all favourable).",
                AlertText.headline("STANCE_SHIFT", "", "isis", null, DAY, "TOWARD_AGAINST", "net_stance", -0.1, -0.8, 9, 3));
    }

    @Test
    void mentionBurstComparesWithTheUsualDay() {
        assertEquals("Iraq was in the news far more than usual on 21 July 2017: 12 articles, about 4.8 times the usual 2.5 a day.",
                AlertText.headline("MENTION_BURST", "Iraq", "iraq", null, DAY, "UP", "mentions", 2.5, 12, 30, 12));
        assertEquals("Iraq was in the news far more than usual on 21 July 2017: 1 article, where there were almost none before.",
                AlertText.headline("MENTION_BURST", "Iraq", "iraq", null, DAY, "UP", "mentions", 0, 1, 0, 1));
    }
}
