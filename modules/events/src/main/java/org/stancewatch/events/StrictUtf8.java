package org.stancewatch.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding that refuses invalid bytes instead of silently inserting U+FFFD, and says where they are.
 * Shared by the Avro decoder (strings inside records) and the feeder (files on disk).
 */
public final class StrictUtf8 {

    /** Invalid UTF-8 at {@link #index()} of the decoded bytes. */
    public static final class InvalidUtf8Exception extends IOException {
        private static final long serialVersionUID = 1L;
        private final int index;
        private final int badBytes;

        InvalidUtf8Exception(int index, int badBytes, int firstBadByte, String decodedBefore) {
            super(String.format("byte 0x%02x at index %d is not UTF-8 (after \"%s\")", firstBadByte, index,
                    tail(decodedBefore)));
            this.index = index;
            this.badBytes = badBytes;
        }

        /** Index of the first bad byte. */
        public int index() {
            return index;
        }

        /** How many bytes form the malformed sequence (at least 1). */
        public int badBytes() {
            return badBytes;
        }

        private static String tail(String text) {
            return text.length() <= 40 ? text : "..." + text.substring(text.length() - 40);
        }
    }

    private StrictUtf8() {
    }

    /** Decodes all of {@code bytes}, or throws at the first byte that is not UTF-8 (overlong forms and surrogates included). */
    public static String decode(byte[] bytes) throws InvalidUtf8Exception {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never gives more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position(); // an error leaves the input at the start of the bad sequence
            throw new InvalidUtf8Exception(at, Math.max(1, result.length()), bytes[at] & 0xff, out.flip().toString());
        }
        return out.flip().toString();
    }
}
