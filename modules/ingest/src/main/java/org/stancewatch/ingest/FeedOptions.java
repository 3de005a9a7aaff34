package org.stancewatch.ingest;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Settings for reading and feeding articles.
 *
 * @param defaultOutlet     outlet for items that name none themselves (a raw file's {@code outlet} header or a
 *                          JSON/feed field wins over it); may be null
 * @param defaultLanguage   BCP-47 tag for items that name none; may be null (the enricher detects it)
 * @param maxBodyBytes      largest accepted body, in UTF-8 bytes. Bytes, not chars, because what must fit is the
 *                          Kafka record: 1,000,000 leaves room for title and metadata under the producer's
 *                          default {@code max.request.size} of 1 MiB
 * @param ledger            file of ids sent in earlier runs (one per line, appended to); null for none
 * @param progress          when to draw the progress bar
 * @param clock             source of {@code ingestedAt}
 */
public record FeedOptions(String defaultOutlet, String defaultLanguage, int maxBodyBytes, Path ledger,
                          Progress progress, Clock clock) {

    public static final int DEFAULT_MAX_BODY_BYTES = 1_000_000;

    /** AUTO: on a terminal, or for inputs over {@link ProgressBar#LARGE_INPUT_BYTES}; ALWAYS/NEVER force it. */
    public enum Progress { AUTO, ALWAYS, NEVER }

    public FeedOptions {
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
        }
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(clock, "clock");
    }

    public static FeedOptions defaults() {
        return new FeedOptions(null, null, DEFAULT_MAX_BODY_BYTES, null, Progress.AUTO, Clock.systemUTC());
    }

    public FeedOptions withOutlet(String outlet) {
        return new FeedOptions(outlet, defaultLanguage, maxBodyBytes, ledger, progress, clock);
    }

    public FeedOptions withLanguage(String language) {
        return new FeedOptions(defaultOutlet, language, maxBodyBytes, ledger, progress, clock);
    }

    public FeedOptions withMaxBodyBytes(int max) {
        return new FeedOptions(defaultOutlet, defaultLanguage, max, ledger, progress, clock);
    }

    public FeedOptions withLedger(Path ledgerFile) {
        return new FeedOptions(defaultOutlet, defaultLanguage, maxBodyBytes, ledgerFile, progress, clock);
    }

    public FeedOptions withProgress(Progress mode) {
        return new FeedOptions(defaultOutlet, defaultLanguage, maxBodyBytes, ledger, mode, clock);
    }

    public FeedOptions withClock(Clock c) {
        return new FeedOptions(defaultOutlet, defaultLanguage, maxBodyBytes, ledger, progress, c);
    }
}
