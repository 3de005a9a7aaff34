package org.stancewatch.app.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.stancewatch.app.Analyzers;
import org.stancewatch.events.Article;
import org.stancewatch.ingest.FeedOptions;
import org.stancewatch.ingest.InputScanner;
import org.stancewatch.ingest.ReadItem;
import org.stancewatch.ingest.Rejection;
import org.stancewatch.nlp.ArticleAnalysis;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.eval.AnalysisPrinter;
import org.stancewatch.pipeline.EventTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Actor and stance analysis of files, without Kafka: reads inputs exactly as `feed` does. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Print the actors, stance, score and evidence sentences of each article in the given files.")
public final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Article files or directories (same formats as feed).")
    List<Path> inputs;

    @Option(names = "--json", description = "Print a JSON array instead of text.")
    boolean json;

    @Option(names = "--catalogue", paramLabel = "FILE", description = "Actor catalogue (JSON Lines) instead of the starter catalogue.")
    Path catalogue;

    @Override
    public Integer call() throws Exception {
        ArticleAnalyzer analyzer = Analyzers.create(catalogue);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode all = mapper.createArrayNode();
        int[] rejected = {0};
        try (Stream<ReadItem> items = new InputScanner(FeedOptions.defaults().withProgress(FeedOptions.Progress.NEVER))
                .scan(inputs)) {
            items.forEach(item -> {
                if (item instanceof Rejection r) {
                    System.err.println("skipped " + r.message());
                    rejected[0]++;
                    return;
                }
                Article a = ((ReadItem.Accepted) item).article();
                ArticleAnalysis analysis = analyzer.analyze(a.getTitle(), a.getBody(), dayOf(a), a.getOutlet(), a.getUrl());
                if (json) {
                    ObjectNode node = all.addObject();
                    node.put("id", a.getId());
                    node.put("source", a.getSource());
                    node.put("title", a.getTitle());
                    LocalDate day = dayOf(a);
                    node.put("day", day == null ? null : day.toString());
                    node.put("dateSource", a.getDateSource());
                    node.set("analysis", readTree(mapper, AnalysisPrinter.json(analysis)));
                } else {
                    System.out.println("== " + a.getSource() + "  [" + a.getId() + "]  " + (dayOf(a) == null ? "undated" : dayOf(a) + " (" + a.getDateSource() + ")") + "  " + a.getTitle());
                    AnalysisPrinter.text(analysis, System.out);
                    System.out.println();
                }
            });
        }
        if (json) {
            System.out.println(mapper.writeValueAsString(all));
        }
        return rejected[0] > 0 ? 1 : 0;
    }

    /**
     * The day role aliases are judged against: the pipeline's event-time day (UTC, as `run` defaults to); null for an
     * undated article, whose dated role aliases ("Iraq's Prime Minister") then name no one.
     */
    static LocalDate dayOf(Article a) {
        return EventTime.day(a, ZoneOffset.UTC);
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(ObjectMapper mapper, String json) {
        try {
            return mapper.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
