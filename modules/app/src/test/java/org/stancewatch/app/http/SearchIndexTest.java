package org.stancewatch.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stancewatch.app.search.ArticleIndex;
import org.stancewatch.app.search.ArticleIndex.SearchHit;
import org.stancewatch.app.search.ArticleIndex.SearchPage;
import org.stancewatch.app.search.ArticleIndex.SearchRequest;
import org.stancewatch.events.EnrichedArticle;

/** The Lucene index over the fixture articles: words, filters, paging, highlighting, bad input. */
class SearchIndexTest {
    static ArticleIndex index;

    @BeforeAll
    static void build() throws Exception {
        index = ArticleIndex.inMemory();
        for (EnrichedArticle a : Fixtures.articles()) {
            index.put(a);
        }
        index.commit(Map.of(0, 7L));
    }

    @AfterAll
    static void close() throws Exception {
        index.close();
    }

    static SearchPage search(String q, String actor, String stance, String outlet, LocalDate from, LocalDate to, int limit,
                             String cursor) throws Exception {
        return index.search(new SearchRequest(q, actor, stance, outlet, from, to, limit, cursor));
    }

    static List<String> ids(SearchPage page) {
        return page.hits().stream().map(SearchHit::id).toList();
    }

    @Test
    void wordsAreStemmedAndHighlightedInEscapedSnippets() throws Exception {
        SearchPage page = search("praise", null, null, null, null, null, 10, null);
        // a1 "praised the Iraqi army", a3 "others praised it"
        assertEquals(Set.of("a1", "a3"), new HashSet<>(ids(page)));
        assertEquals(2, page.total());
        SearchHit a1 = page.hits().stream().filter(h -> h.id().equals("a1")).findFirst().orElseThrow();
        assertTrue(a1.snippet().contains("<mark>praised</mark>"), a1.snippet());
        assertNull(page.nextCursor());

        SearchHit evil = search("hostile", null, null, null, null, null, 10, null).hits().get(0);
        assertEquals(Fixtures.XSS_ID, evil.id());
        assertTrue(evil.snippet().contains("<mark>Hostile</mark>"), evil.snippet());
        assertFalse(evil.snippet().replace("<mark>", "").replace("</mark>", "").contains("<"),
                "only the marks are markup: " + evil.snippet());
        assertTrue(evil.snippet().contains("&lt;img"), evil.snippet());
        assertFalse(evil.titleHtml().contains("<script"), evil.titleHtml());
        assertEquals(Fixtures.XSS_TITLE, evil.title(), "the plain title stays plain text");
    }

    @Test
    void filtersOnActorStanceOutletAndDays() throws Exception {
        assertEquals(Set.of("a1", "a3", "a4", "undated-1"), new HashSet<>(ids(search(null, "iraqi-army", "FAVOR", null, null, null, 10, null))),
                "articles where the Iraqi army is FAVOR");
        assertEquals(List.of("a4", "a3", "a1"), ids(search(null, "iraqi-army", "FAVOR", null, LocalDate.of(2017, 7, 1), LocalDate.of(2017, 7, 31), 10, null)),
                "a period leaves the undated article out; newest first without words");
        assertEquals(Set.of("a2", "a5"), new HashSet<>(ids(search(null, "pmf", null, null, null, null, 10, null))));
        assertEquals(Set.of("a2", "a5"), new HashSet<>(ids(search(null, null, null, "al jazeera", null, null, 10, null))),
                "outlet matches whole, any case");
        assertEquals(List.of("a5"), ids(search("homes", null, null, "Al Jazeera", null, null, 10, null)));
        assertEquals(Set.of("a1", "a2", "a4", "a5"), new HashSet<>(ids(search(null, null, "AGAINST", null, null, null, 10, null))),
                "any actor AGAINST");
        assertEquals(0, search("mosul", "isis", null, null, LocalDate.of(2017, 7, 9), LocalDate.of(2017, 7, 9), 10, null).total());
    }

    @Test
    void pagesFollowTheCursorWithoutRepeatsOrGaps() throws Exception {
        List<String> all = ids(search(null, null, null, null, null, null, 100, null));
        assertEquals(7, all.size());
        assertEquals("undated-1", all.get(6), "undated last when newest come first");
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SearchPage page = search(null, null, null, null, null, null, 3, cursor);
            assertEquals(7, page.total());
            paged.addAll(ids(page));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(all, paged);
        assertEquals(3, pages);

        List<String> byScore = ids(search("iraqi army", null, null, null, null, null, 100, null));
        List<String> byScorePaged = new ArrayList<>();
        SearchPage first = search("iraqi army", null, null, null, null, null, 2, null);
        byScorePaged.addAll(ids(first));
        SearchPage second = search("iraqi army", null, null, null, null, null, 100, first.nextCursor());
        byScorePaged.addAll(ids(second));
        assertEquals(byScore, byScorePaged);
    }

    @Test
    void badQuerySyntaxAndBadCursorsNameTheirParameter() {
        ArticleIndex.BadRequest q = assertThrows(ArticleIndex.BadRequest.class,
                () -> search("army AND (", null, null, null, null, null, 10, null));
        assertEquals("q", q.parameter);
        ArticleIndex.BadRequest c = assertThrows(ArticleIndex.BadRequest.class,
                () -> search("army", null, null, null, null, null, 10, "not-a-cursor!"));
        assertEquals("cursor", c.parameter);
    }

    @Test
    void aReplacedArticleIsFoundByItsNewTextOnly_aRemovedOneNotAtAll() throws Exception {
        try (ArticleIndex own = ArticleIndex.inMemory()) {
            EnrichedArticle a1 = Fixtures.articles().get(0);
            own.put(a1);
            own.put(EnrichedArticle.newBuilder(a1).setBody("Rewritten: the convoy reached Tal Afar.").setMentions(List.of())
                    .setStances(List.of()).build());
            own.commit(Map.of());
            assertEquals(0, own.search(new SearchRequest("discipline", null, null, null, null, null, 10, null)).total());
            assertEquals(1, own.search(new SearchRequest("convoy", null, null, null, null, null, 10, null)).total());
            own.remove("a1");
            own.commit(Map.of());
            assertEquals(0, own.size());
        }
    }
}
