package org.stancewatch.pipeline;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.stancewatch.events.serde.AvroSerde;

/** Confluent-wire-format Avro serdes configured from the pipeline's settings (registry URL, auth, ...). */
public final class PipelineSerdes {

    private PipelineSerdes() {
    }

    public static <T extends SpecificRecord> AvroSerde<T> value(Class<T> type, Map<String, ?> serdeConfig) {
        AvroSerde<T> serde = new AvroSerde<>(type);
        serde.configure(serdeConfig, false);
        return serde;
    }
}
