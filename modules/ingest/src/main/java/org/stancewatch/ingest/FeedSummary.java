package org.stancewatch.ingest;

import java.util.List;

/**
 * What a feed run did.
 *
 * @param sent       articles the broker acknowledged (re-sends included)
 * @param rejected   items not sent: invalid input, skipped files, and failed sends
 * @param resent     acknowledged sends whose id had already been sent, earlier in this run or (with a ledger)
 *                   in an earlier run; they replace the earlier version downstream
 * @param rejections the first {@link ArticleFeeder#MAX_KEPT_REJECTIONS} rejections, in order
 */
public record FeedSummary(long sent, long rejected, long resent, List<Rejection> rejections) {

    public FeedSummary {
        rejections = List.copyOf(rejections);
    }

    /** One line for people: {@code sent 5, rejected 1, re-sent 0 (same id as an earlier send)}. */
    public String describe() {
        return "sent " + sent + ", rejected " + rejected + ", re-sent " + resent + " (same id as an earlier send)";
    }
}
