package org.stancewatch.app.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancewatch.app.http.ApiModel.AlertView;

/**
 * The newest alerts, kept in memory (bounded). Every instance fills its own ring from the whole
 * {@code alerts.stance} topic (see {@link LiveFeed}), so alerts need no cross-instance merge. Alert
 * ids are deterministic, so a replayed alert replaces its earlier copy instead of appearing twice.
 */
public final class AlertRing {
    private final int capacity;
    private final LinkedHashMap<String, AlertView> byId = new LinkedHashMap<>();

    public AlertRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("alert ring capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void add(AlertView alert) {
        byId.remove(alert.id());
        byId.put(alert.id(), alert);
        Iterator<Map.Entry<String, AlertView>> oldest = byId.entrySet().iterator();
        while (byId.size() > capacity) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Newest first. */
    public synchronized List<AlertView> latest(int limit) {
        List<AlertView> all = new ArrayList<>(byId.values());
        List<AlertView> out = new ArrayList<>(Math.min(limit, all.size()));
        for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
            out.add(all.get(i));
        }
        return out;
    }

    public synchronized int size() {
        return byId.size();
    }
}
