package org.stancewatch.ingest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.stancewatch.events.Article;
import org.stancewatch.events.ProducerSettings;
import org.stancewatch.events.serde.AvroSerializer;
import org.stancewatch.ingest.Rejection.Code;

/**
 * Reads inputs and sends every valid article to a topic, keyed by article id. Bad items and failed sends are
 * reported on the error stream as they happen ({@code file:line: reason}) and counted; the rest goes on.
 */
public final class ArticleFeeder {

    /** The summary keeps this many rejections; all are counted and printed. */
    public static final int MAX_KEPT_REJECTIONS = 1000;

    private final FeedOptions options;
    private final InputScanner scanner;

    public ArticleFeeder(FeedOptions options) {
        this(options, new InputScanner(options));
    }

    public ArticleFeeder(FeedOptions options, InputScanner scanner) {
        this.options = options;
        this.scanner = scanner;
    }

    /**
     * Producer settings for feeding: {@link ProducerSettings#reliable} (acks=all, idempotence, one request in
     * flight), so a retried send is neither lost nor doubled nor overtaken; gzip compression (article text
     * compresses well, and gzip is the one codec every Kafka client decodes: kafkajs cannot read lz4, snappy or
     * zstd without plugins); string keys; values in Confluent-wire Avro through {@link AvroSerializer}. The caller adds {@code schema.registry.url} (and any security settings).
     */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> config = ProducerSettings.reliable(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class.getName());
        return config;
    }

    /**
     * A producer for {@link #feed}: {@link #producerConfig} overlaid with {@code clientConfig}, which must hold
     * {@code schema.registry.url} (and may override anything else).
     */
    public static Producer<String, Article> createProducer(String bootstrapServers, Map<String, Object> clientConfig) {
        Map<String, Object> config = producerConfig(bootstrapServers);
        config.putAll(clientConfig);
        return new KafkaProducer<>(config);
    }

    /**
     * Feeds the inputs (files, directories, {@code -} for JSON Lines on standard input), flushes the producer,
     * prints the summary line to {@code err} and returns it. The producer is not closed.
     */
    public FeedSummary feed(List<Path> inputs, Producer<String, Article> producer, String topic, PrintStream err) {
        SendLedger ledger;
        try {
            ledger = SendLedger.load(options.ledger());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the ledger " + options.ledger() + ": "
                    + ArticleSource.describe(e), e);
        }
        InputScanner.Plan plan = scanner.plan(inputs);
        ProgressBar bar = ProgressBar.wanted(options.progress(), plan.totalBytes())
                ? new ProgressBar(err, plan.totalBytes(), System.console() != null, System::nanoTime)
                : null;
        Run run = new Run(producer, topic, err, bar, ledger);
        try (Stream<ReadItem> items = scanner.scan(plan, run::bytesRead)) {
            items.forEach(run::handle); // forEach, not iterator(): flatMap'ed inner streams then stay lazy
        }
        producer.flush();
        if (bar != null) {
            bar.finish(run.sent.get(), run.rejected.get());
        }
        try {
            ledger.record(run.acknowledgedIds);
        } catch (IOException e) {
            err.println("warning: cannot update the ledger " + options.ledger() + ": " + ArticleSource.describe(e));
        }
        FeedSummary summary;
        synchronized (run) {
            summary = new FeedSummary(run.sent.get(), run.rejected.get(), run.resent.get(), run.failed.get(), run.kept);
        }
        err.println("feed: " + summary.describe());
        return summary;
    }

    /** State of one feed call; the counters are also updated from the producer's I/O thread. */
    private static final class Run {
        final Producer<String, Article> producer;
        final String topic;
        final PrintStream err;
        final ProgressBar bar;
        final SendLedger ledger;
        final Set<String> sentThisRun = new HashSet<>();
        final Queue<String> acknowledgedIds = new ConcurrentLinkedQueue<>();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong resent = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final List<Rejection> kept = new ArrayList<>();

        Run(Producer<String, Article> producer, String topic, PrintStream err, ProgressBar bar, SendLedger ledger) {
            this.producer = producer;
            this.topic = topic;
            this.err = err;
            this.bar = bar;
            this.ledger = ledger;
        }

        void bytesRead(long n) {
            if (bar != null) {
                bar.addBytes(n, sent.get(), rejected.get());
            }
        }

        void handle(ReadItem item) {
            if (item instanceof Rejection rejection) {
                reject(rejection);
            } else if (item instanceof ReadItem.Accepted accepted) {
                send(accepted.article());
            }
        }

        private void send(Article article) {
            String id = article.getId();
            boolean isResend = !sentThisRun.add(id) || ledger.sentBefore(id);
            try {
                producer.send(new ProducerRecord<>(topic, id, article), (metadata, exception) -> {
                    if (exception == null) {
                        sent.incrementAndGet();
                        acknowledgedIds.add(id);
                        if (isResend) {
                            resent.incrementAndGet();
                        }
                    } else {
                        failed.incrementAndGet();
                        reject(sendFailure(article, exception));
                    }
                });
            } catch (RuntimeException e) {
                // serialization and registry errors, a closed producer, a full buffer that timed out...
                failed.incrementAndGet();
                reject(sendFailure(article, e));
            }
        }

        private static Rejection sendFailure(Article article, Exception e) {
            String source = article.getSource() == null ? article.getId() : article.getSource();
            return new Rejection(source, 0, Code.SEND_FAILED, "send of article " + article.getId() + " failed: "
                    + ArticleSource.describe(e));
        }

        private void reject(Rejection rejection) {
            rejected.incrementAndGet();
            synchronized (this) {
                if (kept.size() < MAX_KEPT_REJECTIONS) {
                    kept.add(rejection);
                }
                String line = "rejected: " + rejection.message();
                if (bar != null) {
                    bar.println(line);
                } else {
                    err.println(line);
                }
            }
        }
    }
}
