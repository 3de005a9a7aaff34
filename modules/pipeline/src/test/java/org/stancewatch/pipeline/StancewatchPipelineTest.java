package org.stancewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.stancewatch.pipeline.catalogue.LiveCatalogue;

class StancewatchPipelineTest {

    private final Properties props = TestSupport.driverProps(Map.of());

    private Topology topology() {
        LiveCatalogue catalogue = new LiveCatalogue(actors -> {
            throw new AssertionError("no article is processed in this test");
        });
        return StancewatchPipeline.buildTopology(PipelineSettings.from(props), catalogue,
                List.of(StancewatchPipeline.alerts()), Clock.systemUTC());
    }

    @Test
    void everyProcessorStoreAndInternalTopicIsNamed() {
        String description = topology().describe().toString();
        // Generated names (KSTREAM-AGGREGATE-0000000012, ...) shift when the topology changes, orphaning state.
        Matcher generated = Pattern.compile("K(STREAM|TABLE)-[A-Z-]+-\\d{10}").matcher(description);
        Set<String> unnamed = new TreeSet<>();
        while (generated.find()) {
            unnamed.add(generated.group());
        }
        assertEquals(Set.of(), unnamed, description);
        for (String store : List.of(StoreNames.ARTICLES, StoreNames.MENTIONS_DAILY, StoreNames.MENTIONS_DAILY_OUTLET,
                StoreNames.ACTORS, StoreNames.DEDUP_ARTICLES, StoreNames.DEDUP_BAND_INDEX,
                StoreNames.DEDUP_PENDING, StoreNames.DEDUP_PENDING_ARTICLES)) {
            assertTrue(description.contains(store), store);
        }
        assertTrue(description.contains("alerts-detector"));
    }

    @Test
    void subTopologiesAreEnrichDedupDailyAndAlerts() {
        TopologyDescription description = topology().describe();
        assertEquals(1, description.globalStores().size(), "the actor catalogue");
        assertTrue(description.subtopologies().size() >= 5, description.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(), props)) {
            Set<String> stores = driver.getAllStateStores().keySet();
            assertTrue(stores.containsAll(List.of(StoreNames.ARTICLES, StoreNames.MENTIONS_DAILY,
                    StoreNames.MENTIONS_DAILY_OUTLET, StoreNames.ACTORS)), stores.toString());
            assertFalse(stores.isEmpty());
        }
    }
}
