package org.stancewatch.ingest;

/** {@link org.stancewatch.events.StrictUtf8} for files: drops a byte-order mark, reports the offset and line in the file. */
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

        Rejection rejection(String input) {
            return new Rejection(input, line, Rejection.Code.INVALID_UTF8, getMessage());
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
        String s;
        try {
            s = org.stancewatch.events.StrictUtf8.decode(bytes);
        } catch (org.stancewatch.events.StrictUtf8.InvalidUtf8Exception e) {
            throw new InvalidUtf8Exception(baseOffset + e.index(), baseLine + countNewlines(bytes, e.index()), e.badBytes());
        }
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
