package org.stancewatch.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.StanceShiftAlert;

class LiveFeedTest {
    private static final String DAYS = "mentions.daily";
    private static final String ALERTS = "alerts.stance";

    private static <T> Deserializer<T> avro(ThrowingDecoder<T> decoder) {
        return (topic, data) -> {
            try {
                return decoder.decode(ByteBuffer.wrap(data));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    interface ThrowingDecoder<T> {
        T decode(ByteBuffer bytes) throws IOException;
    }

    @Test
    void fillsTheAlertRingFromTheStartAndSkipsBadRecords() throws Exception {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions(ALERTS, List.of(new PartitionInfo(ALERTS, 0, node, null, null), new PartitionInfo(ALERTS, 1, node, null, null)));
        consumer.updatePartitions(DAYS, List.of(new PartitionInfo(DAYS, 0, node, null, null)));
        TopicPartition alerts0 = new TopicPartition(ALERTS, 0);
        TopicPartition alerts1 = new TopicPartition(ALERTS, 1);
        TopicPartition days0 = new TopicPartition(DAYS, 0);
        consumer.updateBeginningOffsets(Map.of(alerts0, 0L, alerts1, 0L, days0, 0L));
        consumer.updateEndOffsets(Map.of(alerts0, 2L, alerts1, 0L, days0, 7L));

        List<EnrichedArticle> articles = Fixtures.articles();
        StanceShiftAlert first = Fixtures.alert("shift-1", "iraqi-army", "Iraqi army", "TOWARD_AGAINST", articles.get(4));
        StanceShiftAlert second = Fixtures.alert("shift-2", "pmf", "Popular Mobilization Forces", "TOWARD_FAVOR", articles.get(1));
        ActorDay day = Fixtures.actorDays(articles, false).get(0);
        consumer.schedulePollTask(() -> {
            try {
                consumer.addRecord(new ConsumerRecord<>(ALERTS, 0, 0, "iraqi-army".getBytes(), bytes(first.toByteBuffer())));
                consumer.addRecord(new ConsumerRecord<>(ALERTS, 0, 1, "junk".getBytes(), new byte[] {1, 2, 3}));
                consumer.addRecord(new ConsumerRecord<>(ALERTS, 1, 0, "pmf".getBytes(), bytes(second.toByteBuffer())));
                consumer.addRecord(new ConsumerRecord<>(DAYS, 0, 7, "k".getBytes(), bytes(day.toByteBuffer())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        AlertRing ring = new AlertRing(10);
        try (ApiServer server = new ApiServer(InMemoryQueries.withFixtures())) {
            LiveFeed feed = new LiveFeed(consumer, DAYS, ALERTS, avro(ActorDay::fromByteBuffer),
                    avro(StanceShiftAlert::fromByteBuffer), ring, server).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ring.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("shift-2", "shift-1"), ring.latest(5).stream().map(ApiModel.AlertView::id).toList(),
                    "both valid alerts, newest first; the corrupt one skipped");
            assertEquals(8L, consumer.position(days0), "daily counts are followed from the end");
            assertTrue(consumer.assignment().containsAll(List.of(alerts0, alerts1, days0)));
            feed.close();
        }
        assertTrue(consumer.closed());
    }

    @Test
    void ringKeepsTheNewestAndReplacesReplayedIds() {
        AlertRing ring = new AlertRing(2);
        List<EnrichedArticle> articles = Fixtures.articles();
        ApiModel.AlertView a = ApiModel.AlertView.from(Fixtures.alert("a", "isis", "ISIS", "UP", articles.get(0)));
        ApiModel.AlertView b = ApiModel.AlertView.from(Fixtures.alert("b", "isis", "ISIS", "UP", articles.get(0)));
        ApiModel.AlertView c = ApiModel.AlertView.from(Fixtures.alert("c", "isis", "ISIS", "UP", articles.get(0)));
        ring.add(a);
        ring.add(b);
        ring.add(a);
        assertEquals(List.of("a", "b"), ring.latest(10).stream().map(ApiModel.AlertView::id).toList());
        ring.add(c);
        assertEquals(List.of("c", "a"), ring.latest(10).stream().map(ApiModel.AlertView::id).toList());
        assertEquals(List.of("c"), ring.latest(1).stream().map(ApiModel.AlertView::id).toList());
    }
}
