package org.stancewatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

    @Test
    void keepsTheBaseAndAddsAcksAllIdempotenceAndOneRequestInFlight() {
        Map<String, Object> config = ProducerSettings.reliable(Map.of("bootstrap.servers", "b:9092",
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.ACKS_CONFIG, "1"));
        assertEquals("b:9092", config.get("bootstrap.servers"));
        assertEquals(20, config.get(ProducerConfig.LINGER_MS_CONFIG));
        assertEquals("all", config.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(true, config.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals(1, config.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION));
        // The result is the caller's to add to.
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
    }
}
