package org.stancewatch.pipeline;

/** Names of the state stores, for interactive queries ({@code KafkaStreams.store(...)}). */
public final class StoreNames {
    /** articleId -> EnrichedArticle: the latest enriched version of each article. */
    public static final String ARTICLES = "articles-store";
    /** 'actorId|YYYY-MM-DD' -> ActorDay (all outlets). */
    public static final String MENTIONS_DAILY = "mentions-daily-store";
    /** 'actorId|YYYY-MM-DD|outlet' -> ActorDay (one outlet). */
    public static final String MENTIONS_DAILY_OUTLET = "mentions-daily-outlet-store";
    /** Global store over the `actors` topic: actorId -> Actor. */
    public static final String ACTORS = "actors-store";
    /** Near-duplicate detection (internal): article id -> its SimHash, version and first-seen time. */
    public static final String DEDUP_ARTICLES = "dedup-article-state";
    /** Near-duplicate detection (internal): 'b<band>|<band value>|articleId' -> the article's SimHash probe. */
    public static final String DEDUP_BAND_INDEX = "dedup-band-index";
    /** Near-duplicate detection (internal): article id -> band verdicts gathered so far. */
    public static final String DEDUP_PENDING = "dedup-pending";
    /** Near-duplicate detection (internal): article id -> enriched article waiting for its band verdicts. */
    public static final String DEDUP_PENDING_ARTICLES = "dedup-pending-articles";
    /** Near-duplicate detection (internal): arrival sequence -> article not yet released, so they go on in order. */
    public static final String DEDUP_RELEASE_ORDER = "dedup-release-order";
    /**
     * 'rowKey\0articleId' -> that article's Contribution to the row (internal): the drill-down behind each ActorDay
     * row, by prefix scan ({@code daily.DailyContributions.articleIds}).
     */
    public static final String MENTIONS_DAILY_CONTRIBUTIONS = "mentions-daily-contributions";
    public static final String MENTIONS_DAILY_OUTLET_CONTRIBUTIONS = "mentions-daily-outlet-contributions";
    /** Row key -> the row's running sums (DaySums, internal). */
    public static final String MENTIONS_DAILY_SUMS = "mentions-daily-sums";
    public static final String MENTIONS_DAILY_OUTLET_SUMS = "mentions-daily-outlet-sums";
    /** 'actorId|day\0outlet' -> articles of that outlet in the all-outlet row (internal, its distinct-outlet count). */
    public static final String MENTIONS_DAILY_OUTLET_ARTICLES = "mentions-daily-outlet-articles";
    /** Row key -> timestamp of its latest change: rows changed since the count step's last flush (internal). */
    public static final String MENTIONS_DAILY_PENDING = "mentions-daily-pending";
    /** Newest event day of this task's articles.enriched partition (internal, watermarks for the alerts). */
    public static final String DAILY_INPUT_PROGRESS = "mentions-daily-input-progress";
    /** Per counting task: newest event day of every articles.enriched partition, from its watermarks (internal). */
    public static final String DAILY_INPUT_WATERMARKS = "mentions-daily-input-watermarks";

    /** 'holder|target|YYYY-MM-DD' -> HolderStance (see pipeline.holders.HolderKeys). */
    public static final String HOLDER_STANCES = "holder-stances-store";
    /** 'target|holder|YYYY-MM-DD' -> HolderStance: the same rows, for "who speaks about X". */
    public static final String HOLDER_STANCES_BY_TARGET = "holder-stances-by-target-store";
    /** Per-article contributions behind each HolderStance row (internal). */
    public static final String HOLDER_STANCES_CONTRIBUTIONS = "holder-stances-contributions";
    /** articleId -> the holder rows its last version contributed to (internal). */
    public static final String HOLDER_ARTICLE_ROWS = "holder-article-rows";

    private StoreNames() {
    }
}
