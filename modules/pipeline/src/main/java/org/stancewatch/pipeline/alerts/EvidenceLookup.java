package org.stancewatch.pipeline.alerts;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.stancewatch.events.EnrichedArticle;

/** Finds an enriched article by id, to fill an alert's evidence (titles and stance sentences). */
@FunctionalInterface
public interface EvidenceLookup {

    Optional<EnrichedArticle> find(String articleId);

    /**
     * The ids of the articles counted in an actor's row of {@code day} ({@code outlet} null: all outlets), in id
     * order; empty when this lookup cannot tell (then the alert has no evidence articles). ActorDay rows carry
     * counts only, so this is where the articles behind an alert's numbers come from.
     */
    default List<String> articleIds(String actorId, LocalDate day, String outlet) {
        return List.of();
    }

    /** No article store: evidence carries ids only. */
    static EvidenceLookup none() {
        return id -> Optional.empty();
    }
}
