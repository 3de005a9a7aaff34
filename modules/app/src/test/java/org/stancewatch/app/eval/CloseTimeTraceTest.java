package org.stancewatch.app.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.ActorDay;
import org.stancewatch.pipeline.alerts.DetectorParams;
import org.stancewatch.pipeline.alerts.InputWatermark;

/** The eval's fold of the detector's input: what each day looked like when it closed, and revisions after. */
class CloseTimeTraceTest {

    private static final LocalDate D0 = LocalDate.of(2025, 1, 6);
    private final List<ConsumerRecord<String, ActorDay>> records = new ArrayList<>();

    private void row(int day, long articles) {
        ActorDay d = ActorDay.newBuilder().setActorId("a").setActorName("A").setDay(D0.plusDays(day))
                .setArticles(articles).setMentions(articles).setFavor(0).setAgainst(0).setNeutral(articles).setMixed(0)
                .setMeanScore(0.0).build();
        records.add(new ConsumerRecord<>("by-actor", 0, records.size(), "a|" + d.getDay(), d));
    }

    private void watermark(int source, int day) {
        records.add(new ConsumerRecord<>("by-actor", 0, records.size(),
                new InputWatermark(source, D0.plusDays(day).toEpochDay()).key(), null));
    }

    @Test
    void recordsEachDayAsItStoodAtCloseAndTheRowsThatCameAfter() {
        row(0, 5);
        watermark(0, 2);
        row(1, 4);
        watermark(1, 1);   // both sources past day 1: low 1 -> closes day 1 - 1 - lateness 1 = day -1: nothing yet
        watermark(1, 3);   // low 2 -> day 0 closes with 5 articles
        row(0, 9);         // day 0 revised after it closed
        watermark(0, 4);   // low 3 -> day 1 closes with 4 articles
        CloseTimeTrace t = CloseTimeTrace.fold(records, 2, 1, DetectorParams.defaults(), D0, 34);

        assertEquals(5, t.atClose.get("a").get(D0).getArticles());
        assertEquals(4, t.atClose.get("a").get(D0.plusDays(1)).getArticles());
        assertFalse(t.atClose.get("a").containsKey(D0.plusDays(2)), "day 2 has not closed");
        assertEquals(List.of(9L), t.afterClose.get("a").stream().map(ActorDay::getArticles).toList());
        assertEquals(4, t.watermarks);
        assertEquals(3, t.rows);
    }

    @Test
    void aRowForADayThatClosedWithoutItIsARevision() {
        watermark(0, 5);
        watermark(1, 5);   // low 5 -> days up to 3 closed
        row(2, 7);         // a row for day 2 after it closed
        watermark(0, 6);
        watermark(1, 6);   // low 6 -> day 4 closes
        CloseTimeTrace t = CloseTimeTrace.fold(records, 2, 1, DetectorParams.defaults(), D0, 34);
        assertEquals(1, t.afterClose.get("a").size());
        assertNull(t.atClose.getOrDefault("a", java.util.Map.of()).get(D0.plusDays(2)));
    }
}
