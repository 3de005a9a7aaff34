package org.stancewatch.pipeline.daily;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stancewatch.pipeline.TestSupport.enriched;
import static org.stancewatch.pipeline.TestSupport.part;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Stance;
import org.stancewatch.events.Topics;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.PipelineSettings;
import org.stancewatch.pipeline.TestSupport;

/**
 * Bytes the daily counts write to {@code mentions.daily} (key + value, Confluent Avro) per article, on a
 * generated backfill: {@code -Dbench.articles=100000} for the figure in BENCHMARKS.md (default 20,000 in the suite);
 * {@code -Dbench.days=N} spreads them over N days (default 100; fewer days, busier rows).
 * {@code -Dbench.rate=R} (default 1,000) is the articles/s reaching the count step: after each article the test
 * advances the driver's wall clock by 1/R s, so the count step's punctuator sends the rows changed since its last
 * flush once per flush interval, as in a real run at that rate; {@code -Dbench.flush.ms=M} sets
 * {@code stancewatch.daily.flush.interval.ms} (default 200).
 *
 * <pre>./mvnw -B -o -q -pl modules/pipeline -am test -Dtest=MentionsDailyBytesTest -Dbench.articles=100000 \
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class MentionsDailyBytesTest {

    @Test
    void rowsStayConstantSizeHoweverManyArticlesTheyCount() {
        int articles = Integer.getInteger("bench.articles", 20_000);
        int days = Integer.getInteger("bench.days", 100);
        double rate = Double.parseDouble(System.getProperty("bench.rate", "1000"));
        long clockMs = 0;
        String flushSetting = System.getProperty("bench.flush.ms");
        Properties props = TestSupport.driverProps(flushSetting == null ? Map.of()
                : Map.of(DailyMentionsTopology.FLUSH_INTERVAL_MS, flushSetting));
        Map<String, Object> serdeConfig = TestSupport.serdeConfig(props);
        long commitMs = DailyCountProcessor.flushIntervalMs(serdeConfig);
        StreamsBuilder builder = new StreamsBuilder();
        DailyMentionsTopology.addTo(builder, PipelineSettings.from(props));
        long bytes = 0;
        long records = 0;
        long largest = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, EnrichedArticle> in = driver.createInputTopic(Topics.ENRICHED,
                    Serdes.String().serializer(), PipelineSerdes.value(EnrichedArticle.class, serdeConfig).serializer());
            TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(Topics.MENTIONS_DAILY,
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            // bench.days (100) days x 30 actors, a few actors much busier than the rest (as in the news), 8 outlets, 1-3 actors an
            // article: the busiest rows count hundreds of articles.
            Random rnd = new Random(11);
            LocalDate start = LocalDate.of(2017, 1, 1);
            String[] stances = {"AGAINST", "FAVOR", "NEUTRAL", "NEUTRAL"};
            for (int i = 0; i < articles; i++) {
                LocalDate day = start.plusDays((long) i * days / articles);
                int n = 1 + rnd.nextInt(3);
                TestSupport.ActorPart[] parts = new TestSupport.ActorPart[n];
                for (int k = 0; k < n; k++) {
                    int actor = (int) Math.floor(Math.pow(rnd.nextDouble(), 3) * 30);
                    Stance stance = Stance.valueOf(stances[rnd.nextInt(stances.length)]);
                    parts[k] = part("actor-" + actor + "-" + k, 1 + rnd.nextInt(3), stance, rnd.nextDouble() * 2 - 1);
                }
                String id = String.format("article-%08d", i);
                in.pipeInput(id, enriched(id, "outlet-" + rnd.nextInt(8), day, parts));
                // The wall clock a real run spends on this article at bench.rate articles/s: the count step sends the
                // rows changed since its last flush once per flush interval of it.
                long due = (long) ((i + 1) * 1000.0 / rate);
                if (due > clockMs) {
                    driver.advanceWallClockTime(Duration.ofMillis(due - clockMs));
                    clockMs = due;
                }
                if (i == articles - 1) {
                    driver.advanceWallClockTime(Duration.ofMillis(commitMs));
                }
                if (i % 1000 == 999 || i == articles - 1) {
                    for (TestRecord<byte[], byte[]> r : out.readRecordsToList()) {
                        long size = r.key().length + (r.value() == null ? 0 : r.value().length);
                        bytes += size;
                        largest = Math.max(largest, size);
                        records++;
                    }
                }
            }
        }
        System.out.printf("mentions.daily: %d articles over %d days at %.0f articles/s, flushed every %d ms -> %d records, "
                        + "%d bytes (%.1f MB per 100,000 articles), largest record %d bytes%n", articles, days, rate,
                commitMs, records, bytes, bytes * 100_000.0 / articles / 1e6,
                largest);
        assertTrue(largest < 400, "a row of counts stays small however many articles it counts: " + largest + " bytes");
    }
}
