package org.stancewatch.pipeline.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stancewatch.pipeline.EmbeddedClusterExtension.waitFor;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.AlertKind;
import org.stancewatch.events.StanceShiftAlert;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;
import org.stancewatch.pipeline.EmbeddedClusterExtension;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.StancewatchStreamsConfig;
import org.stancewatch.pipeline.TopicSetup;

/**
 * The alerts on a real broker and registry with several partitions (#17): a stand-alone alerts topology
 * ({@link AlertsTopology#build}) fed daily rows on {@code mentions.daily}. TopologyTestDriver has one partition, so
 * only this can see how the alerts depend on partitioning. {@link UpstreamDriftEndToEndTest} does the same through
 * the whole pipeline from {@code articles.enriched}.
 */
class AlertsPartitioningEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final LocalDate START = LocalDate.of(2017, 3, 1);
    private static final int DAYS = 90;
    private static final int PER_DAY = 16;
    private static final int SHIFT_DAY = 60;
    private static final List<String> ACTORS = List.of("alpha", "beta", "gamma");
    private static final List<String> OUTLETS = List.of("outlet-a", "outlet-b");

    @RegisterExtension
    static final EmbeddedClusterExtension CLUSTER = new EmbeddedClusterExtension();

    /**
     * Cause 1: the same daily rows, sent in day order to mentions.daily of 1, 3 and 8 partitions (keyed as the
     * daily counts key them, so one actor's days are spread over every partition), give the same alerts, and
     * their numbers are those of the whole series.
     */
    /**
     * Days in the default baseline of an alert on {@code day} for a series that starts on {@code start}: those
     * before the window, at most {@code shift.baseline-days}.
     */
    static long baselineDays(LocalDate start, LocalDate day) {
        DetectorParams p = DetectorParams.defaults();
        return Math.min(p.shiftBaselineDays(), java.time.temporal.ChronoUnit.DAYS.between(start, day) - p.shiftGapDays() + 1);
    }

    @Test
    void sameAlertsWhateverThePartitionCount() throws Exception {
        List<ActorDay> rows = rows(false);
        Map<Integer, List<StanceShiftAlert>> byPartitions = new HashMap<>();
        for (int partitions : List.of(1, 3, 8)) {
            byPartitions.put(partitions, run("inv" + partitions, partitions, (topics, producer) ->
                    rows.forEach(r -> producer.accept(new ProducerRecord<>(topics.mentionsDaily(), key(r), r)))));
        }
        List<StanceShiftAlert> one = byPartitions.get(1);
        StanceShiftAlert shift = one.stream()
                .filter(a -> a.getKind() == AlertKind.STANCE_SHIFT && a.getActorId().equals("alpha") && a.getOutlet() == null)
                .findFirst().orElseThrow(() -> new AssertionError("alpha's shift was not caught: " + one));
        assertTrue(!shift.getDay().isBefore(START.plusDays(SHIFT_DAY)) && !shift.getDay().isAfter(START.plusDays(SHIFT_DAY + 2)),
                shift.toString());
        // The baseline holds every article of its days (those of the series before the window, at most the baseline's
        // length), not the share of the days that hash to one partition.
        assertEquals(baselineDays(START, shift.getDay()) * PER_DAY, shift.getBeforeN(), shift.toString());
        assertEquals(one, byPartitions.get(3), "3 partitions vs 1");
        assertEquals(one, byPartitions.get(8), "8 partitions vs 1");
    }

    /**
     * Cause 3: mentions.daily partitions drifting 3 days apart in event time (partition 0 ahead) give the alerts
     * of the same rows read in day order from one partition: no day is judged before the lagging partition's
     * rows for it have arrived.
     */
    @Test
    void skewedPartitionsGiveTheAlertsOfInOrderArrival() throws Exception {
        // alpha's rise shows only on the days whose row is on the leading partition: judged on that partition's
        // days alone, the series looks like a sharp shift; with the lagging partition's days it is a diluted one.
        List<ActorDay> rows = rows(true);
        List<StanceShiftAlert> inOrder = run("skew-ref", 1, (topics, producer) ->
                rows.forEach(r -> producer.accept(new ProducerRecord<>(topics.mentionsDaily(), 0, key(r), r))));
        assertTrue(inOrder.stream().anyMatch(a -> a.getKind() == AlertKind.STANCE_SHIFT && a.getActorId().equals("alpha")),
                "the reference run must have alerts to compare: " + inOrder);

        int lagDays = 3;
        List<StanceShiftAlert> skewed = run("skew", 2, (topics, producer) -> {
            Map<Integer, List<ActorDay>> byPartition = new HashMap<>();
            for (ActorDay r : rows) {
                byPartition.computeIfAbsent(partitionOf(key(r), 2), p -> new ArrayList<>()).add(r);
            }
            assertTrue(byPartition.get(0).size() > 100 && byPartition.get(1).size() > 100, "both partitions carry rows");
            // Partition 0 runs lagDays ahead: its day d is sent together with partition 1's day d - lagDays.
            LocalDate last = rows.get(rows.size() - 1).getDay();
            for (LocalDate d = START; !d.isAfter(last.plusDays(lagDays)); d = d.plusDays(1)) {
                LocalDate ahead = d;
                LocalDate behind = d.minusDays(lagDays);
                byPartition.get(0).stream().filter(r -> r.getDay().equals(ahead))
                        .forEach(r -> producer.accept(new ProducerRecord<>(topics.mentionsDaily(), 0, key(r), r)));
                byPartition.get(1).stream().filter(r -> r.getDay().equals(behind))
                        .forEach(r -> producer.accept(new ProducerRecord<>(topics.mentionsDaily(), 1, key(r), r)));
                // Paced, so the pipeline works through each step before the next arrives: records already waiting
                // on both partitions would be read at the same pace and the skew would vanish.
                Thread.sleep(80);
            }
        });
        assertEquals(inOrder, skewed);
    }

    /** How a test run writes its input: the run's topics and a sender of daily rows. */
    private interface Input {
        void send(Topics topics, Consumer<ProducerRecord<String, ActorDay>> dailyRows) throws Exception;
    }

    /** The daily rows' producer, sending at once (a paced sender must not leave rows in its buffer). */
    private static Consumer<ProducerRecord<String, ActorDay>> sendingNow(KafkaProducer<String, ActorDay> producer) {
        return r -> {
            try {
                producer.send(r).get();
            } catch (Exception e) {
                throw new IllegalStateException("cannot send " + r.key(), e);
            }
        };
    }

    /**
     * A fresh stand-alone alerts application (own topics, application id and state) reading {@code mentions.daily}
     * of {@code partitions}; returns its alerts by id.
     */
    private static List<StanceShiftAlert> run(String name, int partitions, Input input) throws Exception {
        Map<String, Object> topicNames = EmbeddedClusterExtension.ownTopics(name);
        Topics topics = Topics.fromConfig(topicNames);
        try (Admin admin = Admin.create(CLUSTER.clientConfig())) {
            new TopicSetup(topics, partitions, (short) 1).createMissing(admin);
        }
        String appId = "alerts-e2e-" + name + "-" + UUID.randomUUID();
        Properties props = CLUSTER.streamsConfig(appId, name, topicNames);
        // The pipeline's alerts read the daily counts' own stream, not mentions.daily: rows written straight to
        // mentions.daily are what a stand-alone alerts application reads.
        Map<String, Object> serdeConfig = new HashMap<>();
        props.forEach((k, v) -> serdeConfig.put(String.valueOf(k), v));
        Topology alertsOnly = AlertsTopology.build(topics, AlertConfig.fromConfig(serdeConfig),
                AlertsTopology.Evidence.IDS_ONLY, PipelineSerdes.value(ActorDay.class, serdeConfig), null,
                PipelineSerdes.value(StanceShiftAlert.class, serdeConfig), partitions);
        try (KafkaStreams streams = new KafkaStreams(alertsOnly, StancewatchStreamsConfig.forKafkaStreams(props));
             AvroSerde<ActorDay> daySerde = PipelineSerdes.value(ActorDay.class, CLUSTER.clientConfig());
             KafkaProducer<String, ActorDay> dayProducer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                     daySerde.serializer())) {
            streams.start();
            waitFor("RUNNING", WAIT, () -> streams.state() == KafkaStreams.State.RUNNING);
            input.send(topics, sendingNow(dayProducer));
            dayProducer.flush();
            try (Admin admin = Admin.create(CLUSTER.clientConfig())) {
                EmbeddedClusterExtension.awaitCaughtUp(admin, appId, WAIT, topics.mentionsDaily(), topics.enriched());
            }
        }
        List<StanceShiftAlert> alerts = new ArrayList<>();
        for (Map.Entry<String, StanceShiftAlert> r : CLUSTER.readAll(topics.alerts(), StanceShiftAlert.class, WAIT)) {
            assertEquals(r.getValue().getActorId(), r.getKey());
            alerts.add(r.getValue());
        }
        alerts.sort(Comparator.comparing(StanceShiftAlert::getId));
        return alerts;
    }

    /**
     * 90 days of 16 articles a day for each actor, half in each outlet, as daily rows (all-outlet and per-outlet)
     * in day order. alpha's AGAINST share goes from 15 % to 65 % on day 60; beta and gamma stay put. Then one day,
     * 3 days after the last, with a row for each of 40 other actors, so every input partition passes the last
     * day and all of it is judged. {@code riseOnPartition0Only}: alpha's rise only on the days whose all-outlet
     * row is on partition 0 of 2.
     */
    static List<ActorDay> rows(boolean riseOnPartition0Only) {
        Random rnd = new Random(23);
        List<ActorDay> out = new ArrayList<>();
        for (int d = 0; d < DAYS; d++) {
            LocalDate day = START.plusDays(d);
            for (String actor : ACTORS) {
                boolean rises = actor.equals("alpha") && d >= SHIFT_DAY
                        && (!riseOnPartition0Only || partitionOf(actor + "|" + day, 2) == 0);
                double against = rises ? 0.65 : 0.15;
                int[] totals = new int[3];
                for (String outlet : OUTLETS) {
                    int n = PER_DAY / 2;
                    int a = 0;
                    int f = 0;
                    for (int i = 0; i < n; i++) {
                        double u = rnd.nextDouble();
                        if (u < against) {
                            a++;
                        } else if (u < against + 0.3) {
                            f++;
                        }
                    }
                    out.add(row(actor, day, outlet, n, f, a));
                    totals[0] += n;
                    totals[1] += f;
                    totals[2] += a;
                }
                out.add(row(actor, day, null, totals[0], totals[1], totals[2]));
            }
        }
        LocalDate flush = START.plusDays(DAYS + 2);
        for (int k = 0; k < 40; k++) {
            out.add(row("filler-" + k, flush, null, 1, 0, 0));
        }
        return out;
    }

    private static ActorDay row(String actor, LocalDate day, String outlet, int n, int favor, int against) {
        return ActorDay.newBuilder().setActorId(actor).setActorName(actor.toUpperCase()).setDay(day).setOutlet(outlet)
                .setMentions(n).setArticles(n).setOutlets(outlet == null ? 2 : 1).setFavor(favor).setAgainst(against)
                .setNeutral(n - favor - against).setMixed(0).setNetStance(n == 0 ? 0 : (double) (favor - against) / n)
                .setMeanScore(0).setUpdatedAt(null).build();
    }

    static String key(ActorDay d) {
        return d.getActorId() + "|" + d.getDay() + (d.getOutlet() == null ? "" : "|" + d.getOutlet());
    }

    /** The partition Kafka's default partitioner gives a string key. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }

    private static Map<String, Object> producerConfig() {
        Map<String, Object> config = CLUSTER.producerConfig();
        config.put("linger.ms", 5);
        return config;
    }
}
