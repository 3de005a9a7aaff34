package org.stancewatch.embedded;

import java.io.IOException;
import java.time.Duration;
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
import org.apache.kafka.clients.admin.DescribeTransactionsOptions;
import org.apache.kafka.clients.admin.DescribeTransactionsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.utils.Utils;
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
 * before any client of this data directory, so no live transaction can be mistaken for a hanging one, and only once
 * the coordinator has loaded its log, so no committed transaction whose markers are still being written can be
 * mistaken for one either ({@link #awaitCoordinatorLoaded}).
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
            if (!awaitCoordinatorLoaded(admin)) {
                return 0;
            }
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description.partitions()
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            int ended = 0;
            for (var entry : admin.describeProducers(partitions).all().get().entrySet()) {
                TopicPartition partition = entry.getKey();
                for (ProducerState producer : entry.getValue().activeProducers()) {
                    if (producer.currentTransactionStartOffset().isEmpty()) {
                        continue;
                    }
                    Verdict verdict = verdict(admin, partition, producer);
                    long start = producer.currentTransactionStartOffset().getAsLong();
                    if (verdict == Verdict.COMMIT) {
                        log.warn("Committing hanging transaction of producer {} epoch {} on {} from offset {}: its "
                                        + "coordinator committed it but never wrote this partition's marker",
                                producer.producerId(), producer.producerEpoch(), partition, start);
                        if (commit(bootstrapServers, partition, producer)) {
                            ended++;
                        }
                    } else if (verdict == Verdict.ABORT) {
                        log.warn("Aborting hanging transaction of producer {} epoch {} on {} from offset {}",
                                producer.producerId(), producer.producerEpoch(), partition, start);
                        if (abort(admin, partition, producer)) {
                            ended++;
                        }
                    }
                }
            }
            return ended;
        }
    }

    /** How long the sweep waits for the transaction coordinator to load its log before it gives up (aborting nothing). */
    static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Waits until the transaction coordinator has loaded every partition of {@code __transaction_state}; false (and a
     * warning) if it has not within {@link #LOAD_TIMEOUT}, or true at once when there is no such topic (no
     * transactional producer ever wrote here).
     *
     * <p>Why: right after a restart the coordinator has not read its log yet, so it reports no transaction at all. A
     * transaction that was committed (PrepareCommit written) but whose markers were not all written before the kill
     * then looks hanging; aborting it on some partitions while the coordinator, a moment later, commits it on the
     * others splits one transaction in two: store changelogs disagree with each other and with the committed input
     * offsets, and counts are lost or doubled (seen in ChaosRunTest: negative per-outlet rows). Describing one
     * unknown transactional id per coordinator partition answers only once that partition is loaded (the admin
     * client retries while it is loading), after which the coordinator's view is complete.
     */
    private static boolean awaitCoordinatorLoaded(Admin admin) throws InterruptedException, ExecutionException {
        var description = admin.describeTopics(List.of(Topic.TRANSACTION_STATE_TOPIC_NAME)).topicNameValues()
                .get(Topic.TRANSACTION_STATE_TOPIC_NAME);
        int coordinatorPartitions;
        try {
            coordinatorPartitions = description.get().partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return true;
            }
            throw e;
        }
        List<String> probes = probeIds(coordinatorPartitions);
        DescribeTransactionsResult result = admin.describeTransactions(probes,
                new DescribeTransactionsOptions().timeoutMs((int) LOAD_TIMEOUT.toMillis()));
        for (String probe : probes) {
            try {
                result.description(probe).get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TransactionalIdNotFoundException)) {
                    log.warn("The transaction coordinator did not answer for {} ({}): not looking for hanging "
                            + "transactions, so none is aborted; if the pipeline stalls, see kafka-transactions.sh "
                            + "find-hanging", probe, e.getCause().toString());
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * One transactional id per partition of {@code __transaction_state}, chosen so that the coordinator's own
     * mapping ({@code abs(id.hashCode()) % partitions}) puts the i-th id on partition i.
     */
    static List<String> probeIds(int coordinatorPartitions) {
        String[] ids = new String[coordinatorPartitions];
        int found = 0;
        for (int n = 0; found < coordinatorPartitions; n++) {
            String id = "stancewatch-coordinator-load-probe-" + n;
            int partition = Utils.abs(id.hashCode()) % coordinatorPartitions;
            if (ids[partition] == null) {
                ids[partition] = id;
                found++;
            }
        }
        return List.of(ids);
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

    /** What to do with a transaction left open on a partition. */
    enum Verdict {
        /** The coordinator will end it itself, or we cannot tell: do nothing. */
        LEAVE,
        /** The coordinator committed it and moved on without this partition's marker. */
        COMMIT,
        /** The coordinator ended it (or moved past it) otherwise: abort, as kafka-transactions.sh abort does. */
        ABORT
    }

    private static Verdict verdict(Admin admin, TopicPartition partition, ProducerState producer)
            throws InterruptedException, ExecutionException {
        Optional<String> transactionalId = admin.listTransactions(new ListTransactionsOptions()
                        .filterProducerIds(Set.of(producer.producerId()))).all().get().stream()
                .map(TransactionListing::transactionalId).findFirst();
        if (transactionalId.isEmpty()) {
            log.warn("Open transaction of producer {} epoch {} on {} from offset {} left alone: the coordinator does "
                            + "not list that producer now. If the pipeline stalls, end it with kafka-transactions.sh "
                            + "abort --topic {} --partition {} --start-offset {}", producer.producerId(),
                    producer.producerEpoch(), partition, producer.currentTransactionStartOffset().getAsLong(),
                    partition.topic(), partition.partition(), producer.currentTransactionStartOffset().getAsLong());
            return Verdict.LEAVE;
        }
        TransactionDescription txn = admin.describeTransactions(List.of(transactionalId.get()))
                .description(transactionalId.get()).get();
        return decide(txn.state(), txn.producerEpoch(), txn.topicPartitions().contains(partition),
                producer.producerEpoch());
    }

    /**
     * The verdict from the coordinator's view of the producer ({@code state} at {@code coordinatorEpoch}, and whether
     * it lists this partition in its transaction) for a transaction open on a partition at {@code openEpoch}.
     * <ul>
     *   <li>Being completed (PrepareCommit/PrepareAbort/PrepareEpochFence) or ongoing at that epoch with this
     *       partition: the coordinator writes the marker itself. Leave.</li>
     *   <li>CompleteCommit of exactly this transaction (the coordinator's epoch is the open one, or one above it:
     *       transactions v2 end each transaction with an epoch bump): commit. Seen after a SIGKILL of the single-node
     *       cluster: the restarted coordinator, still leading on stale metadata, queued the markers, and when the
     *       broker was fenced a few seconds later it dropped them as "partitions likely deleted" and completed the
     *       commit without them. Aborting there loses committed work (ChaosRunTest: lost=99).</li>
     *   <li>Anything else (CompleteAbort of it; Empty, ongoing or complete at a later epoch, i.e. it moved past the
     *       transaction; ongoing without this partition): the coordinator will never write this marker, and a
     *       transaction it did not commit must not stay half-open. Abort.</li>
     * </ul>
     */
    static Verdict decide(TransactionState state, int coordinatorEpoch, boolean listsPartition, int openEpoch) {
        if (state == TransactionState.PREPARE_COMMIT || state == TransactionState.PREPARE_ABORT
                || state == TransactionState.PREPARE_EPOCH_FENCE) {
            return Verdict.LEAVE;
        }
        if (state == TransactionState.ONGOING && coordinatorEpoch == openEpoch && listsPartition) {
            return Verdict.LEAVE;
        }
        if (state == TransactionState.COMPLETE_COMMIT
                && (coordinatorEpoch == openEpoch || coordinatorEpoch == openEpoch + 1)) {
            return Verdict.COMMIT;
        }
        return Verdict.ABORT;
    }

    /** Writes the commit marker; false when the broker refused it (logged with the reason). */
    private static boolean commit(String bootstrapServers, TopicPartition partition, ProducerState producer) {
        try {
            TxnMarkerWriter.commit(bootstrapServers, partition, producer.producerId(), (short) producer.producerEpoch(),
                    producer.coordinatorEpoch().orElse(0));
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("Could not commit the hanging transaction of producer {} epoch {} on {}: {}. If the pipeline "
                    + "stalls, the transaction stays open there", producer.producerId(), producer.producerEpoch(),
                    partition, e.toString());
            return false;
        }
    }
}
