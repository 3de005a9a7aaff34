package org.stancewatch.app.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Serializer;
import org.stancewatch.events.Article;

/**
 * Malformed and adversarial {@code articles} records, mixed with good ones, each labelled with what the
 * pipeline must do with it: dead-letter it with a given reason code, or count it.
 */
public final class HostileRecords {

    /** A kind of record and the {@code RejectedRecord.reason} it must get; null = it must be counted. */
    public enum Kind {
        RANDOM_BYTES("BAD_MAGIC_BYTE"),
        WRONG_MAGIC_BYTE("BAD_MAGIC_BYTE"),
        EMPTY_VALUE("EMPTY"),
        TOO_SHORT("TOO_SHORT"),
        UNKNOWN_SCHEMA_ID("UNKNOWN_SCHEMA_ID"),
        FOREIGN_SCHEMA("INCOMPATIBLE_SCHEMA"),
        TRUNCATED_AVRO("MALFORMED_AVRO"),
        TRAILING_BYTES("MALFORMED_AVRO"),
        /** Random bytes after a valid header: whichever check trips first, a length or a string's UTF-8. */
        RANDOM_AVRO_PAYLOAD("MALFORMED_AVRO", "INVALID_UTF8"),
        CORRUPT_LENGTH("MALFORMED_AVRO"),
        NO_KEY_NO_VALUE("DESERIALIZATION"),
        BLANK_ID("DESERIALIZATION"),
        EMPTY_BODY("EMPTY_BODY"),
        BLANK_BODY("EMPTY_BODY"),
        HUGE_BODY("BODY_TOO_LARGE"),
        YEAR_9999("BAD_DATE"),
        YEAR_0001("BAD_DATE"),
        INSTANT_YEAR_9999("BAD_DATE"),
        /** Invalid UTF-8 inside strings: Avro alone would decode it as U+FFFD; our decoder refuses it. */
        INVALID_UTF8("INVALID_UTF8"),
        /** 10,000 actor aliases in one sentence: matching is linear (Aho-Corasick), so it is counted. */
        ALIAS_FLOOD,
        GOOD;

        private final Set<String> reasons;

        Kind(String... reasons) {
            this.reasons = Set.of(reasons);
        }

        /** The reason codes it may be dead-lettered with; empty when it must be counted. */
        public Set<String> expectedReasons() {
            return reasons;
        }

        public boolean mustBeCounted() {
            return reasons.isEmpty();
        }
    }

    public record Hostile(Kind kind, byte[] key, byte[] value) {
    }

    public static final int HUGE_BODY_CHARS = 5 * 1024 * 1024;
    public static final int FLOOD_ALIASES = 10_000;
    /** Kinds that are expensive to hold or process: a few of each are enough. */
    private static final int MAX_HUGE = 3;
    private static final int MAX_FLOOD = 3;
    private static final int MAGIC_BYTE = 0;

    private final Random random;
    private final String topic;
    private final Serializer<Article> serializer;
    private final int articleSchemaId;
    private final int foreignSchemaId;
    private final List<Article> goodArticles;

    /**
     * @param serializer      writes Articles in the Confluent wire format for {@code topic} (registry-backed)
     * @param articleSchemaId the id {@code serializer} writes with (for hand-encoded records)
     * @param foreignSchemaId the id of a registered schema of another record type
     * @param goodArticles    valid articles, used in order for GOOD records and as raw material for the rest
     */
    public HostileRecords(long seed, String topic, Serializer<Article> serializer, int articleSchemaId,
                          int foreignSchemaId, List<Article> goodArticles) {
        this.random = new Random(seed);
        this.topic = topic;
        this.serializer = serializer;
        this.articleSchemaId = articleSchemaId;
        this.foreignSchemaId = foreignSchemaId;
        this.goodArticles = goodArticles;
    }

    /** {@code bad} hostile records and every good article (as GOOD), shuffled together deterministically. */
    public List<Hostile> generate(int bad) {
        List<Kind> badKinds = Arrays.stream(Kind.values()).filter(k -> k != Kind.GOOD).toList();
        List<Hostile> out = new ArrayList<>();
        int huge = 0;
        int flood = 0;
        for (int i = 0; i < bad; i++) {
            Kind kind = badKinds.get(i % badKinds.size()); // every kind, evenly
            if (kind == Kind.HUGE_BODY && huge++ >= MAX_HUGE || kind == Kind.ALIAS_FLOOD && flood++ >= MAX_FLOOD) {
                kind = Kind.RANDOM_BYTES;
            }
            out.add(make(kind, "hostile-" + i));
        }
        Collections.shuffle(out, random);
        // Good records keep their relative order (re-sends must come after what they correct).
        List<Hostile> mixed = new ArrayList<>(out.size() + goodArticles.size());
        int g = 0;
        for (Hostile h : out) {
            if (g < goodArticles.size() && random.nextInt(out.size() / Math.max(1, goodArticles.size()) + 1) == 0) {
                mixed.add(good(goodArticles.get(g++)));
            }
            mixed.add(h);
        }
        while (g < goodArticles.size()) {
            mixed.add(good(goodArticles.get(g++)));
        }
        return mixed;
    }

    private Hostile good(Article a) {
        return new Hostile(Kind.GOOD, utf8(a.getId()), serializer.serialize(topic, a));
    }

    Hostile make(Kind kind, String id) {
        byte[] key = utf8(id);
        Article base = template(id);
        byte[] valid = serializer.serialize(topic, base);
        byte[] value = switch (kind) {
            case RANDOM_BYTES -> {
                byte[] b = randomBytes(1 + random.nextInt(300));
                b[0] = (byte) (1 + random.nextInt(255)); // never the magic byte
                yield b;
            }
            case WRONG_MAGIC_BYTE -> {
                byte[] b = valid.clone();
                b[0] = (byte) (1 + random.nextInt(255));
                yield b;
            }
            case EMPTY_VALUE -> new byte[0];
            case TOO_SHORT -> {
                byte[] b = randomBytes(1 + random.nextInt(4));
                b[0] = MAGIC_BYTE;
                yield b;
            }
            case UNKNOWN_SCHEMA_ID -> withSchemaId(valid, 1_000_000 + random.nextInt(1_000_000));
            case FOREIGN_SCHEMA -> withSchemaId(valid, foreignSchemaId);
            case TRUNCATED_AVRO -> Arrays.copyOf(valid, 5 + random.nextInt(valid.length - 6));
            case TRAILING_BYTES -> {
                byte[] tail = randomBytes(1 + random.nextInt(20));
                byte[] b = Arrays.copyOf(valid, valid.length + tail.length);
                System.arraycopy(tail, 0, b, valid.length, tail.length);
                yield b;
            }
            case RANDOM_AVRO_PAYLOAD -> header(articleSchemaId, randomBytes(20 + random.nextInt(200)));
            case CORRUPT_LENGTH -> header(articleSchemaId, corruptLength());
            case NO_KEY_NO_VALUE -> null;
            case BLANK_ID -> serializer.serialize(topic, Article.newBuilder(base).setId(" ").build());
            case EMPTY_BODY -> serializer.serialize(topic, Article.newBuilder(base).setBody("").build());
            case BLANK_BODY -> serializer.serialize(topic, Article.newBuilder(base).setBody(" \n\t ").build());
            case HUGE_BODY -> serializer.serialize(topic, Article.newBuilder(base).setBody(hugeBody()).build());
            case YEAR_9999 -> serializer.serialize(topic, Article.newBuilder(base).setPublishedDate(LocalDate.of(9999, 12, 31)).build());
            case YEAR_0001 -> serializer.serialize(topic, Article.newBuilder(base).setPublishedDate(LocalDate.of(1, 1, 1)).build());
            case INSTANT_YEAR_9999 -> serializer.serialize(topic, Article.newBuilder(base)
                    .setPublishedAt(Instant.parse("9999-12-31T23:59:59Z")).build());
            case INVALID_UTF8 -> header(articleSchemaId, invalidUtf8Article(base));
            case ALIAS_FLOOD -> serializer.serialize(topic, Article.newBuilder(base).setBody(aliasFlood()).build());
            case GOOD -> valid;
        };
        return new Hostile(kind, kind == Kind.NO_KEY_NO_VALUE ? null : key, value);
    }

    private Article template(String id) {
        Article good = goodArticles.get(random.nextInt(goodArticles.size()));
        return Article.newBuilder(good).setId(id).setUrl(null).build();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] withSchemaId(byte[] valid, int id) {
        byte[] b = valid.clone();
        ByteBuffer.wrap(b, 1, 4).putInt(id);
        return b;
    }

    private static byte[] header(int schemaId, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put((byte) MAGIC_BYTE).putInt(schemaId).put(payload).array();
    }

    /** An id string claiming 2^40 bytes: a naive decoder would try to allocate a terabyte. */
    private static byte[] corruptLength() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        try {
            enc.writeLong(1L << 40);
            enc.writeFixed(new byte[] {'a', 'b', 'c'});
            enc.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e); // in-memory stream
        }
        return out.toByteArray();
    }

    private String hugeBody() {
        StringBuilder b = new StringBuilder(HUGE_BODY_CHARS + 200);
        while (b.length() < HUGE_BODY_CHARS) {
            b.append(goodArticles.get(random.nextInt(goodArticles.size())).getBody()).append(' ');
        }
        return b.toString();
    }

    private String aliasFlood() {
        StringBuilder b = new StringBuilder("In Mosul, ");
        for (int i = 0; i < FLOOD_ALIASES; i++) {
            b.append(ChaosArticles.ACTOR_NAMES.get(i % ChaosArticles.ACTOR_NAMES.size())).append(", ");
        }
        return b.append("and many others all claimed the victory.").toString();
    }

    /**
     * The Article encoding written by hand, because Avro's writers cannot produce invalid UTF-8: the title,
     * body and outlet get byte sequences that are not UTF-8 (a lone continuation byte, an overlong form, a
     * truncated 3-byte sequence) between real words. Field order is the Article schema's (v1).
     */
    private byte[] invalidUtf8Article(Article base) {
        byte[][] junk = {{(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFF}};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        try {
            enc.writeString(base.getId());
            enc.writeBytes(spoil(base.getTitle(), junk));
            enc.writeBytes(spoil(base.getBody(), junk));
            enc.writeIndex(0); // url: null
            enc.writeIndex(1);
            enc.writeBytes(spoil(base.getOutlet(), junk));
            enc.writeIndex(1);
            enc.writeString("en");
            enc.writeIndex(1);
            enc.writeInt((int) base.getPublishedDate().toEpochDay());
            enc.writeIndex(0); // publishedAt: null
            enc.writeLong(base.getIngestedAt().toEpochMilli());
            enc.writeIndex(0); // source: null
            enc.writeMapStart();
            enc.setItemCount(0);
            enc.writeMapEnd();
            enc.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e); // in-memory stream
        }
        return out.toByteArray();
    }

    private byte[] spoil(String text, byte[][] junk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] words = text.split(" ");
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                out.write(' ');
            }
            if (random.nextInt(4) == 0) {
                out.writeBytes(junk[random.nextInt(junk.length)]);
            }
            out.writeBytes(utf8(words[i]));
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
