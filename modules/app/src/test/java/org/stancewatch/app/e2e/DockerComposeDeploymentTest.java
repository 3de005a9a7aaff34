package org.stancewatch.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.stancewatch.app.Stancewatch;
import org.stancewatch.app.TopicReader;
import org.stancewatch.events.Article;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroDeserializer;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The docker-compose deployment: real Apache Kafka, Confluent Schema Registry and stancewatch in external mode.
 * Needs a Docker engine; skipped where there is none (the build machine has none).
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerComposeDeploymentTest {

    @Container
    static final ComposeContainer COMPOSE = new ComposeContainer(new File("../../docker-compose.yml"))
            .withLocalCompose(true)
            .withExposedService("schema-registry", 8081, Wait.forHttp("/subjects").forStatusCode(200))
            .withExposedService("stancewatch", 8080, Wait.forHttp("/api/actors")
                    .withHeader("Authorization", "Bearer change-me").forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(10)));

    @Test
    void seedsFedFromTheHostAreReadBackThroughConfluentSchemaRegistry() {
        String registry = "http://" + COMPOSE.getServiceHost("schema-registry", 8081) + ":"
                + COMPOSE.getServicePort("schema-registry", 8081);
        String bootstrap = "localhost:29092"; // the compose file's HOST listener, advertised as localhost:29092
        int code = Stancewatch.commandLine().execute("feed", "--bootstrap-servers", bootstrap,
                "--schema-registry-url", registry, "--data-dir", Path.of("target/compose-test").toString(), "../../seeds");
        assertEquals(0, code);
        AvroDeserializer<Article> d = new AvroDeserializer<>(Article.class);
        d.configure(Map.of("schema.registry.url", registry), false);
        try (TopicReader<Article> r = new TopicReader<>(Map.of("bootstrap.servers", bootstrap), Topics.ARTICLES, d)) {
            Set<String> ids = r.readToEnd(Duration.ofMinutes(1)).stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            assertEquals(5, ids.size());
        }
    }
}
