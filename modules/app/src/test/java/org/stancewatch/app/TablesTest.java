package org.stancewatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.ActorDay;

/** The `watch mentions` / demo table: undated rows are never "recent" and never decide the newest day. */
class TablesTest {

    private static ActorDay row(String actor, LocalDate day, int articles) {
        return ActorDay.newBuilder().setActorId(actor).setActorName(actor).setDay(day).setOutlet(null)
                .setMentions(articles).setArticles(articles).setOutlets(1).setFavor(0).setAgainst(0)
                .setNeutral(articles).setMixed(0).setNetStance(0).setMeanScore(0)
                .setUpdatedAt(null).build();
    }

    @Test
    void lastDaysCountsFromTheNewestDatedDayAndLeavesUndatedRowsOut() {
        List<ActorDay> rows = List.of(row("isis", LocalDate.of(2017, 7, 8), 2), row("isis", LocalDate.of(2017, 7, 21), 1),
                row("pmf", null, 3));
        String week = Tables.mentions(rows, null, 7).toString();
        assertTrue(week.contains("2017-07-21"), week);
        assertFalse(week.contains("2017-07-08"), "more than 7 days before the newest dated day:\n" + week);
        assertFalse(week.contains("undated") || week.contains("pmf"), "undated rows are in no period:\n" + week);

        String all = Tables.mentions(rows, null, 0).toString();
        List<String> lines = all.lines().filter(l -> l.contains("isis") || l.contains("pmf")).toList();
        assertEquals(3, lines.size(), all);
        assertTrue(lines.get(2).startsWith("undated") && lines.get(2).contains("pmf"), "undated last, labelled:\n" + all);
    }
}
