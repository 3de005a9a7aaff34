package org.stancewatch.pipeline.alerts;

import java.util.Optional;
import org.stancewatch.events.EnrichedArticle;

/** Finds an enriched article by id, to fill an alert's evidence (titles and stance sentences). */
@FunctionalInterface
public interface EvidenceLookup {

    Optional<EnrichedArticle> find(String articleId);

    /** No article store: evidence carries ids only. */
    static EvidenceLookup none() {
        return id -> Optional.empty();
    }
}
