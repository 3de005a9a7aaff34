package org.stancewatch.pipeline.alerts;

/**
 * "Input partition {@code partition} has been processed up to day {@code day}": a marker record sent to every
 * partition of a repartition topic behind the records it follows, so each downstream task knows how far every
 * upstream partition is, not just the ones whose records it holds. Sent by the daily counts (per
 * {@code articles.enriched} partition to the counting tasks, and per counting task to the alerts, see
 * {@code DailyMentionsTopology}) and, for a stand-alone alerts topology, by {@link InputProgressProcessor} per
 * {@code mentions.daily} partition.
 *
 * <p>It travels as the record key (the value is null): the topic's values are rows ({@code ActorDay}, {@code Contribution}), and a
 * key starting with {@link #MARKER} cannot be a row key (actor ids never start with it).
 */
public record InputWatermark(int partition, long epochDay) {

    static final char MARKER = '\u001e';
    private static final String PREFIX = MARKER + "watermark:";

    public String key() {
        return PREFIX + partition + ":" + epochDay;
    }

    public static boolean isWatermark(String key) {
        return key != null && !key.isEmpty() && key.charAt(0) == MARKER;
    }

    /** The watermark a key carries; throws with the key named when it is not one. */
    public static InputWatermark parse(String key) {
        if (key == null || !key.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a watermark key: '" + key + "'");
        }
        String[] parts = key.substring(PREFIX.length()).split(":");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException("expected <partition>:<epochDay>");
            }
            return new InputWatermark(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed watermark key '" + key + "': " + e.getMessage(), e);
        }
    }
}
