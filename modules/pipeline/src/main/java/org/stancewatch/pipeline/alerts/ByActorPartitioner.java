package org.stancewatch.pipeline.alerts;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.stancewatch.events.ActorDay;

/**
 * Partitioner of the by-actor repartition topic: every row of an actor (all-outlet and per-outlet, any day)
 * goes to the partition of its actor id, so one detector task holds each series whole; watermarks go to every
 * partition. Rows keep their {@code actorId|day[|outlet]} key (a tombstone has nothing else to say which row it
 * deletes).
 */
final class ByActorPartitioner implements StreamPartitioner<String, ActorDay> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, ActorDay value, int numPartitions) {
        if (value == null && InputWatermark.isWatermark(key)) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
        String actorId = value != null && value.getActorId() != null ? value.getActorId() : actorOf(key);
        return Optional.of(Set.of(partitionOf(actorId, numPartitions)));
    }

    static int partitionOf(String actorId, int numPartitions) {
        return Utils.toPositive(Utils.murmur2(actorId.getBytes(StandardCharsets.UTF_8))) % numPartitions;
    }

    private static String actorOf(String key) {
        if (key == null) {
            return "";
        }
        int bar = key.indexOf('|');
        return bar < 0 ? key : key.substring(0, bar);
    }
}
