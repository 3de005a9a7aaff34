package org.stancewatch.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.internals.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts transactions left open on a partition that their coordinator no longer tracks.
 *
 * <p>After a SIGKILL of the process holding both the broker and Kafka Streams, a partition can keep an open
 * transaction (data, no marker) of a producer epoch whose coordinator state is already {@code Empty} at a
 * later epoch. Nothing ever writes its marker, so the last stable offset stays below it for good and every
 * read_committed reader stops there (Streams' changelog restoration included: the pipeline stalls). This is
 * what {@code kafka-transactions.sh find-hanging} / {@code abort} handle by hand; it runs here at broker start,
 * before any client of this data directory, so no live transaction can be mistaken for a hanging one.
 *
 * <p>{@code __consumer_offsets} is swept too: the same lost transaction usually carried Streams' offset commit
 * ({@code sendOffsetsToTransaction}), and a transactional offset commit without a marker stays pending, so the
 * group coordinator answers every committed-offset fetch of that group with UNSTABLE_OFFSET_COMMIT and a
 * restarted stream thread waits in {@code KafkaConsumer.committed()} for ever (seen after a SIGKILL, CHAOS.md).
 * Only {@code __transaction_state} is left out: it is the coordinator's own log, never written transactionally.
 */
final class HangingTransactions {
    private static final Logger log = LoggerFactory.getLogger(HangingTransactions.class);

    private HangingTransactions() {
    }

    /** Aborts every hanging transaction on the broker's partitions, offsets topic included; returns how many. */
    static int abortAll(String bootstrapServers) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> topics = new TreeSet<>(admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names().get());
            topics.remove(Topic.TRANSACTION_STATE_TOPIC_NAME);
            if (topics.isEmpty()) {
                return 0;
            }
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description.partitions()
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            int aborted = 0;
            for (var entry : admin.describeProducers(partitions).all().get().entrySet()) {
                for (ProducerState producer : entry.getValue().activeProducers()) {
                    if (producer.currentTransactionStartOffset().isPresent()
                            && !coordinatorTracks(admin, entry.getKey(), producer)) {
                        log.warn("Aborting hanging transaction of producer {} epoch {} on {} from offset {}",
                                producer.producerId(), producer.producerEpoch(), entry.getKey(),
                                producer.currentTransactionStartOffset().getAsLong());
                        if (abort(admin, entry.getKey(), producer)) {
                            aborted++;
                        }
                    }
                }
            }
            return aborted;
        }
    }

    /**
     * Writes the abort marker; false when the transaction ended meanwhile. That happens when the coordinator,
     * loading its log after the crash, completes a transaction between our look at the partition and the abort:
     * its marker carries the next epoch (transactions v2), so the broker refuses ours as of an old epoch, which is
     * exactly the protection we rely on. Other failures are logged, not thrown: a broker that refuses to start
     * helps nobody, and a transaction still left hanging shows up as a stalled pipeline with this warning above.
     */
    private static boolean abort(Admin admin, TopicPartition partition, ProducerState producer) throws InterruptedException {
        try {
            admin.abortTransaction(new AbortTransactionSpec(partition, producer.producerId(),
                    (short) producer.producerEpoch(), producer.coordinatorEpoch().orElse(0))).all().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidProducerEpochException) {
                log.info("Transaction of producer {} epoch {} on {} was ended by its coordinator meanwhile",
                        producer.producerId(), producer.producerEpoch(), partition);
            } else {
                log.warn("Could not abort the hanging transaction of producer {} epoch {} on {}: {}. If the pipeline"
                                + " stalls, abort it with kafka-transactions.sh abort --topic {} --partition {} --start-offset {}",
                        producer.producerId(), producer.producerEpoch(), partition, e.getCause().toString(),
                        partition.topic(), partition.partition(), producer.currentTransactionStartOffset().getAsLong());
            }
            return false;
        }
    }

    /**
     * Whether the coordinator will finish this transaction itself: it is in progress there at the same epoch
     * with this partition (it then aborts it on timeout or when the producer is fenced), or being completed.
     */
    private static boolean coordinatorTracks(Admin admin, TopicPartition partition, ProducerState producer)
            throws InterruptedException, ExecutionException {
        Optional<String> transactionalId = admin.listTransactions(new ListTransactionsOptions()
                        .filterProducerIds(Set.of(producer.producerId()))).all().get().stream()
                .map(TransactionListing::transactionalId).findFirst();
        if (transactionalId.isEmpty()) {
            return false;
        }
        TransactionDescription txn = admin.describeTransactions(List.of(transactionalId.get()))
                .description(transactionalId.get()).get();
        TransactionState state = txn.state();
        if (state == TransactionState.PREPARE_COMMIT || state == TransactionState.PREPARE_ABORT
                || state == TransactionState.PREPARE_EPOCH_FENCE) {
            return true;
        }
        return state == TransactionState.ONGOING && txn.producerEpoch() == producer.producerEpoch()
                && txn.topicPartitions().contains(partition);
    }
}
