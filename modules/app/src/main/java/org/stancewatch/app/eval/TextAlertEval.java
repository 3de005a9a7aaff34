package org.stancewatch.app.eval;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.stancewatch.app.ConnectionOptions;
import org.stancewatch.app.ServerOptions;
import org.stancewatch.app.StancewatchRuntime;
import org.stancewatch.app.TopicReader;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.AlertKind;
import org.stancewatch.events.Article;
import org.stancewatch.events.ProducerSettings;
import org.stancewatch.events.StanceShiftAlert;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroDeserializer;
import org.stancewatch.events.serde.AvroSerializer;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.eval.NewsMtscExample;
import org.stancewatch.nlp.eval.StanceCalibrationBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.stancewatch.pipeline.StancewatchStreamsConfig;
import org.stancewatch.pipeline.alerts.AlertConfig;
import org.stancewatch.pipeline.alerts.AlertsTopology;
import org.stancewatch.pipeline.alerts.DaySample;
import org.stancewatch.pipeline.alerts.Detection;
import org.stancewatch.pipeline.alerts.DetectorParams;
import org.stancewatch.pipeline.alerts.ShiftDetector;

/**
 * End-to-end evaluation of stance-shift alerts on real text ({@code stancewatch eval alerts --text FILE}):
 * articles made from labelled NewsMTSC sentences ({@link TextAlertScenario}) go through the whole pipeline
 * (embedded broker and schema registry, 2 partitions, the real analyser); the alerts on {@code alerts.stance}
 * are scored against the known change days. Beside them, in the same run: the detector replayed offline on the
 * pipeline's own {@code mentions.daily} rows with other settings (hard labels vs calibrated expected counts,
 * GLR vs the fixed-delta CUSUM), and the optimal sequential detector ({@link SequentialOracle}) on the true
 * labels and on the labels the pipeline produced. The figures are on the last line.
 */
public final class TextAlertEval {

    /** Recall windows: an alert dated tau .. tau + k. */
    static final int[] WITHIN = {2, 5};
    /** Oracle threshold: one false alarm per this many actor-days (the 1 per 100 actor-months). */
    static final double ORACLE_ARL0_DAYS = 3000;
    static final double DAYS_PER_MONTH = 30.4375;
    /** The ceiling: false alarms per 100 actor-months. */
    static final double TARGET_FALSE_PER_100AM = 1;

    /**
     * {@code dump}: where to write the close-time diagnostics ({@link CloseTimeTrace}), or null. {@code saveSeries}: where
     * to save the final rows ({@link SavedSeries}), or null. {@code replaySeries}: read the rows from this file instead of
     * running the pipeline (no pipeline line then), or null. {@code variants}: extra detector settings replayed beside the
     * built-in ones, by name (overrides of {@link DetectorParams#KEYS} on the defaults).
     */
    public record Options(Path text, int actors, int days, double perDay, double shiftedFraction, double shift, long seed,
                          Duration timeout, Path dump, Path saveSeries, Path replaySeries,
                          Map<String, Map<String, String>> variants) {
        public Options {
            variants = variants == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variants));
        }

        public Options(Path text, int actors, int days, double perDay, double shiftedFraction, double shift, long seed,
                       Duration timeout, Path dump) {
            this(text, actors, days, perDay, shiftedFraction, shift, seed, timeout, dump, null, null, Map.of());
        }

        public Options(Path text, int actors, int days, double perDay, double shiftedFraction, double shift, long seed,
                       Duration timeout) {
            this(text, actors, days, perDay, shiftedFraction, shift, seed, timeout, null);
        }
    }

    /**
     * What the feed saw on {@code articles.enriched}: enrichment records, and how far records arrived behind the
     * newest publication day their partition had already carried (event-time disorder the watermarks must cover).
     */
    record Feed(long enrichments, long behind, long beyondLateness, long maxBehindDays) {
    }

    /** Recall within 2 and 5 days and false alarms per 100 actor-months (NaN where not measured). */
    public record Score(double recall2, double recall5, int falseAlarms, double actorDays) {
        double falsePer100() {
            return per100ActorMonths(falseAlarms);
        }

        /** A count of alarms over these actor-days as a rate per 100 actor-months. */
        double per100ActorMonths(double count) {
            return actorDays == 0 ? Double.NaN : count / (actorDays / DAYS_PER_MONTH) * 100;
        }
    }

    private TextAlertEval() {
    }

    public static void run(Options o, PrintStream out, PrintStream progress) throws Exception {
        List<NewsMtscExample> examples = NewsMtscExample.read(o.text());
        TextAlertScenario.Plan plan = TextAlertScenario.plan(examples, StanceCalibrationBuilder.persons(ActorCatalogue.starter()),
                o.actors(), o.days(), o.perDay(), o.shiftedFraction(), o.shift(), o.seed());
        long shifted = plan.actors().stream().filter(TextAlertScenario.Actor::shifted).count();
        out.printf(Locale.ROOT, "Real-text alert evaluation, seed %d: %d sentences from %s; %d person actors (%d with a +%.2f AGAINST "
                        + "step on a day in [%d, %d]), %d days, ~%.0f articles/actor/day: %d articles%n",
                o.seed(), examples.size(), o.text(), plan.actors().size(), shifted, o.shift(), TextAlertScenario.FIRST_TAU,
                o.days() - TextAlertScenario.DAYS_AFTER_TAU, o.days(), o.perDay(), plan.articles().size());
        String planKey = SavedSeries.planKey(o, plan);
        if (o.replaySeries() != null) {
            // Offline: the rows of an earlier run of the same plan, no pipeline (so no pipeline alerts to score).
            Map<String, ActorDay> saved = SavedSeries.read(o.replaySeries(), planKey);
            out.println("replaying the saved rows of " + o.replaySeries() + " (no pipeline run: the pipeline line is the replay of the defaults)");
            report(o, plan, saved, null, null, out, null);
            return;
        }
        Path dir = Files.createTempDirectory("stancewatch-eval-alerts-");
        Map<String, ActorDay> rows;
        List<StanceShiftAlert> alerts = new ArrayList<>();
        Feed feed;
        CloseTimeTrace trace = null;
        // For the dump the detector's input topic must survive the run: Streams purges repartition topics as it commits.
        Map<String, Object> overrides = o.dump() == null ? Map.of()
                : Map.of(StreamsConfig.REPARTITION_PURGE_INTERVAL_MS_CONFIG, Long.toString(Long.MAX_VALUE));
        AlertConfig alertConfig = AlertConfig.fromConfig(overrides);
        try (StancewatchRuntime runtime = StancewatchRuntime.start(ConnectionOptions.embeddedAt(dir),
                ServerOptions.loopback(0, 0, 0), overrides, progress)) {
            Map<String, Object> client = runtime.endpoints().clientConfig();
            feed = feedAndWait(runtime, plan, alertConfig.latenessDays(), o.timeout(), progress);
            AvroDeserializer<ActorDay> days = new AvroDeserializer<>(ActorDay.class);
            days.configure(client, false);
            try (TopicReader<ActorDay> reader = new TopicReader<>(client, Topics.MENTIONS_DAILY, days)) {
                rows = reader.latestByKey(Duration.ofMinutes(5));
            }
            AvroDeserializer<StanceShiftAlert> alertDeserializer = new AvroDeserializer<>(StanceShiftAlert.class);
            alertDeserializer.configure(client, false);
            try (TopicReader<StanceShiftAlert> reader = new TopicReader<>(client, Topics.ALERTS, alertDeserializer)) {
                reader.readToEnd(Duration.ofMinutes(1)).forEach(r -> {
                    if (r.value() != null) {
                        alerts.add(r.value());
                    }
                });
            }
            if (o.dump() != null) {
                String byActor = StancewatchStreamsConfig.DEFAULT_APPLICATION_ID + "-" + AlertsTopology.BY_ACTOR_REPARTITION
                        + "-repartition";
                int sources;
                try (TopicReader<ActorDay> reader = new TopicReader<>(client, Topics.ENRICHED, days)) {
                    sources = reader.partitions();
                }
                try (TopicReader<ActorDay> reader = new TopicReader<>(client, byActor, days)) {
                    DetectorParams defaults = DetectorParams.defaults();
                    trace = CloseTimeTrace.fold(reader.readToEnd(Duration.ofMinutes(5)), sources,
                            alertConfig.latenessDays(), defaults, TextAlertScenario.START, TextAlertScenario.MONITOR_FROM);
                }
            }
        } finally {
            deleteQuietly(dir);
        }
        if (o.saveSeries() != null) {
            SavedSeries.write(o.saveSeries(), planKey, rows);
            progress.println("eval alerts: final rows saved to " + o.saveSeries() + " (replay with --replay-series)");
        }
        report(o, plan, rows, alerts, feed, out, trace);
    }

    /** Produces the plan's articles in day order and waits until every one is enriched and the outputs are quiet. */
    private static Feed feedAndWait(StancewatchRuntime runtime, TextAlertScenario.Plan plan, int latenessDays,
                                    Duration timeout, PrintStream progress) {
        Map<String, Object> client = runtime.endpoints().clientConfig();
        String bootstrap = runtime.endpoints().bootstrapServers();
        AvroSerializer<Article> serializer = new AvroSerializer<>();
        serializer.configure(client, false);
        Map<String, Object> p = ProducerSettings.reliable(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "eval-alerts-" + UUID.randomUUID());
        Map<String, Integer> dayOf = new HashMap<>();
        plan.articles().forEach(a -> dayOf.put(a.id(), a.dayIndex()));
        Set<String> wanted = dayOf.keySet();
        Set<String> enriched = new HashSet<>();
        long enrichments = 0;
        Map<Integer, Integer> newestDay = new HashMap<>();
        long behind = 0;
        long beyondLateness = 0;
        long maxBehind = 0;
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(Topics.ENRICHED, Topics.MENTIONS_DAILY, Topics.ALERTS)) {
                consumer.partitionsFor(t).forEach(pi -> parts.add(new TopicPartition(t, pi.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long now = System.currentTimeMillis();
            for (TextAlertScenario.PlannedArticle a : plan.articles()) {
                Article article = Article.newBuilder().setId(a.id()).setTitle(a.title()).setBody(a.body()).setLanguage("en")
                        .setPublishedDate(a.day()).setIngestedAt(java.time.Instant.ofEpochMilli(now)).setSource("eval-alerts")
                        .setMetadata(new HashMap<>()).build();
                producer.send(new ProducerRecord<>(Topics.ARTICLES, a.id(), serializer.serialize(Topics.ARTICLES, article)));
            }
            producer.flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastReport = System.nanoTime();
            long lastOutput = System.nanoTime();
            // Done when every article is enriched and mentions.daily / alerts.stance have been quiet for 15 s.
            while (enriched.size() < wanted.size() || System.nanoTime() - lastOutput < 15_000_000_000L) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the pipeline did not finish within " + timeout + " (" + enriched.size()
                            + " of " + wanted.size() + " articles enriched); raise --timeout or lower the size");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    lastOutput = System.nanoTime();
                    if (r.topic().equals(Topics.ENRICHED) && wanted.contains(r.key())) {
                        enrichments++;
                        enriched.add(r.key());
                        int day = dayOf.get(r.key());
                        int newest = newestDay.merge(r.partition(), day, Math::max);
                        if (newest > day) {
                            behind++;
                            // Day d closes once every partition has carried d + 1 + lateness: this one came too late.
                            beyondLateness += newest - day >= latenessDays + 1 ? 1 : 0;
                            maxBehind = Math.max(maxBehind, newest - day);
                        }
                    }
                }
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    lastReport = System.nanoTime();
                    double seconds = (lastReport - start) / 1e9;
                    double rate = enriched.size() / seconds;
                    progress.printf(Locale.ROOT, "eval alerts: %d/%d articles enriched (%.1f/s, %.0f s elapsed, ~%.0f s to go)%n",
                            enriched.size(), wanted.size(), rate, seconds,
                            rate > 0 ? (wanted.size() - enriched.size()) / rate : Double.NaN);
                }
            }
        }
        progress.printf(Locale.ROOT, "eval alerts: all %d articles enriched in %.0f s (%d enrichment records)%n", wanted.size(),
                (System.nanoTime() - start) / 1e9, enrichments);
        return new Feed(enrichments, behind, beyondLateness, maxBehind);
    }

    static void report(Options o, TextAlertScenario.Plan plan, Map<String, ActorDay> rows, List<StanceShiftAlert> alerts,
                       Feed feed, PrintStream out, CloseTimeTrace trace) throws java.io.IOException {
        DetectorParams defaults = DetectorParams.defaults();
        int monitorFrom = TextAlertScenario.MONITOR_FROM;
        int lastEvaluated = lastEvaluated(plan);
        Map<String, NavigableMap<LocalDate, DaySample>> series = new HashMap<>();
        for (ActorDay d : rows.values()) {
            if (d.getOutlet() == null) {
                series.computeIfAbsent(d.getActorId(), k -> new TreeMap<>()).put(d.getDay(), DaySample.of(d));
            }
        }
        long counted = plan.actors().stream().mapToLong(a -> series.getOrDefault(a.id(), new TreeMap<>()).values().stream()
                .mapToLong(DaySample::articles).sum()).sum();
        if (feed != null) {
            out.printf(Locale.ROOT, "pipeline: %d enrichment records for %d articles; %d article-actor pairs counted on the planned actors' mentions.daily rows (a sentence may name another tracked person too)%n",
                    feed.enrichments(), plan.articles().size(), counted);
            out.printf(Locale.ROOT, "articles.enriched order: %d records behind their partition's newest day, %d at least lateness + 1 "
                    + "days behind (too late if every partition was as far), at most %d days%n", feed.behind(), feed.beyondLateness(), feed.maxBehindDays());
        }
        printTaggerConfusion(plan, rows, out);

        // The pipeline's own alerts.
        Map<String, List<Detection>> fromPipeline = new HashMap<>();
        for (StanceShiftAlert a : alerts == null ? List.<StanceShiftAlert>of() : alerts) {
            if (a.getOutlet() == null) {
                fromPipeline.computeIfAbsent(a.getActorId(), k -> new ArrayList<>()).add(new Detection(a.getKind(), a.getDay(),
                        a.getDirection(), a.getMetric(), a.getBefore(), a.getAfter(), a.getBeforeN(), a.getAfterN(),
                        a.getStatistic(), a.getStatisticValue(), a.getThreshold(), a.getDay(), 0));
            }
        }
        out.println("detector                                         recall@2d  recall@5d  false_alarms  actor_days  false_per_100am");
        Score pipeline = alerts == null ? null : score(plan, fromPipeline, monitorFrom, lastEvaluated);
        if (pipeline != null) {
            print(out, "pipeline alerts.stance (defaults)", pipeline);
        }
        Map<String, DetectorParams> variants = variants(defaults, o.variants());
        Map<String, List<Detection>> replayDefaults = null;
        Score replayScore = null;
        for (Map.Entry<String, DetectorParams> v : variants.entrySet()) {
            Map<String, List<Detection>> found = new HashMap<>();
            if (replayDefaults == null) {
                replayDefaults = found;
            }
            found.putAll(replay(plan, series, v.getValue(), monitorFrom, lastEvaluated));
            Score sc = score(plan, found, monitorFrom, lastEvaluated);
            replayScore = replayScore == null ? sc : replayScore;
            print(out, v.getKey(), sc);
        }
        if (pipeline == null) {
            pipeline = replayScore; // offline replay: the defaults' replay stands in for the pipeline (equal since #17 point 1)
        }
        out.println(FalseAlarmRate.describe(pipeline, TARGET_FALSE_PER_100AM));
        if (trace != null) {
            try (PrintStream dump = new PrintStream(Files.newOutputStream(o.dump()), true, java.nio.charset.StandardCharsets.UTF_8)) {
                trace.write(plan, fromPipeline, replayDefaults, series, monitorFrom, dump);
            }
            out.println("close-time diagnostics written to " + o.dump());
        }
        double[] oracleTrue = oracle(plan, series, true, monitorFrom);
        double[] oraclePipeline = oracle(plan, series, false, monitorFrom);
        out.printf(Locale.ROOT, "%-48s %9.3f  %9.3f   (Bernoulli CUSUM knowing p0, p1; h for 1 false alarm per %.0f actor-days)%n",
                "oracle on the true labels", oracleTrue[0], oracleTrue[1], ORACLE_ARL0_DAYS);
        out.printf(Locale.ROOT, "%-48s %9.3f  %9.3f   (p0, p1 = the tagged AGAINST share before / from tau)%n",
                "oracle on the pipeline's labels", oraclePipeline[0], oraclePipeline[1]);
        out.printf(Locale.ROOT, "recall@2d=%.2f recall@5d=%.2f false_per_100am=%.2f oracle_true@2d=%.2f oracle_true@5d=%.2f "
                        + "oracle_pipeline@2d=%.2f oracle_pipeline@5d=%.2f%n",
                pipeline.recall2(), pipeline.recall5(), pipeline.falsePer100(), oracleTrue[0], oracleTrue[1],
                oraclePipeline[0], oraclePipeline[1]);
    }

    /** The detector settings replayed: the defaults first, the built-in alternatives, then the named --variant overrides. */
    static Map<String, DetectorParams> variants(DetectorParams defaults, Map<String, Map<String, String>> named) {
        Map<String, DetectorParams> variants = new LinkedHashMap<>();
        variants.put("replay: defaults (" + (defaults.shiftGlr() ? "GLR" : "CUSUM") + ", "
                + (defaults.shiftExpectedCounts() ? "expected counts" : "hard labels") + ")", defaults);
        // Earlier defaults and the GLR, each at the h the same synthetic guard gave it over its 28-day baseline (ALERTS.md).
        variants.put("replay: CUSUM 0.25/28d, h 6.25 (before s28)", defaults.with(Map.of("shift.glr", "false",
                "shift.expected-counts", "false", "shift.delta", "0.25", "shift.baseline-days", "28", "shift.cusum-h", "6.25"), "eval."));
        variants.put("replay: GLR, hard labels, 28d (h 7.25)", defaults.with(Map.of("shift.glr", "true", "shift.expected-counts", "false",
                "shift.cusum-h", "7.25", "shift.baseline-days", "28"), "eval."));
        variants.put("replay: GLR, expected counts, 28d (h 6.25)", defaults.with(Map.of("shift.glr", "true",
                "shift.expected-counts", "true", "shift.expected-cusum-h", "6.25", "shift.baseline-days", "28"), "eval."));
        for (Map.Entry<String, Map<String, String>> v : named.entrySet()) {
            variants.put("variant " + v.getKey(), defaults.with(v.getValue(), "--variant " + v.getKey() + ": "));
        }
        return variants;
    }

    /** The detector with {@code params} on each planned actor's series, judging days monitorFrom .. lastEvaluated. */
    static Map<String, List<Detection>> replay(TextAlertScenario.Plan plan, Map<String, NavigableMap<LocalDate, DaySample>> series,
                                               DetectorParams params, int monitorFrom, int lastEvaluated) {
        Map<String, List<Detection>> found = new HashMap<>();
        for (TextAlertScenario.Actor a : plan.actors()) {
            NavigableMap<LocalDate, DaySample> s = series.get(a.id());
            if (s != null && !s.isEmpty()) {
                found.put(a.id(), ShiftDetector.detect(s, TextAlertScenario.START.plusDays(monitorFrom),
                        TextAlertScenario.START.plusDays(lastEvaluated), params));
            }
        }
        return found;
    }

    /** The last day index judged: a day is judged once the series has seen day + 2. */
    static int lastEvaluated(TextAlertScenario.Plan plan) {
        return plan.days() - 3;
    }

    static void print(PrintStream out, String name, Score s) {
        out.printf(Locale.ROOT, "%-48s %9.3f  %9.3f  %12d  %10.0f  %15.2f%n", name, s.recall2(), s.recall5(), s.falseAlarms(),
                s.actorDays(), s.falsePer100());
    }

    /** True, tagged and calibrated-expected shares over the whole run. */
    private static void printTaggerConfusion(TextAlertScenario.Plan plan, Map<String, ActorDay> rows, PrintStream out) {
        // mentions.daily carries ids and counts, not per-article labels: report the pooled shares.
        long[] n = new long[3];
        plan.articles().forEach(a -> n[a.polarity() + 1]++);
        long taggedAgainst = 0;
        long taggedFavor = 0;
        long articles = 0;
        double expectedAgainst = 0;
        for (ActorDay d : rows.values()) {
            if (d.getOutlet() == null) {
                taggedAgainst += d.getAgainst();
                taggedFavor += d.getFavor();
                articles += d.getArticles();
                expectedAgainst += Math.max(0, d.getExpectedAgainst());
            }
        }
        long total = n[0] + n[1] + n[2];
        out.printf(Locale.ROOT, "shares over all articles: true AGAINST %.3f FAVOR %.3f; tagged AGAINST %.3f FAVOR %.3f; "
                        + "calibrated expected AGAINST %.3f%n", (double) n[0] / total, (double) n[2] / total,
                articles == 0 ? 0 : (double) taggedAgainst / articles, articles == 0 ? 0 : (double) taggedFavor / articles,
                articles == 0 ? 0 : expectedAgainst / articles);
    }

    static Score score(TextAlertScenario.Plan plan, Map<String, List<Detection>> found, int monitorFrom, int lastEvaluated) {
        int[] hits = new int[WITHIN.length];
        int shifted = 0;
        int falseAlarms = 0;
        double actorDays = 0;
        for (TextAlertScenario.Actor a : plan.actors()) {
            List<Detection> ds = found.getOrDefault(a.id(), List.of());
            int end = a.shifted() ? a.tau() - 1 : lastEvaluated;
            actorDays += Math.max(0, end - monitorFrom + 1);
            for (Detection d : ds) {
                int day = (int) ChronoUnit.DAYS.between(TextAlertScenario.START, d.day());
                if (day >= monitorFrom && day <= end) {
                    falseAlarms++;
                }
            }
            if (a.shifted()) {
                shifted++;
                for (int w = 0; w < WITHIN.length; w++) {
                    int k = WITHIN[w];
                    boolean hit = ds.stream().anyMatch(d -> d.kind() == AlertKind.STANCE_SHIFT
                            && d.direction().equals(Detection.TOWARD_AGAINST)
                            && inWindow(d.day(), a.tau(), k));
                    hits[w] += hit ? 1 : 0;
                }
            }
        }
        return new Score(shifted == 0 ? Double.NaN : (double) hits[0] / shifted,
                shifted == 0 ? Double.NaN : (double) hits[1] / shifted, falseAlarms, actorDays);
    }

    private static boolean inWindow(LocalDate day, int tau, int within) {
        int d = (int) ChronoUnit.DAYS.between(TextAlertScenario.START, day);
        return d >= tau && d <= tau + within;
    }

    /**
     * Recall within 2 and 5 days of the optimal CUSUM over the shifted actors, on the true labels (p0, p1
     * as planned) or on the pipeline's labels (p0, p1 = the tagged share pooled before / from tau).
     */
    static double[] oracle(TextAlertScenario.Plan plan, Map<String, NavigableMap<LocalDate, DaySample>> series,
                           boolean trueLabels, int monitorFrom) {
        int[] hits = new int[WITHIN.length];
        int shifted = 0;
        Map<String, long[][]> trueCounts = new HashMap<>();
        for (TextAlertScenario.PlannedArticle a : plan.articles()) {
            long[][] c = trueCounts.computeIfAbsent(a.actorId(), k -> new long[2][plan.days()]);
            c[0][a.dayIndex()]++;
            c[1][a.dayIndex()] += a.polarity() == -1 ? 1 : 0;
        }
        for (TextAlertScenario.Actor a : plan.actors()) {
            if (!a.shifted()) {
                continue;
            }
            shifted++;
            long[] n;
            long[] x;
            double p0;
            double p1;
            if (trueLabels) {
                long[][] c = trueCounts.getOrDefault(a.id(), new long[2][plan.days()]);
                n = c[0];
                x = c[1];
                p0 = a.p0();
                p1 = a.p1();
            } else {
                n = new long[plan.days()];
                x = new long[plan.days()];
                for (DaySample s : series.getOrDefault(a.id(), new TreeMap<>()).values()) {
                    int d = (int) ChronoUnit.DAYS.between(TextAlertScenario.START, s.day());
                    if (d >= 0 && d < plan.days()) {
                        n[d] = s.articles();
                        x[d] = s.against();
                    }
                }
                p0 = share(n, x, 0, a.tau());
                p1 = share(n, x, a.tau(), plan.days());
            }
            if (!(p0 > 0 && p1 > p0 && p1 < 1)) {
                continue; // the shift is invisible in these labels: no detector can catch it
            }
            double perDay = 0;
            for (long v : n) {
                perDay += v;
            }
            SequentialOracle oracle = new SequentialOracle(p0, p1, perDay / plan.days(), ORACLE_ARL0_DAYS);
            List<Integer> alarms = oracle.alarms(n, x, monitorFrom);
            for (int w = 0; w < WITHIN.length; w++) {
                int k = WITHIN[w];
                hits[w] += alarms.stream().anyMatch(d -> d >= a.tau() && d <= a.tau() + k) ? 1 : 0;
            }
        }
        return new double[] {shifted == 0 ? Double.NaN : (double) hits[0] / shifted,
                shifted == 0 ? Double.NaN : (double) hits[1] / shifted};
    }

    private static double share(long[] n, long[] x, int from, int to) {
        long nn = 0;
        long xx = 0;
        for (int d = from; d < to; d++) {
            nn += n[d];
            xx += x[d];
        }
        return nn == 0 ? 0 : (double) xx / nn;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (Exception ignored) {
            // a temp dir left behind is harmless
        }
    }
}
