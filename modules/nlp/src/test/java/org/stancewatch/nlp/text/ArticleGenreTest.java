package org.stancewatch.nlp.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ArticleGenreTest {
  @Test
  void aWireCreditInTheFirstLinesMakesAWireReport() {
    assertEquals(new ArticleGenre(true, false),
        ArticleGenre.of("Iraq votes", "BAGHDAD (Reuters) - Iraq's parliament voted on Sunday.\n\nMore text.", null));
    assertEquals(new ArticleGenre(true, false), ArticleGenre.of("Iraq votes", "By The Associated Press\nBAGHDAD - Text.", "https://example.com/a"));
  }

  @Test
  void aCreditDeepInTheBodyIsAQuoteNotAByline() {
    String body = "One.\nTwo.\nThree.\nFour, as Reuters - the agency - reported (Reuters).";
    assertEquals(ArticleGenre.UNKNOWN, ArticleGenre.of("Title", body, null));
  }

  @Test
  void aWireAgencysSiteMakesAWireReport() {
    assertEquals(new ArticleGenre(true, false), ArticleGenre.of("T", "Text.", "https://www.reuters.com/world/middle-east/story-2024-01-01/"));
    assertEquals(ArticleGenre.UNKNOWN, ArticleGenre.of("T", "Text.", "https://notreuters.com.example.org/world/"));
  }

  @Test
  void anOpinionSectionInTheUrlMakesAnOpinionPiece() {
    assertEquals(new ArticleGenre(false, true), ArticleGenre.of("T", "Text.", "https://www.aljazeera.com/opinions/2024/1/1/why"));
    assertEquals(new ArticleGenre(false, true), ArticleGenre.of("T", "Text.", "https://www.jpost.com/opinion/article-12345"));
    assertEquals(new ArticleGenre(false, true), ArticleGenre.of("T", "Text.", "https://example.com/op-ed-the-war-must-end"));
    // A word that only begins like a section is not one.
    assertEquals(ArticleGenre.UNKNOWN, ArticleGenre.of("T", "Text.", "https://example.com/news/opinionated-voters-back-plan"));
  }

  @Test
  void missingOrMalformedInputsSayNothing() {
    assertEquals(ArticleGenre.UNKNOWN, ArticleGenre.of(null, null, null));
    assertEquals(ArticleGenre.UNKNOWN, ArticleGenre.of("T", "Text.", "not a url with spaces"));
  }
}
