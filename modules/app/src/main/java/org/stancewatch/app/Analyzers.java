package org.stancewatch.app;

import java.nio.file.Path;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.catalogue.CatalogueException;

/** Builds the analyzer, telling the user about the slow model load so a quiet terminal does not look hung. */
public final class Analyzers {
    private Analyzers() {
    }

    public static ArticleAnalyzer create(Path catalogueFile) {
        ActorCatalogue catalogue;
        if (catalogueFile == null) {
            catalogue = ActorCatalogue.starter();
        } else {
            try {
                catalogue = ActorCatalogue.load(catalogueFile);
            } catch (CatalogueException e) {
                throw new UserException("actor catalogue " + catalogueFile + " has errors:\n  "
                        + String.join("\n  ", e.problems()));
            }
        }
        return new ArticleAnalyzer(catalogue);
    }
}
