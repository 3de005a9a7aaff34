package org.stancewatch.app.chaos;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.stancewatch.events.Article;
import org.stancewatch.nlp.ArticleAnalysis;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.catalogue.ActorCatalogue;

/**
 * Measures what one analysis costs with the full analyser (ClearNLP parse + stance): bytes allocated by the
 * analysing thread and wall time, for articles of real seed text of growing size. Needs about -Xmx5g and a
 * minute to load the models, so it is a command, not a test:
 * {@code java -Xmx5g -cp <classpath> org.stancewatch.app.chaos.AnalyzerMemoryProbe [seedsDir]}.
 */
public final class AnalyzerMemoryProbe {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        Path seeds = Path.of(args.length > 0 ? args[0] : "seeds");
        List<Article> articles = ChaosArticles.fromSeeds(seeds, 3).generate(5_000);
        long loadStart = System.nanoTime();
        ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter());
        analyzer.analyze("warm-up", articles.get(0).getBody(), LocalDate.of(2017, 7, 1));
        System.out.printf("analyser loaded and warmed up in %.1f s%n", (System.nanoTime() - loadStart) / 1e9);
        for (int chars : new int[] {10_000, 100_000, 1_000_000}) {
            String body = text(articles, chars);
            long id = Thread.currentThread().getId();
            long before = THREADS.getThreadAllocatedBytes(id);
            long start = System.nanoTime();
            ArticleAnalysis analysis = analyzer.analyze("probe", body, LocalDate.of(2017, 7, 1));
            long bytes = THREADS.getThreadAllocatedBytes(id) - before;
            System.out.printf("article of %,d chars: allocated %,d bytes (%.0f per char) in %.1f s; %s%n", chars, bytes,
                    (double) bytes / chars, (System.nanoTime() - start) / 1e9, summary(analysis));
        }
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf("heap in use after the runs (after GC): %,d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
    }

    private static String summary(ArticleAnalysis analysis) {
        String s = String.valueOf(analysis);
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    private static String text(List<Article> articles, int chars) {
        StringBuilder b = new StringBuilder(chars + 5_000);
        for (int i = 0; b.length() < chars; i++) {
            b.append(articles.get(i % articles.size()).getBody()).append("\n\n");
        }
        return b.substring(0, chars);
    }
}
