package org.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArticleIdsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "HTTPS://News.Example.COM/World/Mosul/                       | https://news.example.com/World/Mosul",
            "https://news.example.com/a#comments                         | https://news.example.com/a",
            "https://news.example.com/a?utm_source=tw&id=7&UTM_Medium=x  | https://news.example.com/a?id=7",
            "https://news.example.com/a?utm_campaign=y                   | https://news.example.com/a",
            "http://news.example.com:80/a                                | http://news.example.com/a",
            "https://news.example.com:8443/a/                            | https://news.example.com:8443/a",
            "https://news.example.com/                                   | https://news.example.com",
            "'  not a url at all  '                                      | not a url at all",
    })
    void canonicalUrl(String given, String canonical) {
        assertEquals(canonical, ArticleIds.canonicalUrl(given));
    }

    @Test
    void givenIdWinsThenUrlThenText() {
        assertEquals("mine", ArticleIds.idFor(" mine ", "https://x.example/a", "t", "b"));
        String byUrl = ArticleIds.idFor(null, "https://X.example/a/?utm_source=rss#top", "t", "b");
        assertEquals(byUrl, ArticleIds.idFor("", "https://x.example/a", "other title", "other body"));
        assertTrue(byUrl.matches("a-[0-9a-f]{16}"), byUrl);
        assertNotEquals(byUrl, ArticleIds.idFor(null, "https://x.example/b", "t", "b"));
    }

    @Test
    void textIdIgnoresWhitespaceAndQuoteStyles() {
        String curly = ArticleIds.idFor(null, null, "\u201CVictory\u201D  in Mosul", "It\u2019s over.\r\n\r\n  Really \u2014 over.");
        String plain = ArticleIds.idFor(null, " ", "\"Victory\" in Mosul", "It's over.\n\nReally - over.");
        assertEquals(plain, curly);
        assertNotEquals(plain, ArticleIds.idFor(null, null, "\"Victory\" in Mosul", "It's not over."));
        assertNotEquals(ArticleIds.idFor(null, null, "ab", "c"), ArticleIds.idFor(null, null, "a", "bc"),
                "title and body are kept apart in the hash");
    }
}
