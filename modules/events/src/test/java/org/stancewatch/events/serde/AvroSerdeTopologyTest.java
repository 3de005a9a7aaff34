package org.stancewatch.events.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.Article;
import org.stancewatch.events.CandidateName;
import org.stancewatch.events.EventSamples;
import org.stancewatch.events.registry.SchemaRegistryClients;

/** The serdes inside Kafka Streams, the way the pipeline's TopologyTestDriver tests will use them. */
class AvroSerdeTopologyTest {

    private static final String SCOPE = "topology-test";
    private static final Map<String, Object> SERDE_CONFIG = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);

    @AfterEach
    void dropScope() {
        SchemaRegistryClients.dropScope(SCOPE);
    }

    @Test
    void explicitAndDefaultSerdesShareTheMockRegistry() {
        AvroSerde<Article> articles = new AvroSerde<>(Article.class);
        articles.configure(SERDE_CONFIG, false);
        StreamsBuilder builder = new StreamsBuilder();
        // Output uses the default value serde, created by Kafka Streams from its class name and configured from the props.
        builder.stream("articles", Consumed.with(Serdes.String(), articles))
                .mapValues(article -> (Object) CandidateName.newBuilder().setName(article.getOutlet()).setCount(1).build())
                .to("names", Produced.keySerde(Serdes.String()));

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "serde-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, AvroSerde.class.getName());
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, Article> in = driver.createInputTopic("articles", Serdes.String().serializer(), articles.serializer());
            AvroDeserializer<CandidateName> names = new AvroDeserializer<>(CandidateName.class);
            names.configure(SERDE_CONFIG, false);
            TestOutputTopic<String, CandidateName> out = driver.createOutputTopic("names", Serdes.String().deserializer(), names);

            in.pipeInput("a-1", EventSamples.article());

            assertEquals(List.of(CandidateName.newBuilder().setName("Alwaght").setCount(1).build()), out.readValuesToList());
        }
        List<String> subjects = SchemaRegistryClients.mockScope(SCOPE).subjects();
        assertEquals(List.of("articles-value", "names-value"), subjects);
    }

    @Test
    void defaultSerdeDecodesIntoTheWritersGeneratedClass() {
        AvroSerde<Article> articles = new AvroSerde<>(Article.class);
        articles.configure(SERDE_CONFIG, false);
        byte[] bytes = articles.serializer().serialize("articles", EventSamples.article());
        try (AvroSerde<?> byName = new AvroSerde<>()) {
            byName.configure(SERDE_CONFIG, false);
            Object decoded = byName.deserializer().deserialize("articles", bytes);
            assertInstanceOf(Article.class, decoded);
            assertEquals(EventSamples.article(), decoded);
        }
    }

    @Test
    void defaultSerdeRefusesRecordsWithoutAGeneratedClass() {
        Schema unknown = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"Elsewhere\",\"namespace\":\"com.example\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");
        GenericData.Record record = new GenericData.Record(unknown);
        record.put("x", 1);
        GenericAvroSerde generic = new GenericAvroSerde();
        generic.configure(SERDE_CONFIG, false);
        byte[] bytes = generic.serializer().serialize("other", record);
        AvroSerde<?> byName = new AvroSerde<>();
        byName.configure(SERDE_CONFIG, false);
        AvroDeserializationException e = assertThrows(AvroDeserializationException.class,
                () -> byName.deserializer().deserialize("other", bytes));
        assertEquals(AvroDeserializationException.Reason.INCOMPATIBLE_SCHEMA, e.reason());
        assertTrue(e.getMessage().contains("com.example.Elsewhere"), e.getMessage());
    }
}
