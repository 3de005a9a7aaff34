package org.stancewatch.pipeline.catalogue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.stancewatch.events.Actor;
import org.stancewatch.pipeline.enrich.ArticleEnricher;
import org.stancewatch.pipeline.enrich.EnricherFactory;

/**
 * The actor catalogue as the `actors` topic says it is now, shared between the global-store
 * processor (which writes it) and the stream threads (which read it).
 *
 * <p>The enricher is rebuilt lazily, on the first article after a change, not on every actor record:
 * restoring a catalogue of n actors would otherwise rebuild the matcher n times.
 */
public final class LiveCatalogue {

    private record Snapshot(long change, ArticleEnricher enricher) {
    }

    private final EnricherFactory factory;
    private final ConcurrentMap<String, Actor> actors = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private volatile Snapshot snapshot;

    public LiveCatalogue(EnricherFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    public void put(Actor actor) {
        actors.put(actor.getId(), actor);
        changes.incrementAndGet();
    }

    public void remove(String actorId) {
        if (actors.remove(actorId) != null) {
            changes.incrementAndGet();
        }
    }

    public void replaceAll(Map<String, Actor> all) {
        actors.clear();
        actors.putAll(all);
        changes.incrementAndGet();
    }

    /** The current actors, sorted by id. */
    public List<Actor> actors() {
        List<Actor> list = new ArrayList<>(actors.values());
        list.sort(Comparator.comparing(Actor::getId));
        return list;
    }

    /** An enricher for the catalogue as it is now. */
    public ArticleEnricher enricher() {
        Snapshot current = snapshot;
        if (current != null && current.change() == changes.get()) {
            return current.enricher();
        }
        synchronized (this) {
            // Read the change counter before copying: a change racing with the copy forces another rebuild.
            long change = changes.get();
            if (snapshot == null || snapshot.change() != change) {
                snapshot = new Snapshot(change, factory.forCatalogue(actors()));
            }
            return snapshot.enricher();
        }
    }
}
