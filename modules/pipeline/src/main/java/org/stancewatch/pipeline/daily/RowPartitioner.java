package org.stancewatch.pipeline.daily;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.stancewatch.pipeline.alerts.InputWatermark;
import org.stancewatch.pipeline.internal.Contribution;

/**
 * Partitioner of the by-row repartition: a contribution goes where Kafka's default partitioner puts its row key
 * (murmur2 of the UTF-8 key), a watermark to every partition, so each counting task hears every input
 * partition's progress behind the contributions it follows.
 */
final class RowPartitioner implements StreamPartitioner<String, Contribution> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, Contribution value, int numPartitions) {
        if (value == null && InputWatermark.isWatermark(key)) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % numPartitions));
    }
}
