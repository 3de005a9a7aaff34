package org.stancewatch.ingest;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.stancewatch.events.Article;

final class TestSupport {
    static final Path SEEDS = Path.of("../../seeds");
    static final Path SAMPLES = Path.of("src/test/resources/samples");
    static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    private TestSupport() {
    }

    static FeedOptions options() {
        return FeedOptions.defaults().withClock(FIXED).withProgress(FeedOptions.Progress.NEVER);
    }

    static List<ReadItem> all(Stream<ReadItem> items) {
        try (items) {
            return items.toList();
        }
    }

    static List<Article> articles(List<ReadItem> items) {
        return items.stream().filter(i -> i instanceof ReadItem.Accepted)
                .map(i -> ((ReadItem.Accepted) i).article()).toList();
    }

    static List<Rejection> rejections(List<ReadItem> items) {
        return items.stream().filter(i -> i instanceof Rejection).map(i -> (Rejection) i).toList();
    }
}
