package org.stancewatch.ingest;

import java.util.List;

/**
 * What a feed run did.
 *
 * @param sent       articles the broker acknowledged (re-sends included)
 * @param rejected   items not sent: invalid input, skipped files, and failed sends
 * @param resent     acknowledged sends whose id had already been sent, earlier in this run or (with a ledger)
 *                   in an earlier run; they replace the earlier version downstream
 * @param failedSends of the rejected, valid articles whose send failed (broker or registry trouble): these
 *                   are not dead-lettered input problems, so a feed with any is a failed feed
 * @param rejections the first {@link ArticleFeeder#MAX_KEPT_REJECTIONS} rejections, in order
 */
public record FeedSummary(long sent, long rejected, long resent, long failedSends, List<Rejection> rejections) {

    public FeedSummary {
        rejections = List.copyOf(rejections);
    }

    /** A summary without failed sends. */
    public FeedSummary(long sent, long rejected, long resent, List<Rejection> rejections) {
        this(sent, rejected, resent, 0, rejections);
    }

    /** One line for people: {@code sent 5, rejected 1, re-sent 0 (same id as an earlier send)}. */
    public String describe() {
        return "sent " + sent + ", rejected " + rejected + (failedSends > 0 ? " (" + failedSends + " failed to send)" : "")
                + ", re-sent " + resent + " (same id as an earlier send)";
    }
}
