package org.stancewatch.pipeline.alerts;

/**
 * "Input partition {@code partition} of {@code mentions.daily} has seen rows up to day {@code day}": the record
 * that {@link InputProgressProcessor} sends to every partition of the by-actor repartition topic, so each
 * detector task knows how far every input partition is, not just the ones whose rows it holds.
 *
 * <p>It travels as the record key (the value is null): the repartition topic's values are {@code ActorDay}, and a
 * key starting with {@link #MARKER} cannot be a {@code mentions.daily} key (actor ids never start with it).
 */
record InputWatermark(int partition, long epochDay) {

    static final char MARKER = '\u001e';
    private static final String PREFIX = MARKER + "watermark:";

    String key() {
        return PREFIX + partition + ":" + epochDay;
    }

    static boolean isWatermark(String key) {
        return key != null && !key.isEmpty() && key.charAt(0) == MARKER;
    }

    /** The watermark a key carries; throws with the key named when it is not one. */
    static InputWatermark parse(String key) {
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
