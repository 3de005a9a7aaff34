package org.stancewatch.app.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.stancewatch.events.EnrichedArticle;

/** The app's search: the index under {@code <data-dir>/search-index} and the indexer that follows the topic. */
public final class SearchService implements AutoCloseable {
    public static final String DIRECTORY = "search-index";

    private final ArticleIndex index;
    private final ArticleIndexer indexer;

    private SearchService(ArticleIndex index, ArticleIndexer indexer) {
        this.index = index;
        this.indexer = indexer;
    }

    /** Opens (or creates) the index in {@code dataDir} and starts following {@code topic} into it. */
    public static SearchService start(Path dataDir, Map<String, Object> clientConfig,
                                      Deserializer<EnrichedArticle> values, String topic) {
        try {
            ArticleIndex index = ArticleIndex.open(dataDir.resolve(DIRECTORY));
            return new SearchService(index, new ArticleIndexer(ArticleIndexer.newConsumer(clientConfig), values, index,
                    topic).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + dataDir.resolve(DIRECTORY), e);
        }
    }

    public ArticleIndex index() {
        return index;
    }

    public ArticleIndexer indexer() {
        return indexer;
    }

    @Override
    public void close() {
        try {
            indexer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            index.close();
        } catch (IOException e) {
            // closing at shutdown: the last commit is what a restart resumes from
        }
    }
}
