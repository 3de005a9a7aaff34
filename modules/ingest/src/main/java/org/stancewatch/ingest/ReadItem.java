package org.stancewatch.ingest;

import org.stancewatch.events.Article;

/** One result of reading an input: an article ready to send, or a rejection saying why an item was skipped. */
public sealed interface ReadItem permits ReadItem.Accepted, Rejection {

    /** A valid article, with its stable id already set. */
    record Accepted(Article article) implements ReadItem {
    }
}
