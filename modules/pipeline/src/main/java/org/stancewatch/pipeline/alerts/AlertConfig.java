package org.stancewatch.pipeline.alerts;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alert configuration: detector defaults, per-actor overrides, and the topology's own settings.
 *
 * <p>Keys (all optional): {@code alerts.<param>} sets a default for every series,
 * {@code alerts.actor.<actorId>.<param>} overrides it for one actor (its all-outlet and per-outlet series),
 * where {@code <param>} is one of {@link DetectorParams#KEYS}. Topology settings:
 * {@code alerts.lateness-days} (days after a day ends before it is evaluated; default 1),
 * {@code alerts.retention-days} (days of series kept per actor; default 120),
 * {@code alerts.outlets.enabled} (test per-outlet series too; default true),
 * {@code alerts.evidence.max-articles} (default 5).
 */
public final class AlertConfig {

    public static final String PREFIX = "alerts.";
    public static final String ACTOR_PREFIX = "alerts.actor.";

    private final DetectorParams defaults;
    private final Map<String, DetectorParams> perActor;
    private final int latenessDays;
    private final int retentionDays;
    private final boolean outletsEnabled;
    private final int maxEvidenceArticles;

    public AlertConfig(DetectorParams defaults, Map<String, DetectorParams> perActor, int latenessDays,
                       int retentionDays, boolean outletsEnabled, int maxEvidenceArticles) {
        if (latenessDays < 0) {
            throw new IllegalArgumentException("alerts.lateness-days must be >= 0, got " + latenessDays);
        }
        this.defaults = defaults;
        this.perActor = Map.copyOf(perActor);
        this.latenessDays = latenessDays;
        int needed = defaults.lookbackDays() + latenessDays + 2;
        for (DetectorParams p : perActor.values()) {
            needed = Math.max(needed, p.lookbackDays() + latenessDays + 2);
        }
        if (retentionDays < needed) {
            throw new IllegalArgumentException("alerts.retention-days must be at least " + needed
                    + " (the detector's look-back plus lateness), got " + retentionDays);
        }
        this.retentionDays = retentionDays;
        this.outletsEnabled = outletsEnabled;
        if (maxEvidenceArticles < 0) {
            throw new IllegalArgumentException("alerts.evidence.max-articles must be >= 0, got " + maxEvidenceArticles);
        }
        this.maxEvidenceArticles = maxEvidenceArticles;
    }

    public static AlertConfig defaults() {
        return new AlertConfig(DetectorParams.defaults(), Map.of(), 1, 120, true, 5);
    }

    /** Reads the keys described in the class comment; other keys are ignored, bad values are an error naming the key. */
    public static AlertConfig fromConfig(Map<String, ?> config) {
        Map<String, String> general = new HashMap<>();
        Map<String, Map<String, String>> actorOverrides = new TreeMap<>();
        int lateness = 1;
        int retention = 120;
        boolean outlets = true;
        int maxEvidence = 5;
        for (Map.Entry<String, ?> e : config.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX) || e.getValue() == null) {
                continue;
            }
            String value = e.getValue().toString().trim();
            if (key.startsWith(ACTOR_PREFIX)) {
                String rest = key.substring(ACTOR_PREFIX.length());
                String param = paramSuffix(rest);
                if (param == null) {
                    throw new IllegalArgumentException("Alert setting '" + key + "' does not end with a known parameter ("
                            + String.join(", ", DetectorParams.KEYS) + ")");
                }
                String actor = rest.substring(0, rest.length() - param.length() - 1);
                actorOverrides.computeIfAbsent(actor, a -> new HashMap<>()).put(param, value);
                continue;
            }
            String name = key.substring(PREFIX.length());
            switch (name) {
                case "lateness-days" -> lateness = parseInt(key, value);
                case "retention-days" -> retention = parseInt(key, value);
                case "outlets.enabled" -> outlets = Boolean.parseBoolean(value);
                case "evidence.max-articles" -> maxEvidence = parseInt(key, value);
                default -> {
                    if (DetectorParams.indexOf(name) >= 0) {
                        general.put(name, value);
                    }
                }
            }
        }
        DetectorParams defaults = DetectorParams.defaults().with(general, PREFIX);
        Map<String, DetectorParams> perActor = new HashMap<>();
        actorOverrides.forEach((actor, o) -> perActor.put(actor, defaults.with(o, ACTOR_PREFIX + actor + ".")));
        return new AlertConfig(defaults, perActor, lateness, retention, outlets, maxEvidence);
    }

    private static String paramSuffix(String rest) {
        String best = null;
        for (String k : DetectorParams.KEYS) {
            if (rest.endsWith("." + k) && rest.length() > k.length() + 1 && (best == null || k.length() > best.length())) {
                best = k;
            }
        }
        return best;
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Alert setting '" + key + "' has value '" + value + "', which is not an integer", e);
        }
    }

    public DetectorParams paramsFor(String actorId) {
        return perActor.getOrDefault(actorId, defaults);
    }

    public DetectorParams defaultParams() {
        return defaults;
    }

    public int latenessDays() {
        return latenessDays;
    }

    public int retentionDays() {
        return retentionDays;
    }

    public boolean outletsEnabled() {
        return outletsEnabled;
    }

    public int maxEvidenceArticles() {
        return maxEvidenceArticles;
    }
}
