package org.stancewatch.ingest;

/**
 * Where an article's publication date came from, strongest first; carried as {@code Article.dateSource}
 * (a string, so consumers need not share this enum). No source: the article is undated.
 */
public enum DateSource {
    /** A field the producer set (JSON Lines {@code published}, a Java producer). */
    PRODUCER,
    /** RSS {@code pubDate}, Atom {@code published} / {@code updated}. */
    FEED,
    /** A raw text file's {@code  date YYYY-MM-DD} header line. */
    DATE_LINE,
    /** A date line, byline date or dateline at the top of the text, before its first paragraph ("12 July 2017"). */
    TEXT_DATELINE,
    /**
     * A weekday-led date heading a scraped page ("Sunday, 20 January 2019"): sites print the day the page was
     * viewed there, so it is only used when the text states no other date.
     */
    PAGE_DATE
}
