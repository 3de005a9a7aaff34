package org.stancewatch.app.eval;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.stancewatch.events.Article;
import org.stancewatch.ingest.FeedOptions;
import org.stancewatch.ingest.RawTextReader;
import org.stancewatch.ingest.ReadItem;
import org.stancewatch.nlp.eval.GoldEval;

/**
 * Reads a labelled article file as {@code feed} does ({@link RawTextReader}): the headline it chooses is the title, which
 * the analyser finds in the body and weighs 1.5, so {@code eval gold} scores what users get from the same file. The day
 * is the gold's, as before (every labelled article has one). A file {@code feed} would reject is an error naming it.
 */
public final class FeedArticleReader implements GoldEval.ArticleReader {

    private final RawTextReader reader = new RawTextReader(FeedOptions.defaults());

    @Override
    public GoldEval.Input read(Path file, String published) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<ReadItem> items;
        try (Stream<ReadItem> read = reader.read(file.toString(), new ByteArrayInputStream(bytes))) {
            items = read.toList();
        }
        if (items.size() != 1 || !(items.get(0) instanceof ReadItem.Accepted accepted)) {
            throw new IOException(file + ": feed would not accept this article: " + items);
        }
        Article article = accepted.article();
        GoldEval.Input plain = GoldEval.input(new String(bytes, StandardCharsets.UTF_8), published);
        return new GoldEval.Input(article.getTitle() == null ? "" : article.getTitle(), article.getBody(), plain.day());
    }
}
