package org.stancewatch.events.serde;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;
import org.stancewatch.events.StrictUtf8;

/**
 * An Avro binary decoder over one record's bytes that refuses lengths and item counts the remaining
 * bytes cannot hold. Hand-written because Avro's own guards ({@code org.apache.avro.limits.*} system
 * properties) are JVM-wide and default to about 2 GB: a garbage length in a corrupt record would
 * make {@link BinaryDecoder} allocate that much before noticing the data is not there, and a
 * garbage item count of zero-size items would loop for ages.
 *
 * <p>Strings must also be valid UTF-8 (the Avro spec says they are): Avro itself decodes bad bytes to
 * U+FFFD without a word, which would count an article whose title or outlet is garbage.
 */
final class BoundedBinaryDecoder extends Decoder {

    /** Cap on one block's item count when items can be encoded in zero bytes (arrays of null or empty records). */
    static final long MAX_ZERO_SIZE_ITEMS = 1_000_000;

    /** Thrown for a length or count that cannot be right; reported as malformed Avro. */
    static final class CorruptLengthException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptLengthException(String message) {
            super(message);
        }
    }

    /** A string that is not valid UTF-8; reported as {@code INVALID_UTF8}. */
    static final class InvalidUtf8Exception extends IOException {
        private static final long serialVersionUID = 1L;

        InvalidUtf8Exception(String message) {
            super(message);
        }
    }

    private final ByteArrayInputStream input;
    private final int start;
    private final int length;
    private final BinaryDecoder delegate;
    private final boolean itemsHaveBytes;

    /**
     * @param writerSchema the schema the bytes were written with; tells whether every array item takes at least one byte
     */
    BoundedBinaryDecoder(byte[] data, int offset, int length, Schema writerSchema) {
        this.input = new ByteArrayInputStream(data, offset, length);
        this.start = offset;
        this.length = length;
        // The direct (unbuffered) decoder reads exactly what it needs, so input.available() is the true remainder.
        this.delegate = DecoderFactory.get().directBinaryDecoder(input, null);
        this.itemsHaveBytes = !hasZeroSizeArrayItems(writerSchema, new HashSet<>());
    }

    /** Bytes not yet consumed. */
    int remaining() {
        return input.available();
    }

    @Override
    public void readNull() throws IOException {
        delegate.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return delegate.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return delegate.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return delegate.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return delegate.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return delegate.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        // Valid UTF-8 round-trips exactly, and Utf8 keeps the String, so nothing is decoded twice.
        return new Utf8(readString());
    }

    @Override
    public String readString() throws IOException {
        int at = start + length - remaining();
        return decodeUtf8(readLengthPrefixed("string"), at);
    }

    /** Decodes strictly; {@code at} is where the string starts in the record's bytes, for the message. */
    private static String decodeUtf8(byte[] bytes, int at) throws InvalidUtf8Exception {
        try {
            return StrictUtf8.decode(bytes);
        } catch (StrictUtf8.InvalidUtf8Exception e) {
            throw new InvalidUtf8Exception("an invalid string of " + bytes.length + " bytes at byte " + at + ": "
                    + e.getMessage());
        }
    }

    @Override
    public void skipString() throws IOException {
        delegate.skipFixed(checkedLength("string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        return ByteBuffer.wrap(readLengthPrefixed("bytes"));
    }

    @Override
    public void skipBytes() throws IOException {
        delegate.skipFixed(checkedLength("bytes"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        delegate.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        delegate.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return delegate.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return checkedCount("array", delegate.readArrayStart());
    }

    @Override
    public long arrayNext() throws IOException {
        return checkedCount("array", delegate.arrayNext());
    }

    @Override
    public long skipArray() throws IOException {
        return checkedCount("array", delegate.skipArray());
    }

    @Override
    public long readMapStart() throws IOException {
        return checkedCount("map", delegate.readMapStart());
    }

    @Override
    public long mapNext() throws IOException {
        return checkedCount("map", delegate.mapNext());
    }

    @Override
    public long skipMap() throws IOException {
        return checkedCount("map", delegate.skipMap());
    }

    @Override
    public int readIndex() throws IOException {
        return delegate.readIndex();
    }

    private byte[] readLengthPrefixed(String what) throws IOException {
        byte[] bytes = new byte[checkedLength(what)];
        delegate.readFixed(bytes, 0, bytes.length);
        return bytes;
    }

    private int checkedLength(String what) throws IOException {
        long length = delegate.readLong();
        if (length < 0 || length > remaining()) {
            throw new CorruptLengthException(what + " length " + length + " but only " + remaining() + " bytes remain");
        }
        return (int) length;
    }

    private long checkedCount(String what, long count) throws IOException {
        // Map entries always have a key (>= 1 byte); array items do unless their type can be empty.
        boolean bytesPerItem = what.equals("map") || itemsHaveBytes;
        long limit = bytesPerItem ? remaining() : MAX_ZERO_SIZE_ITEMS;
        if (count < 0 || count > limit) {
            throw new CorruptLengthException(what + " block of " + count + " items but only " + remaining() + " bytes remain");
        }
        return count;
    }

    /** True if some array in {@code schema} has items that may be encoded in zero bytes. */
    private static boolean hasZeroSizeArrayItems(Schema schema, Set<String> seenRecords) {
        switch (schema.getType()) {
            case ARRAY:
                return canBeEmpty(schema.getElementType(), new HashSet<>())
                        || hasZeroSizeArrayItems(schema.getElementType(), seenRecords);
            case MAP:
                return hasZeroSizeArrayItems(schema.getValueType(), seenRecords);
            case UNION:
                return schema.getTypes().stream().anyMatch(branch -> hasZeroSizeArrayItems(branch, seenRecords));
            case RECORD:
                if (!seenRecords.add(schema.getFullName())) {
                    return false;
                }
                return schema.getFields().stream().anyMatch(field -> hasZeroSizeArrayItems(field.schema(), seenRecords));
            default:
                return false;
        }
    }

    private static boolean canBeEmpty(Schema schema, Set<String> seenRecords) {
        switch (schema.getType()) {
            case NULL:
                return true;
            case FIXED:
                return schema.getFixedSize() == 0;
            case RECORD:
                if (!seenRecords.add(schema.getFullName())) {
                    return false; // a recursive record needs at least a union index or array terminator somewhere
                }
                return schema.getFields().stream().allMatch(field -> canBeEmpty(field.schema(), seenRecords));
            default:
                return false;
        }
    }
}
