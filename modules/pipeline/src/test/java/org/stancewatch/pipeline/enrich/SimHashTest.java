package org.stancewatch.pipeline.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SimHashTest {

    static List<String> seedBodies() throws IOException {
        List<String> bodies = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("../../seeds"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                String file = Files.readString(p, StandardCharsets.UTF_8);
                bodies.add(file.substring(file.indexOf('\n') + 1)); // without the " date YYYY-MM-DD" line
            }
        }
        assertEquals(5, bodies.size());
        return bodies;
    }

    @Test
    void sameTextSameHashRegardlessOfCaseAndPunctuation() throws IOException {
        String body = seedBodies().get(0);
        assertEquals(SimHash.of(body), SimHash.of(body));
        assertEquals(SimHash.of(body), SimHash.of(body.toUpperCase().replace(",", " ").replace(".", " ")));
    }

    @Test
    void reformattedCopyHashesTheSameAndAFewChangedWordsStayClose() throws IOException {
        for (String body : seedBodies()) {
            // Syndicated copies are usually verbatim up to markup: line breaks, quotes, case.
            String reformatted = body.replace("\n\n", "\n").replace('“', '"').replace('”', '"').toUpperCase();
            assertEquals(SimHash.of(body), SimHash.of(reformatted));
            // One changed word moves only a few of the 64 bits (not always <= 3 on short texts: see README).
            String edited = body.replaceFirst("\\b\\w+\\b", "Reuters");
            int distance = SimHash.distance(SimHash.of(body), SimHash.of(edited));
            assertTrue(distance <= 6, "distance " + distance);
        }
    }

    @Test
    void differentArticlesOnTheSameStoryAreFarApart() throws IOException {
        List<String> bodies = seedBodies();
        for (int i = 0; i < bodies.size(); i++) {
            for (int j = i + 1; j < bodies.size(); j++) {
                int distance = SimHash.distance(SimHash.of(bodies.get(i)), SimHash.of(bodies.get(j)));
                assertTrue(distance > 10, "seeds " + i + " and " + j + " differ in only " + distance + " bits");
            }
        }
    }

    @Test
    void nearDuplicatesShareABand() {
        long a = 0x000F_4567_89ab_cdefL; // 52 bits
        long b = a ^ (1L << 3) ^ (1L << 20) ^ (1L << 40);
        assertEquals(3, SimHash.distance(a, b));
        boolean shared = false;
        for (int band = 0; band < SimHash.BANDS; band++) {
            shared |= SimHash.band(a, band) == SimHash.band(b, band);
        }
        assertTrue(shared);
        assertEquals((int) (a & 0x1FFF), SimHash.band(a, 0));
        assertEquals((int) ((a >>> 39) & 0x1FFF), SimHash.band(a, 3));
    }

    @Test
    void unevenBandsCoverEveryBitSoThePigeonholeHolds() {
        java.util.Random rnd = new java.util.Random(1);
        for (int bands = 2; bands <= 11; bands++) {
            long full = (1L << SimHash.BITS) - 1;
            long rebuilt = 0;
            int bits = 0;
            for (int band = 0; band < bands; band++) {
                long value = SimHash.band(full, band, bands);
                bits += Long.bitCount(value);
                rebuilt |= value << (band * SimHash.BITS / bands);
            }
            assertEquals(full, rebuilt, bands + " bands leave bits out");
            assertEquals(SimHash.BITS, bits, bands + " bands overlap");
            for (int trial = 0; trial < 200; trial++) {
                long a = rnd.nextLong() & ((1L << SimHash.BITS) - 1);
                long b = a;
                while (SimHash.distance(a, b) < bands - 1) {
                    b ^= 1L << rnd.nextInt(SimHash.BITS);
                }
                boolean shared = false;
                for (int band = 0; band < bands; band++) {
                    shared |= SimHash.band(a, band, bands) == SimHash.band(b, band, bands);
                }
                assertTrue(shared, bands + " bands, distance " + (bands - 1));
            }
        }
    }

    @Test
    void fitsInAJavaScriptNumber() {
        // kafkajs/avsc refuse longs beyond 2^53; every SimHash must stay below it.
        for (String text : new String[] {"ISIS fighters withdrew from the old city of Mosul on Saturday.",
                "The Iraqi army and the Popular Mobilization Forces announced victory over ISIS in Mosul.",
                "Russia and Iran condemned the attack in Baghdad."}) {
            long h = SimHash.of(text);
            assertTrue(h >= 0 && h < (1L << 53), Long.toHexString(h));
        }
    }

    @Test
    void emptyTextHashesToZeroAndShortTextStillHashes() {
        assertEquals(0L, SimHash.of("  ,. "));
        assertNotEquals(0L, SimHash.of("Mosul"));
    }
}
