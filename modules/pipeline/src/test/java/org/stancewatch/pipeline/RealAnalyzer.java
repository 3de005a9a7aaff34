package org.stancewatch.pipeline;

import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.catalogue.ActorCatalogue;

/** The one real analyser of the test JVM: loading ClearNLP takes ~4 GB and tens of seconds. */
public final class RealAnalyzer {

    public static final ArticleAnalyzer INSTANCE = new ArticleAnalyzer(ActorCatalogue.starter());

    private RealAnalyzer() {
    }
}
