package org.stancewatch.embedded;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;

/**
 * Writes a COMMIT marker for one producer's open transaction on one partition of the embedded broker.
 *
 * <p>Hand-written because no public client can: {@code Admin.abortTransaction} (what {@code kafka-transactions.sh
 * abort} uses) only ever sends {@code WriteTxnMarkers} with the abort result. This sends the same request, on the
 * same plaintext listener of our own in-process broker, with the commit result; it is used only for a transaction
 * whose coordinator has recorded it as committed ({@link HangingTransactions#decide}).
 */
final class TxnMarkerWriter {
    private static final int TIMEOUT_MS = 30_000;

    private TxnMarkerWriter() {
    }

    static void commit(String bootstrapServers, TopicPartition partition, long producerId, short producerEpoch,
                       int coordinatorEpoch) throws IOException {
        WritableTxnMarker marker = new WritableTxnMarker()
                .setProducerId(producerId)
                .setProducerEpoch(producerEpoch)
                .setTransactionResult(true)
                .setCoordinatorEpoch(coordinatorEpoch)
                .setTopics(List.of(new WritableTxnMarkerTopic().setName(partition.topic())
                        .setPartitionIndexes(List.of(partition.partition()))));
        short version = ApiKeys.WRITE_TXN_MARKERS.latestVersion();
        WriteTxnMarkersRequest request = new WriteTxnMarkersRequest.Builder(
                new WriteTxnMarkersRequestData().setMarkers(List.of(marker))).build(version);
        RequestHeader header = new RequestHeader(ApiKeys.WRITE_TXN_MARKERS, version, "stancewatch-hanging-transactions", 1);
        ByteBuffer sent = request.serializeWithHeader(header);

        String hostPort = bootstrapServers.split(",")[0].trim();
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(sent.remaining());
            out.write(sent.array(), sent.arrayOffset() + sent.position(), sent.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] received = new byte[in.readInt()];
            in.readFully(received);
            WriteTxnMarkersResponse response =
                    (WriteTxnMarkersResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(received), header);
            Errors error = response.errorsByProducerId().getOrDefault(producerId, Map.of())
                    .getOrDefault(partition, Errors.UNKNOWN_SERVER_ERROR);
            if (error != Errors.NONE) {
                throw error.exception("commit marker for producer " + producerId + " epoch " + producerEpoch + " on "
                        + partition + " refused: " + error.name());
            }
        }
    }
}
