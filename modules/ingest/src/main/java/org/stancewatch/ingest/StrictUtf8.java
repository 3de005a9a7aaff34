package org.stancewatch.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 decoding that refuses invalid bytes (instead of silently inserting U+FFFD) and says where they are. */
final class StrictUtf8 {

    /** Invalid UTF-8 at a byte offset (0-based, in the decoded buffer) on a 1-based line. */
    static final class InvalidUtf8Exception extends Exception {
        final long byteOffset;
        final int line;

        InvalidUtf8Exception(long byteOffset, int line, int length) {
            super("invalid UTF-8 at byte offset " + byteOffset + " (line " + line + ", " + length
                    + " bad byte" + (length == 1 ? "" : "s") + ")");
            this.byteOffset = byteOffset;
            this.line = line;
        }
    }

    private StrictUtf8() {
    }

    /**
     * Decodes all of {@code bytes}; a leading byte-order mark is dropped.
     *
     * @param baseOffset added to reported offsets, when {@code bytes} is a slice of a larger input
     * @param baseLine   line number of the first byte of {@code bytes}
     */
    static String decode(byte[] bytes, long baseOffset, int baseLine) throws InvalidUtf8Exception {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            throw new InvalidUtf8Exception(baseOffset + at, baseLine + countNewlines(bytes, at), result.length());
        }
        result = decoder.flush(out);
        if (result.isError()) {
            throw new InvalidUtf8Exception(baseOffset + in.position(), baseLine + countNewlines(bytes, in.position()), 1);
        }
        out.flip();
        String s = out.toString();
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    static String decode(byte[] bytes) throws InvalidUtf8Exception {
        return decode(bytes, 0, 1);
    }

    private static int countNewlines(byte[] bytes, int end) {
        int n = 0;
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\n') {
                n++;
            }
        }
        return n;
    }
}
