package org.stancewatch.events;

import java.util.Map;

/**
 * Names of the topics stancewatch reads and writes. Every name can be overridden (for a shared
 * cluster with naming conventions), so code takes a {@code Topics} instance rather than the constants.
 */
public record Topics(String articles, String actors, String enriched, String mentionsDaily,
                     String alerts, String rejected, String holderStances) {

    public static final String ARTICLES = "articles";
    public static final String ACTORS = "actors";
    public static final String ENRICHED = "articles.enriched";
    public static final String MENTIONS_DAILY = "mentions.daily";
    public static final String ALERTS = "alerts.stance";
    public static final String REJECTED = "articles.rejected";
    public static final String HOLDER_STANCES = "stances.by-holder";

    /** The topics from before {@code stances.by-holder}, which takes its default name. */
    public Topics(String articles, String actors, String enriched, String mentionsDaily, String alerts, String rejected) {
        this(articles, actors, enriched, mentionsDaily, alerts, rejected, HOLDER_STANCES);
    }

    public static Topics defaults() {
        return new Topics(ARTICLES, ACTORS, ENRICHED, MENTIONS_DAILY, ALERTS, REJECTED, HOLDER_STANCES);
    }

    /** Overrides from config keys {@code topic.articles}, {@code topic.actors}, ... ; missing keys keep defaults. */
    public static Topics fromConfig(Map<String, ?> config) {
        Topics d = defaults();
        return new Topics(
                str(config, "topic.articles", d.articles),
                str(config, "topic.actors", d.actors),
                str(config, "topic.enriched", d.enriched),
                str(config, "topic.mentions.daily", d.mentionsDaily),
                str(config, "topic.alerts", d.alerts),
                str(config, "topic.rejected", d.rejected),
                str(config, "topic.holder.stances", d.holderStances));
    }

    private static String str(Map<String, ?> config, String key, String fallback) {
        Object v = config.get(key);
        return v == null || v.toString().isBlank() ? fallback : v.toString();
    }
}
