package org.stancewatch.pipeline.enrich;

import java.util.Collection;
import org.stancewatch.events.Actor;

/** Makes an {@link ArticleEnricher} for a catalogue; called again whenever the `actors` topic changes. */
@FunctionalInterface
public interface EnricherFactory {
    ArticleEnricher forCatalogue(Collection<Actor> actors);
}
