package org.stancewatch.pipeline;

import org.apache.kafka.streams.StreamsBuilder;

/** A further sub-topology (e.g. the stance-shift alerts) built into the same {@code Topology}. */
@FunctionalInterface
public interface TopologyPart {
    void addTo(StreamsBuilder builder, PipelineSettings settings);
}
