package org.stancewatch.nlp.text;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * What kind of piece an article is, as far as its address and its first lines say: a wire agency's report (which takes
 * no side: 98% of the labelled pairs of such articles are NEUTRAL) or an opinion piece (which often does: 42% NEUTRAL,
 * against 80% for the rest; eval/heldout README, session 43, screen Q1). Either may be false for want of a cue: most
 * opinion pieces in the labelled sets have no opinion section in their URL.
 */
public record ArticleGenre(boolean wireReport, boolean opinion) {
  public static final ArticleGenre UNKNOWN = new ArticleGenre(false, false);

  /** The title and this many of the body's first non-blank lines are where a wire credit stands. */
  static final int CREDIT_LINES = 3;

  private static final Pattern WIRE_CREDIT = Pattern.compile(
      "\\((Reuters|AP|AFP)\\)|\\bReuters\\s*[-\u2013\u2014]|Associated Press|Agence France-Presse", Pattern.CASE_INSENSITIVE);
  private static final Pattern WIRE_HOST = Pattern.compile("(^|\\.)(reuters\\.com|apnews\\.com|afp\\.com)$", Pattern.CASE_INSENSITIVE);
  /** A URL path section that holds opinion, as news sites name it ("/opinion/", "/op-ed-...", "/columnists/"). */
  private static final Pattern OPINION_SECTION = Pattern.compile(
      "/(opinions?|op-eds?|oped|commentar(y|ies)|editorials?|columns?|columnists?|blogs?|views|comments?|analysis|perspectives?|ideas|voices"
          + "|debate)(/|-)", Pattern.CASE_INSENSITIVE);

  /** The genre of an article with this title, body and URL (each may be null). */
  public static ArticleGenre of(String title, String body, String url) {
    StringBuilder head = new StringBuilder(title == null ? "" : title);
    if (body != null) {
      body.lines().filter(l -> !l.isBlank()).limit(CREDIT_LINES).forEach(l -> head.append('\n').append(l));
    }
    String host = host(url);
    boolean wire = WIRE_CREDIT.matcher(head).find() || (host != null && WIRE_HOST.matcher(host).find());
    boolean opinion = url != null && OPINION_SECTION.matcher(url).find();
    return new ArticleGenre(wire, opinion);
  }

  private static String host(String url) {
    if (url == null || url.isBlank()) return null;
    try {
      return URI.create(url.trim()).getHost();
    } catch (IllegalArgumentException e) {
      return null; // a malformed URL says nothing of the genre; the caller reports bad URLs where it reads them
    }
  }
}
