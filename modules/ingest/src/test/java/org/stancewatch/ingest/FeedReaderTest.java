package org.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.events.Article;

class FeedReaderTest {

    private final FeedReader reader = new FeedReader(TestSupport.options());

    private static int lineOf(Path file, String needle, int occurrence) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle) && ++seen == occurrence) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not found");
    }

    @Test
    void rssItemsAreRead() {
        Path rss = TestSupport.SAMPLES.resolve("feed.rss");
        List<ReadItem> items = TestSupport.all(reader.read(rss));
        List<Article> articles = TestSupport.articles(items);
        assertEquals(2, articles.size());

        Article first = articles.get(0);
        assertEquals("Mosul victory declared", first.getTitle());
        assertEquals("https://gazette.example.com/2017/07/10/mosul-victory/?utm_medium=rss", first.getUrl());
        assertEquals(ArticleIds.idFor(null, "https://gazette.example.com/2017/07/10/mosul-victory", null, null), first.getId(),
                "id from the canonical URL: tracking parameter and trailing slash dropped");
        assertEquals("Prime Minister Haider al-Abadi declared victory in Mosul.\n\nThe Popular Mobilization Forces took part.",
                first.getBody(), "content:encoded wins over description, HTML made text");
        assertEquals(Instant.parse("2017-07-10T15:30:00Z"), first.getPublishedAt());
        assertEquals("Sample Gazette", first.getOutlet(), "channel title is the outlet");
        assertEquals("Staff reporter", first.getMetadata().get("author"));
        assertEquals("Iraq", first.getMetadata().get("category"));

        Article second = articles.get(1);
        assertEquals("gazette-4711", second.getId(), "a non-permalink guid is the id");
        assertEquals("The US-led coalition called the battle a \"critical milestone\".", second.getBody());
        assertEquals(Instant.parse("2017-07-11T08:00:00Z"), second.getPublishedAt(), "2-digit year, no seconds");
        assertNull(second.getUrl());
    }

    @Test
    void rssItemWithBadPubDateIsRejectedAtItsLine() throws IOException {
        Path rss = TestSupport.SAMPLES.resolve("feed.rss");
        List<Rejection> rejections = TestSupport.rejections(TestSupport.all(reader.read(rss)));
        assertEquals(1, rejections.size());
        Rejection r = rejections.get(0);
        assertEquals(lineOf(rss, "<item>", 3), r.line());
        assertEquals(Rejection.Code.BAD_DATE, r.code());
        assertTrue(r.message().startsWith(rss + ":" + r.line() + ": pubDate: unparseable date 'sometime last week'"),
                r.message());
    }

    @Test
    void atomEntriesAreRead() throws IOException {
        Path atom = TestSupport.SAMPLES.resolve("feed.atom");
        List<ReadItem> items = TestSupport.all(new FeedReader(TestSupport.options().withOutlet("Given")).read(atom));
        List<Article> articles = TestSupport.articles(items);
        assertEquals(2, articles.size());

        Article first = articles.get(0);
        assertEquals("tag:atom.example.net,2017:amnesty", first.getId());
        assertEquals("https://atom.example.net/news/amnesty", first.getUrl(), "rel=alternate, not rel=self");
        assertEquals("Amnesty said the loss of civilian lives must be acknowledged.", first.getBody());
        assertEquals(Instant.parse("2017-07-12T10:15:00Z"), first.getPublishedAt(), "published wins over updated");
        assertEquals("FEED", first.getDateSource());
        assertEquals("Given", first.getOutlet(), "the outlet option wins over the feed title");
        assertEquals("Desk", first.getMetadata().get("author"));
        assertEquals("human-rights", first.getMetadata().get("category"));

        Article second = articles.get(1);
        assertEquals("Only a summary is given for this entry.", second.getBody());
        assertEquals(LocalDate.of(2017, 7, 13), second.getPublishedDate(), "updated used when published is missing");
        assertEquals("https://atom.example.net/news/summary", second.getUrl());

        Rejection empty = TestSupport.rejections(items).get(0);
        assertEquals(lineOf(atom, "<entry>", 3), empty.line());
        assertEquals("empty body", empty.reason());
        assertEquals(Rejection.Code.EMPTY_BODY, empty.code());
    }

    @Test
    void externalEntitiesAreNotResolved(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        Path feed = dir.resolve("xxe.rss");
        Files.writeString(feed, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<rss version=\"2.0\"><channel><title>t</title><item><title>x</title>"
                + "<description>&xxe;</description></item></channel></rss>\n");
        List<ReadItem> items = TestSupport.all(reader.read(feed));
        assertTrue(TestSupport.articles(items).stream().noneMatch(a -> a.getBody().contains("TOP-SECRET")));
        assertFalse(TestSupport.rejections(items).isEmpty(), "the entity reference is reported");
        assertEquals(Rejection.Code.MALFORMED_XML, TestSupport.rejections(items).get(0).code());
    }

    @Test
    void malformedXmlKeepsEarlierItemsAndReportsTheLine(@TempDir Path dir) throws IOException {
        Path feed = dir.resolve("broken.xml");
        Files.writeString(feed, "<rss version=\"2.0\"><channel>\n<item><title>fine</title><description>ok body</description></item>\n"
                + "<item><title>broken</title><description>oops</descr></item>\n</channel></rss>\n");
        List<ReadItem> items = TestSupport.all(reader.read(feed));
        assertEquals(List.of("fine"), TestSupport.articles(items).stream().map(Article::getTitle).toList());
        Rejection r = TestSupport.rejections(items).get(0);
        assertEquals(3, r.line());
        assertEquals(Rejection.Code.MALFORMED_XML, r.code());
        assertTrue(r.reason().startsWith("malformed XML"), r.reason());
    }

    @Test
    void otherXmlIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pom.xml");
        Files.writeString(file, "<project/>");
        Rejection r = TestSupport.rejections(TestSupport.all(reader.read(file))).get(0);
        assertEquals("not an RSS 2.0 or Atom feed: root element is <project>", r.reason());
        assertEquals(Rejection.Code.UNKNOWN_FORMAT, r.code());
    }
}
