package org.stancewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.embedded.EmbeddedCluster;
import org.stancewatch.events.Topics;

/**
 * The partition count (issue 11.5) applies when topics are created; a later, different count leaves existing topics
 * alone (they cannot shrink, and growing strands keyed state) and says so for each topic.
 */
class TopicSetupPartitionsTest {

    @TempDir
    Path dir;

    @Test
    void createsWithTheCountAndWarnsWhenExistingTopicsDiffer() throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start(dir, 0, 0);
             Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", cluster.bootstrapServers()))) {
            Topics topics = Topics.defaults();
            new TopicSetup(topics, 3, (short) 1).ensure(admin);
            assertEquals(3, partitions(admin, topics.articles()));
            assertEquals(3, partitions(admin, topics.mentionsDaily()));
            assertEquals(List.of(), new TopicSetup(topics, 3, (short) 1).partitionMismatches(admin));

            List<String> more = new TopicSetup(topics, 8, (short) 1).partitionMismatches(admin);
            assertEquals(7, more.size(), more::toString); // every topic the pipeline owns
            assertTrue(more.stream().anyMatch(w -> w.startsWith("topic 'mentions.daily' has 3 partitions, 8 were asked for")
                    && w.contains("re-process")), more::toString);
            List<String> fewer = new TopicSetup(topics, 2, (short) 1).partitionMismatches(admin);
            assertTrue(fewer.stream().allMatch(w -> w.contains("cannot remove partitions")), fewer::toString);

            new TopicSetup(topics, 8, (short) 1).ensure(admin);
            assertEquals(3, partitions(admin, topics.articles()), "existing topics are left as they are");
        }
    }

    private static int partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }
}
