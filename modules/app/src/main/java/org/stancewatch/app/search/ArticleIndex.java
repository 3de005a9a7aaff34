package org.stancewatch.app.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.ActorStance;
import org.stancewatch.events.EnrichedArticle;

/**
 * The app's full-text index of enriched articles (Apache Lucene): words in title and text (English analysis:
 * stemming, stop words), filters on actor, actor+stance, outlet and publication day, highlighted snippets, and
 * paging by an opaque cursor (Lucene's searchAfter on score, day, id, so pages do not repeat or skip while the
 * order is stable). The Kafka offsets it has indexed up to are stored in each commit ({@link #committedOffsets}),
 * so a restart resumes where it stopped and a missing index is rebuilt from the topic's beginning.
 */
public final class ArticleIndex implements AutoCloseable {
    static final String ID = "id", TITLE = "title", TEXT = "text", OUTLET = "outlet", OUTLET_KEY = "outlet_key",
            DAY = "day", DAY_SORT = "day_sort", ACTOR = "actor", ACTOR_STANCE = "actor_stance", STANCE = "stance", STANCES = "stances";
    static final String[] TEXT_FIELDS = {TITLE, TEXT};
    public static final int MAX_LIMIT = 100;
    private static final int SNIPPETS = 2;
    private static final int PLAIN_SNIPPET_CHARS = 240;
    private static final String OFFSET_PREFIX = "offset.";
    /** Sort key for undated articles: after every dated one when newest come first. */
    private static final long UNDATED = Long.MIN_VALUE;

    private final Directory directory;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Sort sort = new Sort(SortField.FIELD_SCORE, new SortField(DAY_SORT, SortField.Type.LONG, true),
            new SortField(ID, SortField.Type.STRING));

    private ArticleIndex(Directory directory) throws IOException {
        this.directory = directory;
        this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        this.searchers = new SearcherManager(writer, null);
    }

    /** Opens (or creates) the index in this directory. */
    public static ArticleIndex open(Path dir) throws IOException {
        return new ArticleIndex(FSDirectory.open(dir));
    }

    /** An index in memory (tests, the CLI's throwaway index). */
    public static ArticleIndex inMemory() {
        try {
            return new ArticleIndex(new ByteBuffersDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds or replaces the article (same id). */
    public void put(EnrichedArticle a) throws IOException {
        writer.updateDocument(new Term(ID, a.getId()), document(a));
    }

    /** Removes the article (a tombstone on the topic). */
    public void remove(String id) throws IOException {
        writer.deleteDocuments(new Term(ID, id));
    }

    /** Empties the index (before a rebuild from the topic's beginning); durable with the next commit. */
    public void clear() throws IOException {
        writer.deleteAll();
        writer.setLiveCommitData(Map.<String, String>of().entrySet());
    }

    /** Makes the changes durable together with the offsets they cover, and visible to searches. */
    public void commit(Map<Integer, Long> nextOffsets) throws IOException {
        Map<String, String> data = new HashMap<>();
        nextOffsets.forEach((p, o) -> data.put(OFFSET_PREFIX + p, Long.toString(o)));
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
        searchers.maybeRefresh();
    }

    /** The next offset per partition as of the last commit; empty for a new (or rebuilt) index. */
    public Map<Integer, Long> committedOffsets() {
        Map<Integer, Long> offsets = new HashMap<>();
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            for (Map.Entry<String, String> e : data) {
                if (e.getKey().startsWith(OFFSET_PREFIX)) {
                    offsets.put(Integer.parseInt(e.getKey().substring(OFFSET_PREFIX.length())), Long.parseLong(e.getValue()));
                }
            }
        }
        return offsets;
    }

    public int size() throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            return s.getIndexReader().numDocs();
        } finally {
            searchers.release(s);
        }
    }

    private static Document document(EnrichedArticle a) {
        Document d = new Document();
        d.add(new StringField(ID, a.getId(), Field.Store.YES));
        d.add(new SortedDocValuesField(ID, new BytesRef(a.getId())));
        d.add(new TextField(TITLE, nz(a.getTitle()), Field.Store.YES));
        d.add(new TextField(TEXT, nz(a.getBody()), Field.Store.YES));
        if (a.getOutlet() != null) {
            d.add(new StoredField(OUTLET, a.getOutlet()));
            d.add(new StringField(OUTLET_KEY, a.getOutlet().toLowerCase(Locale.ROOT), Field.Store.NO));
        }
        LocalDate day = a.getPublishedDate();
        d.add(new NumericDocValuesField(DAY_SORT, day == null ? UNDATED : day.toEpochDay()));
        if (day != null) {
            d.add(new LongPoint(DAY, day.toEpochDay()));
            d.add(new StoredField(DAY, day.toString()));
        }
        for (ActorMention m : a.getMentions()) {
            d.add(new StringField(ACTOR, m.getActorId(), Field.Store.YES));
        }
        StringBuilder stances = new StringBuilder();
        for (ActorStance s : a.getStances()) {
            d.add(new StringField(ACTOR_STANCE, s.getActorId() + "=" + s.getStance().name(), Field.Store.NO));
            d.add(new StringField(STANCE, s.getStance().name(), Field.Store.NO));
            stances.append(stances.length() == 0 ? "" : ";").append(s.getActorId()).append('=').append(s.getStance().name());
        }
        d.add(new StoredField(STANCES, stances.toString()));
        return d;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /**
     * Runs a search. {@code q} is Lucene query syntax over title and text (blank: every article, newest first);
     * the filters are exact. Throws {@link BadRequest} naming the parameter for a bad query or cursor.
     */
    public SearchPage search(SearchRequest r) throws IOException {
        Query words = parse(r.q());
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(words, words instanceof MatchAllDocsQuery ? Occur.FILTER : Occur.MUST);
        if (r.actor() != null && r.stance() != null) {
            b.add(new TermQuery(new Term(ACTOR_STANCE, r.actor() + "=" + r.stance())), Occur.FILTER);
        } else if (r.actor() != null) {
            b.add(new TermQuery(new Term(ACTOR, r.actor())), Occur.FILTER);
        } else if (r.stance() != null) {
            b.add(new TermQuery(new Term(STANCE, r.stance())), Occur.FILTER);
        }
        if (r.outlet() != null) {
            b.add(new TermQuery(new Term(OUTLET_KEY, r.outlet().toLowerCase(Locale.ROOT))), Occur.FILTER);
        }
        if (r.from() != null || r.to() != null) {
            long lo = r.from() == null ? Long.MIN_VALUE + 1 : r.from().toEpochDay();
            long hi = r.to() == null ? Long.MAX_VALUE : r.to().toEpochDay();
            b.add(LongPoint.newRangeQuery(DAY, lo, hi), Occur.FILTER);
        }
        Query query = b.build();
        FieldDoc after = r.cursor() == null ? null : decodeCursor(r.cursor());
        IndexSearcher searcher = searchers.acquire();
        try {
            TopFieldDocs top;
            try {
                top = searcher.searchAfter(after, query, r.limit(), sort, true);
            } catch (IndexSearcher.TooManyClauses e) {
                throw new BadRequest("q", "the query expands to too many terms (a short wildcard?): " + e.getMessage());
            }
            String[][] snippets = new String[TEXT_FIELDS.length][];
            if (!(words instanceof MatchAllDocsQuery) && top.scoreDocs.length > 0) {
                UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, analyzer)
                        .withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", " … ", true))
                        .withMaxLength(1_000_000).build();
                for (int f = 0; f < TEXT_FIELDS.length; f++) {
                    snippets[f] = highlighter.highlight(TEXT_FIELDS[f], words, top, f == 0 ? 1 : SNIPPETS);
                }
            }
            List<SearchHit> hits = new ArrayList<>();
            for (int i = 0; i < top.scoreDocs.length; i++) {
                ScoreDoc sd = top.scoreDocs[i];
                Document doc = searcher.storedFields().document(sd.doc);
                String text = doc.get(TEXT);
                String textSnippet = snippets[1] == null || snippets[1][i] == null
                        ? escape(text.length() <= PLAIN_SNIPPET_CHARS ? text : text.substring(0, PLAIN_SNIPPET_CHARS) + "…")
                        : snippets[1][i];
                String titleHtml = snippets[0] == null || snippets[0][i] == null ? escape(doc.get(TITLE)) : snippets[0][i];
                String day = doc.get(DAY);
                hits.add(new SearchHit(doc.get(ID), doc.get(TITLE), titleHtml, doc.get(OUTLET),
                        day == null ? null : LocalDate.parse(day), Float.isNaN(sd.score) ? 0 : sd.score,
                        List.of(doc.getValues(ACTOR)), doc.get(STANCES), textSnippet));
            }
            String next = top.scoreDocs.length == r.limit() && top.totalHits.value > 0
                    ? encodeCursor((FieldDoc) top.scoreDocs[top.scoreDocs.length - 1]) : null;
            return new SearchPage(top.totalHits.value, hits, next);
        } finally {
            searchers.release(searcher);
        }
    }

    private Query parse(String q) {
        if (q == null || q.isBlank()) {
            return new MatchAllDocsQuery();
        }
        QueryParser parser = new MultiFieldQueryParser(TEXT_FIELDS, analyzer);
        parser.setDefaultOperator(QueryParser.Operator.AND);
        try {
            return parser.parse(q);
        } catch (ParseException e) {
            String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new BadRequest("q", "not valid Lucene query syntax: " + m);
        } catch (IndexSearcher.TooManyClauses e) {
            throw new BadRequest("q", "the query has too many clauses: " + e.getMessage());
        }
    }

    /** The cursor is the last hit's sort values (score, day, id), base64url; the caller treats it as opaque. */
    static String encodeCursor(FieldDoc last) {
        float score = last.fields[0] instanceof Float f ? f : Float.NaN;
        long day = (Long) last.fields[1];
        String id = ((BytesRef) last.fields[2]).utf8ToString();
        String raw = Float.floatToIntBits(score) + ":" + day + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static FieldDoc decodeCursor(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split(":", 3);
            float score = Float.intBitsToFloat(Integer.parseInt(parts[0]));
            // The next page starts strictly after the last hit: ids are unique, and id + NUL is the smallest sort key
            // above it (article ids hold no control characters), so the doc number (-1) never decides.
            return new FieldDoc(-1, score, new Object[] {score, Long.parseLong(parts[1]), new BytesRef(parts[2] + "\u0000")});
        } catch (RuntimeException e) {
            throw new BadRequest("cursor", "not a cursor this server gave out (pass nextCursor of the previous page)");
        }
    }

    static String escape(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#x27;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
    }

    /** What to search; null means "no filter". Validated by the caller ({@link SearchRequest#parse}). */
    public record SearchRequest(String q, String actor, String stance, String outlet, LocalDate from, LocalDate to,
                                int limit, String cursor) {}

    /**
     * One article found. {@code titleHtml} and {@code snippet} are HTML: the article's text escaped, with
     * {@code <mark>} around the matched words; everything else is plain (untrusted) text.
     */
    public record SearchHit(String id, String title, String titleHtml, String outlet, LocalDate day, float score,
                            List<String> actors, String stances, String snippet) {}

    /** A page of hits, best first; {@code nextCursor} is null on the last page. */
    public record SearchPage(long total, List<SearchHit> hits, String nextCursor) {}

    /** A bad parameter; {@code parameter} is its name. */
    public static final class BadRequest extends RuntimeException {
        public final String parameter;

        public BadRequest(String parameter, String detail) {
            super(detail, null, false, false);
            this.parameter = parameter;
        }
    }
}
