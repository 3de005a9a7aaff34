package org.stancewatch.pipeline.alerts;

import java.time.LocalDate;
import java.util.List;
import org.stancewatch.events.ActorDay;

/** One day of one series, as the detector sees it. */
public record DaySample(LocalDate day, long articles, long favor, long against, long neutral, long mixed,
                        double meanScore, List<String> articleIds) {

    public DaySample {
        if (articles < 0 || favor < 0 || against < 0 || neutral < 0 || mixed < 0) {
            throw new IllegalArgumentException("counts must be >= 0 on " + day);
        }
        if (favor + against > articles) {
            throw new IllegalArgumentException("favor + against (" + (favor + against) + ") exceeds articles ("
                    + articles + ") on " + day);
        }
        articleIds = articleIds == null ? List.of() : List.copyOf(articleIds);
    }

    public static DaySample of(ActorDay d) {
        return new DaySample(d.getDay(), d.getArticles(), d.getFavor(), d.getAgainst(), d.getNeutral(), d.getMixed(),
                d.getMeanScore(), d.getArticleIds());
    }
}
