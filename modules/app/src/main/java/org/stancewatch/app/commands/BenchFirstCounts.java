package org.stancewatch.app.commands;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which articles of a `bench pipeline` run a {@code mentions.daily} update counts, now that rows carry counts only
 * (ActorDay v3): a row counting {@code n} articles more than before the run has counted the first {@code n} of the run's
 * articles that reached {@code articles.enriched} for it (approximately: the counting order can differ).
 *
 * <p>"More than before the run" matters: every run's generated articles fall on the same 31 days of July 2017, so the
 * rows already count the earlier runs' articles (the warm-up, the maximum). Without the baseline the first update of a
 * row in a later run marked every article queued for that row as counted, before it was, and the latency came out low.
 */
final class BenchFirstCounts {

    private final Map<String, Long> baseline;
    private final Map<String, List<String>> queued = new HashMap<>();
    private final Map<String, Long> countedInRun = new HashMap<>();
    private final Map<String, Integer> settled = new HashMap<>();
    private final Set<String> done = new HashSet<>();

    /** @param baseline each row's article count before the run (rows not in it: 0) */
    BenchFirstCounts(Map<String, Long> baseline) {
        this.baseline = Map.copyOf(baseline);
    }

    /**
     * An article of the run reached {@code articles.enriched}, contributing to these rows (one entry per row, however
     * many mentions of the actor).
     *
     * @return the articles this makes counted (when the row update was read before the article)
     */
    List<String> enriched(String articleId, List<String> rowKeys) {
        List<String> now = new ArrayList<>();
        for (String key : new LinkedHashSet<>(rowKeys)) {
            queued.computeIfAbsent(key, k -> new ArrayList<>()).add(articleId);
            settle(key, now);
        }
        return now;
    }

    /**
     * A {@code mentions.daily} update: the all-outlet row {@code key} now counts {@code articles}.
     *
     * @return the run's articles counted for the first time by this update
     */
    List<String> row(String key, long articles) {
        long inRun = articles - baseline.getOrDefault(key, 0L);
        countedInRun.merge(key, inRun, Math::max);
        List<String> now = new ArrayList<>();
        settle(key, now);
        return now;
    }

    private void settle(String key, List<String> now) {
        List<String> queue = queued.getOrDefault(key, List.of());
        int next = settled.getOrDefault(key, 0);
        long counted = countedInRun.getOrDefault(key, 0L);
        while (next < queue.size() && next < counted) {
            String id = queue.get(next++);
            if (done.add(id)) {
                now.add(id);
            }
        }
        settled.put(key, next);
    }

    boolean isCounted(String articleId) {
        return done.contains(articleId);
    }
}
