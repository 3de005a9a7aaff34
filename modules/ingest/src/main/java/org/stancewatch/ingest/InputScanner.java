package org.stancewatch.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.stancewatch.ingest.Rejection.Code;

/**
 * Turns command-line inputs (files, directories, {@code -} for standard input) into a stream of read items.
 * Directories are walked recursively in name order; hidden files (names starting with '.') are skipped
 * silently, other files with an unknown extension are reported and skipped.
 */
public final class InputScanner {

    /** The input formats, chosen by file extension. */
    public enum Format {
        RAW_TEXT("txt", "text"), JSON_LINES("jsonl", "ndjson"), FEED("xml", "rss", "atom");

        final List<String> extensions;

        Format(String... extensions) {
            this.extensions = List.of(extensions);
        }

        public static Format forFile(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            int dot = name.lastIndexOf('.');
            String ext = dot < 0 ? "" : name.substring(dot + 1);
            for (Format f : values()) {
                if (f.extensions.contains(ext)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** One file (or stdin) to read, with its format and size (0 for stdin). */
    public record InputFile(Path path, Format format, long size) {
        public boolean isStdin() {
            return path.toString().equals("-");
        }
    }

    /** What a scan will read: the files, the inputs skipped up front, and the total size for the progress bar. */
    public record Plan(List<InputFile> files, List<Rejection> skipped, long totalBytes) {
    }

    private static final String ACCEPTED = "accepted: .txt .text (raw text), .jsonl .ndjson (JSON Lines), "
            + ".xml .rss .atom (RSS 2.0 / Atom)";

    private final RawTextReader rawText;
    private final JsonLinesReader jsonLines;
    private final FeedReader feeds;
    private final InputStream stdin;

    public InputScanner(FeedOptions options) {
        this(options, System.in);
    }

    public InputScanner(FeedOptions options, InputStream stdin) {
        this.rawText = new RawTextReader(options);
        this.jsonLines = new JsonLinesReader(options);
        this.feeds = new FeedReader(options);
        this.stdin = stdin;
    }

    public Plan plan(List<Path> inputs) {
        List<InputFile> files = new ArrayList<>();
        List<Rejection> skipped = new ArrayList<>();
        long total = 0;
        for (Path input : inputs) {
            if (input.toString().equals("-")) {
                files.add(new InputFile(input, Format.JSON_LINES, 0));
            } else if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                        if (!p.getFileName().toString().startsWith(".")) {
                            total += add(p, files, skipped);
                        }
                    }
                } catch (IOException | UncheckedIOException e) {
                    skipped.add(new Rejection(input.toString(), 0, Code.UNREADABLE_INPUT,
                            "cannot list directory: " + ArticleSource.describe(e)));
                }
            } else if (Files.isRegularFile(input)) {
                total += add(input, files, skipped);
            } else {
                skipped.add(new Rejection(input.toString(), 0, Code.UNREADABLE_INPUT, "no such file or directory"));
            }
        }
        return new Plan(List.copyOf(files), List.copyOf(skipped), total);
    }

    private static long add(Path file, List<InputFile> files, List<Rejection> skipped) {
        Format format = Format.forFile(file);
        if (format == null) {
            skipped.add(new Rejection(file.toString(), 0, Code.UNKNOWN_FORMAT,
                    "unknown file extension; skipped (" + ACCEPTED + ")"));
            return 0;
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = 0;
        }
        files.add(new InputFile(file, format, size));
        return size;
    }

    /** All items of all inputs, lazily, in input order; skipped inputs first. The caller must close the stream. */
    public Stream<ReadItem> scan(List<Path> inputs) {
        return scan(plan(inputs), bytes -> { });
    }

    /** As {@link #scan(List)}, reporting every chunk of bytes read (for progress) to {@code bytesRead}. */
    public Stream<ReadItem> scan(Plan plan, LongConsumer bytesRead) {
        Stream<ReadItem> skipped = plan.skipped().stream().map(r -> r);
        Stream<ReadItem> read = plan.files().stream().flatMap(file -> read(file, bytesRead));
        return Stream.concat(skipped, read);
    }

    private Stream<ReadItem> read(InputFile file, LongConsumer bytesRead) {
        ArticleSource reader = switch (file.format()) {
            case RAW_TEXT -> rawText;
            case JSON_LINES -> jsonLines;
            case FEED -> feeds;
        };
        if (file.isStdin()) {
            try {
                return reader.read("-", new CountingInputStream(stdin, bytesRead, false));
            } catch (IOException e) {
                return Stream.of(ArticleSource.cannotRead("-", e));
            }
        }
        InputStream in;
        try {
            in = new CountingInputStream(Files.newInputStream(file.path()), bytesRead, true);
        } catch (IOException e) {
            return Stream.of(ArticleSource.cannotRead(file.path().toString(), e));
        }
        try {
            return reader.read(file.path().toString(), in).onClose(() -> closeQuietly(in));
        } catch (IOException | RuntimeException e) {
            closeQuietly(in);
            return Stream.of(ArticleSource.cannotRead(file.path().toString(), e));
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // a read-only file whose close fails has nothing left to lose
        }
    }

    /** Counts bytes for the progress bar; does not close standard input. */
    private static final class CountingInputStream extends FilterInputStream {
        private final LongConsumer bytesRead;
        private final boolean closeUnderlying;

        CountingInputStream(InputStream in, LongConsumer bytesRead, boolean closeUnderlying) {
            super(in);
            this.bytesRead = bytesRead;
            this.closeUnderlying = closeUnderlying;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytesRead.accept(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                bytesRead.accept(n);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            if (closeUnderlying) {
                super.close();
            }
        }
    }
}
