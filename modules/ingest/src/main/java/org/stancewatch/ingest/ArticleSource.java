package org.stancewatch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.stancewatch.ingest.Rejection.Code;

/** A reader of one input format. Bad items come out as {@link Rejection}s; reading goes on after them. */
public interface ArticleSource {

    /**
     * Reads the items of one input. The stream is lazy where the format allows (JSON Lines), so callers must
     * close it; it does not close {@code in}.
     *
     * @param inputName how to name the input in rejections and in {@code Article.source} (a path, or {@code -})
     */
    Stream<ReadItem> read(String inputName, InputStream in) throws IOException;

    /** Reads a file; the returned stream closes the file when closed. */
    default Stream<ReadItem> read(Path file) {
        try {
            InputStream in = Files.newInputStream(file);
            try {
                return read(file.toString(), in).onClose(() -> closeQuietly(in));
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        } catch (IOException e) {
            return Stream.of(cannotRead(file.toString(), e));
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rejection of a whole input that could not be opened or read. */
    static Rejection cannotRead(String input, Exception e) {
        return new Rejection(input, 0, Code.UNREADABLE_INPUT, "cannot read: " + describe(e));
    }

    static String describe(Exception e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }
}
