package org.stancewatch.pipeline.enrich;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 52-bit SimHash (Charikar 2002) over 3-word shingles of a text, for spotting syndicated copies:
 * copies with small edits (a changed byline, a trimmed footer) differ in only a few bits.
 *
 * <p>52 bits, not 64, because the value travels in {@code EnrichedArticle.simhash} (an Avro long) and
 * JavaScript clients (kafkajs with avsc) refuse to decode longs beyond 2^53 ("potential precision loss"),
 * which made the whole record unreadable for them.
 *
 * <p>Hand-written because no dependency we already ship offers it (Guava and commons-codec are not on
 * the classpath, and the SimHash libraries on Maven Central are unmaintained one-offs); it is thirty
 * lines and pinned down by tests. The per-shingle hash is FNV-1a finished with the SplitMix64 mixer,
 * because plain FNV-1a leaves the high bits poorly mixed for short inputs, which SimHash needs spread evenly.
 */
public final class SimHash {

    /** Bits in a SimHash: the largest multiple of {@link #BANDS} that stays exact in a JavaScript number. */
    public static final int BITS = 52;
    /** Near-duplicates differ in at most this many of the bits. */
    public static final int MAX_DUPLICATE_DISTANCE = 3;
    /**
     * Split into {@value} bands (contiguous bit ranges covering all {@link #BITS} bits): two hashes within
     * distance {@link #MAX_DUPLICATE_DISTANCE} share at least one band exactly (pigeonhole, as BANDS > distance).
     */
    public static final int BANDS = 4;

    private static final int SHINGLE_WORDS = 3;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private SimHash() {
    }

    public static long of(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text == null ? "" : text);
        while (m.find()) {
            words.add(m.group().toLowerCase(Locale.ROOT));
        }
        if (words.isEmpty()) {
            return 0L;
        }
        int[] votes = new int[BITS];
        int shingles = Math.max(1, words.size() - SHINGLE_WORDS + 1);
        for (int i = 0; i < shingles; i++) {
            String shingle = String.join(" ", words.subList(i, Math.min(words.size(), i + SHINGLE_WORDS)));
            long h = hash64(shingle);
            for (int bit = 0; bit < BITS; bit++) {
                votes[bit] += ((h >>> bit) & 1L) == 1L ? 1 : -1;
            }
        }
        long simhash = 0L;
        for (int bit = 0; bit < BITS; bit++) {
            if (votes[bit] > 0) {
                simhash |= 1L << bit;
            }
        }
        return simhash;
    }

    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** Band {@code index} (0..{@link #BANDS}-1) of a SimHash: with 4 bands, 13 bits each. */
    public static int band(long simhash, int index) {
        return band(simhash, index, BANDS);
    }

    /**
     * Band {@code index} of {@code bands} contiguous bit ranges covering all {@link #BITS} bits (sizes differ by at
     * most one bit when BITS is not a multiple of bands), so any two hashes differing in fewer than {@code bands}
     * bits agree on at least one band.
     */
    public static int band(long simhash, int index, int bands) {
        if (index < 0 || index >= bands || bands < 1 || bands > BITS) {
            throw new IllegalArgumentException("band " + index + " of " + bands);
        }
        int from = index * BITS / bands;
        int to = (index + 1) * BITS / bands;
        return (int) ((simhash >>> from) & ((1L << (to - from)) - 1));
    }

    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
