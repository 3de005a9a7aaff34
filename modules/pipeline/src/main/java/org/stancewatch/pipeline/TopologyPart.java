package org.stancewatch.pipeline;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.stancewatch.events.ActorDay;

/** A further sub-topology (e.g. the stance-shift alerts) built into the same {@code Topology}. */
@FunctionalInterface
public interface TopologyPart {
    void addTo(StreamsBuilder builder, PipelineSettings settings);

    /**
     * As {@link #addTo(StreamsBuilder, PipelineSettings)}, with the daily counts' own stream: the rows as sent to
     * {@code mentions.daily} interleaved with watermarks (see {@code DailyMentionsTopology.addTo}). A part that
     * needs to know when a day's counts are complete (the alerts) overrides this one.
     */
    default void addTo(StreamsBuilder builder, PipelineSettings settings, KStream<String, ActorDay> dailyWithWatermarks) {
        addTo(builder, settings);
    }
}
