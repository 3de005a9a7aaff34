package org.stancewatch.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stancewatch.embedded.HangingTransactions.Verdict;

class HangingTransactionsTest {

    /** The load probes reach every coordinator partition, by the coordinator's own mapping of ids to partitions. */
    @ParameterizedTest
    @ValueSource(ints = {1, 5, 50})
    void oneProbePerCoordinatorPartition(int partitions) {
        List<String> probes = HangingTransactions.probeIds(partitions);

        assertEquals(partitions, probes.size());
        assertEquals(IntStream.range(0, partitions).boxed().toList(),
                probes.stream().map(id -> Utils.abs(id.hashCode()) % partitions).toList());
    }

    /** A transaction open at epoch 7 on a partition, judged by what its coordinator says. */
    @Test
    void verdicts() {
        // The coordinator finishes these itself.
        assertEquals(Verdict.LEAVE, HangingTransactions.decide(TransactionState.PREPARE_COMMIT, 7, true, 7));
        assertEquals(Verdict.LEAVE, HangingTransactions.decide(TransactionState.PREPARE_ABORT, 8, false, 7));
        assertEquals(Verdict.LEAVE, HangingTransactions.decide(TransactionState.PREPARE_EPOCH_FENCE, 8, true, 7));
        assertEquals(Verdict.LEAVE, HangingTransactions.decide(TransactionState.ONGOING, 7, true, 7));
        // Committed, this very transaction (transactions v2 bump the epoch at the end; v1 keeps it): commit.
        assertEquals(Verdict.COMMIT, HangingTransactions.decide(TransactionState.COMPLETE_COMMIT, 8, false, 7));
        assertEquals(Verdict.COMMIT, HangingTransactions.decide(TransactionState.COMPLETE_COMMIT, 7, false, 7));
        // Aborted, or the coordinator has moved past it: abort.
        assertEquals(Verdict.ABORT, HangingTransactions.decide(TransactionState.COMPLETE_ABORT, 8, false, 7));
        assertEquals(Verdict.ABORT, HangingTransactions.decide(TransactionState.COMPLETE_COMMIT, 9, false, 7));
        assertEquals(Verdict.ABORT, HangingTransactions.decide(TransactionState.EMPTY, 11, false, 7));
        assertEquals(Verdict.ABORT, HangingTransactions.decide(TransactionState.ONGOING, 9, true, 7));
        assertEquals(Verdict.ABORT, HangingTransactions.decide(TransactionState.ONGOING, 7, false, 7));
    }
}
