package org.stancewatch.app.eval;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.stancewatch.nlp.catalogue.ActorEntry;
import org.stancewatch.nlp.eval.NewsMtscExample;
import org.stancewatch.nlp.eval.TextArticles;

/**
 * The plan of the real-text alert evaluation, pure and seeded: which actors shift and when, and every
 * article (its day, actor, true stance and text). Each actor has a stance mix (AGAINST share p0 uniform in
 * [{@link #MIN_AGAINST}, {@link #MAX_AGAINST}], FAVOR in [0.10, 0.30], the rest NEUTRAL); a shifted actor's
 * AGAINST share rises by {@code shift} on day tau (uniform in [{@link #FIRST_TAU}, days - {@link #DAYS_AFTER_TAU}]),
 * taken from FAVOR and NEUTRAL in proportion. Articles per actor and day are Poisson around {@code perDay}.
 * Each article is one labelled sentence of the given class (drawn with replacement) with its target replaced
 * by the actor's name, under a headline that names no actor ({@link TextArticles}).
 */
public final class TextAlertScenario {

    public static final LocalDate START = LocalDate.of(2025, 1, 6);
    static final double MIN_AGAINST = 0.10;
    static final double MAX_AGAINST = 0.35;
    /** tau late enough for the detector's baseline (7-day gap + 28 days) and a few days of history for the oracle. */
    public static final int FIRST_TAU = 42;
    /**
     * First day index scored: the first day a 7-day window after 28 days of history can be tested. Part of the
     * measure, not of the detector: every setting (a longer baseline pools the days there are) is scored on the same days.
     */
    public static final int MONITOR_FROM = 7 + 28 - 1;
    /** Days after tau kept in the run: 5 for recall@5d plus the detector's closing lag. */
    public static final int DAYS_AFTER_TAU = 10;

    public record Actor(String id, String name, boolean shifted, int tau, double p0, double p1) {
    }

    public record PlannedArticle(String id, String actorId, LocalDate day, int dayIndex, String title, String body,
                                 int polarity) {
    }

    public record Plan(List<Actor> actors, List<PlannedArticle> articles, int days) {
    }

    private TextAlertScenario() {
    }

    /**
     * @param persons actors to use (the first {@code actorCount}); the first {@code round(shiftedFraction * count)}
     *                of a seeded shuffle shift
     */
    public static Plan plan(List<NewsMtscExample> examples, List<ActorEntry> persons, int actorCount, int days,
                            double perDay, double shiftedFraction, double shift, long seed) {
        if (actorCount < 1 || actorCount > persons.size()) {
            throw new IllegalArgumentException("actors must be in 1.." + persons.size() + " (person actors in the catalogue), got " + actorCount);
        }
        if (days < FIRST_TAU + DAYS_AFTER_TAU) {
            throw new IllegalArgumentException("days must be at least " + (FIRST_TAU + DAYS_AFTER_TAU)
                    + " (baseline before tau, and days after it), got " + days);
        }
        if (MAX_AGAINST + shift > 0.95) {
            throw new IllegalArgumentException("shift " + shift + " too large: AGAINST share would exceed 0.95");
        }
        List<List<NewsMtscExample>> byClass = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (NewsMtscExample e : examples) {
            byClass.get(e.polarity() + 1).add(e);
        }
        for (int c = 0; c < 3; c++) {
            if (byClass.get(c).isEmpty()) {
                throw new IllegalArgumentException("the text file has no sentence with polarity " + (c - 1));
            }
        }
        Random random = new Random(seed);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < actorCount; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        int shiftedCount = (int) Math.round(shiftedFraction * actorCount);
        List<Actor> actors = new ArrayList<>();
        for (int i = 0; i < actorCount; i++) {
            ActorEntry e = persons.get(i);
            boolean shifted = order.indexOf(i) < shiftedCount;
            int tau = shifted ? FIRST_TAU + random.nextInt(days - DAYS_AFTER_TAU - FIRST_TAU + 1) : -1;
            double p0 = MIN_AGAINST + (MAX_AGAINST - MIN_AGAINST) * random.nextDouble();
            actors.add(new Actor(e.id(), e.name(), shifted, tau, p0, shifted ? p0 + shift : p0));
        }
        double[] favor = new double[actorCount];
        for (int i = 0; i < actorCount; i++) {
            favor[i] = 0.10 + 0.20 * random.nextDouble();
        }
        List<PlannedArticle> articles = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            for (int i = 0; i < actorCount; i++) {
                Actor a = actors.get(i);
                double against = a.shifted() && d >= a.tau() ? a.p1() : a.p0();
                // The rise is taken from FAVOR and NEUTRAL in proportion.
                double fav = favor[i] * (1 - against) / (1 - a.p0());
                int n = poisson(random, perDay);
                for (int k = 0; k < n; k++) {
                    double u = random.nextDouble();
                    int polarity = u < against ? -1 : u < against + fav ? 1 : 0;
                    List<NewsMtscExample> pool = byClass.get(polarity + 1);
                    NewsMtscExample ex = pool.get(random.nextInt(pool.size()));
                    TextArticles.TextArticle t = TextArticles.build(ex, a.name(), random);
                    articles.add(new PlannedArticle(String.format(Locale.ROOT, "txt-%d-%s-%03d-%03d", seed, a.id(), d, k),
                            a.id(), START.plusDays(d), d, t.title(), t.body(), polarity));
                }
            }
        }
        return new Plan(List.copyOf(actors), articles, days);
    }

    /** Knuth's method; fine for the small means used here. */
    static int poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }
}
