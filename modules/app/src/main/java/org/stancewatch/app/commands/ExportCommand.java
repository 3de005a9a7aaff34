package org.stancewatch.app.commands;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.stancewatch.app.ConnectionOptions;
import org.stancewatch.app.ConnectionOptions.Endpoints;
import org.stancewatch.app.TopicReader;
import org.stancewatch.app.UserException;
import org.stancewatch.app.export.ArticleRow;
import org.stancewatch.app.export.ExportFormat;
import org.stancewatch.app.export.TableWriter;
import org.stancewatch.app.http.ApiModel.DayStats;
import org.stancewatch.app.http.DateRange;
import org.stancewatch.app.http.HolderModel.HolderDay;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.HolderStance;
import org.stancewatch.events.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Reads a result topic to its current end (latest value per key, as the stores hold it) and writes the rows of the
 * period as CSV or JSON Lines. The columns are the API's JSON fields, in the same order (documented in API.md).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a period's mentions, holders or articles as RFC 4180 CSV or JSON Lines.",
                "mentions: mentions.daily rows; holders: stances.by-holder rows; articles: articles.enriched.",
                "UTF-8, to --out FILE or stdout; the rows as the topics hold them now (latest value per key).",
                "Columns and their order are listed in modules/app/API.md (\"Export\").",
                "CSV text cells starting with = + - @, tab or CR get a leading ' (no spreadsheet formulas)."})
public final class ExportCommand implements Callable<Integer> {

    public enum What { mentions, holders, articles }

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "WHAT", description = "${COMPLETION-CANDIDATES}")
    What what;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First publication day (inclusive; default: open).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last publication day (inclusive; default: open).")
    LocalDate to;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|jsonl",
            description = "csv (RFC 4180, header row) or jsonl (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout (replaced if it exists).")
    Path out;

    @Override
    public Integer call() throws IOException {
        ExportFormat fmt = ExportFormat.parse(format).filter(f -> f != ExportFormat.JSON).orElseThrow(() ->
                new UserException("--format must be csv or jsonl, got '" + format + "'"));
        DateRange range;
        try {
            range = new DateRange(from, to);
        } catch (IllegalArgumentException e) {
            throw new UserException("--from/--to: " + e.getMessage());
        }
        // Undated rows (no known publication day) are in no period: only an export without --from/--to has them.
        boolean withUndated = from == null && to == null;
        Endpoints endpoints = connection.resolveRunning();
        int rows;
        try (OutputStream target = open()) {
            rows = switch (what) {
                case mentions -> {
                    List<DayStats> list = new ArrayList<>();
                    read(endpoints, Topics.MENTIONS_DAILY, ActorDay.class).forEach(d -> {
                        if (d.getDay() == null ? withUndated : range.contains(d.getDay())) {
                            list.add(DayStats.from(d));
                        }
                    });
                    list.sort(Comparator.comparing(DayStats::actorId)
                            .thenComparing(DayStats::day, Comparator.nullsFirst(Comparator.naturalOrder()))
                            .thenComparing(DayStats::outlet, Comparator.nullsFirst(Comparator.naturalOrder())));
                    TableWriter.write(DayStats.class, list, fmt, target);
                    yield list.size();
                }
                case holders -> {
                    List<HolderDay> list = new ArrayList<>();
                    read(endpoints, Topics.HOLDER_STANCES, HolderStance.class).forEach(h -> {
                        if (h.getDay() == null ? withUndated : range.contains(h.getDay())) {
                            list.add(HolderDay.from(h));
                        }
                    });
                    list.sort(Comparator.comparing(HolderDay::holder).thenComparing(HolderDay::target)
                            .thenComparing(HolderDay::day, Comparator.nullsFirst(Comparator.naturalOrder())));
                    TableWriter.write(HolderDay.class, list, fmt, target);
                    yield list.size();
                }
                case articles -> {
                    List<ArticleRow> list = new ArrayList<>();
                    read(endpoints, Topics.ENRICHED, EnrichedArticle.class).forEach(a -> {
                        if (a.getPublishedDate() == null ? withUndated : range.contains(a.getPublishedDate())) {
                            list.add(ArticleRow.from(a));
                        }
                    });
                    list.sort(Comparator.comparing(ArticleRow::publishedDate, Comparator.nullsFirst(Comparator.naturalOrder()))
                            .thenComparing(ArticleRow::id));
                    TableWriter.write(ArticleRow.class, list, fmt, target);
                    yield list.size();
                }
            };
        }
        System.err.println("export: " + rows + " " + what + " row(s)" + (out == null ? "" : " written to " + out));
        return 0;
    }

    private <V> List<V> read(Endpoints endpoints, String topic, Class<V> type) {
        try (TopicReader<V> reader = new TopicReader<>(endpoints.clientConfig(), topic,
                WatchCommand.deserializer(endpoints, type))) {
            return reader.latestByKey(Duration.ofMinutes(5)).values().stream().filter(Objects::nonNull).toList();
        }
    }

    private OutputStream open() throws IOException {
        if (out == null) {
            // closing the export must not close stdout: only flush it
            return new BufferedOutputStream(new java.io.FilterOutputStream(System.out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            });
        }
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        return new BufferedOutputStream(Files.newOutputStream(out));
    }
}
