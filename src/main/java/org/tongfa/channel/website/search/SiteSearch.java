package org.tongfa.channel.website.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.BreakIterator;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.jsoup.Jsoup;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.published.PublishedEntry;
import org.tongfa.text.PlainText;

/**
 * The website's search index (站内搜索): the live items the site shows, searchable by title, summary,
 * body text, 发布机构, 索引号 and 发文字号, ranked and highlighted.
 *
 * <p>The index follows the site: at every rendering its owner takes out first the items no longer
 * shown ({@link #keepOnly} at a whole rendering, {@link #remove} at a delivery), before the new pages
 * are served, so a retracted item leaves the results no later than its page turns into the withdrawn
 * notice; then it hands over the items whose pages are live ({@link #follow}, {@link #add}), after
 * they are served, so a result never links to a page not there yet. Each returns once searches see the
 * change; a delivery adds, replaces or removes its one document.
 *
 * <p>The index is held in memory and built again from the site's entries when the service starts. It
 * is a cache of the shared store, which stays the only truth: nothing on disk can fall behind the
 * store, be locked by another node sharing the data directory, or need repair after a crash, and every
 * node's index follows that node's site. Building it costs a few seconds for 10,000 items (see
 * docs/benchmarks.md, "Site search").
 *
 * <p>Thread-safe: searches run concurrently with each other and with an update; updates are serialised.
 */
public final class SiteSearch {

    private static final String ID = "id";
    private static final String TITLE = "title";
    private static final String SUMMARY = "summary";
    private static final String BODY = "body";
    private static final String DEPARTMENT = "department";
    private static final String NUMBERS = "numbers";
    private static final String NUMBER = "number";
    private static final String DOCUMENT_NUMBER = "documentNumber";
    private static final String COLUMN = "column";
    private static final String PUBLISHED = "published";
    /** Where a query's bigrams are looked for, and how much a match there counts. */
    private static final Map<String, Float> FIELDS = Map.of(TITLE, 4f, SUMMARY, 2f, DEPARTMENT, 2f, NUMBERS, 2f,
            BODY, 1f);
    private static final String[] HIGHLIGHTED = {TITLE, SUMMARY, BODY};
    private static final int SNIPPET_LENGTH = 120;
    private static final int PARALLEL_FROM = 100;
    private static final String MARK = "<mark>";
    /** Best match first; equal matches newest first. */
    private static final Sort RANKING = new Sort(SortField.FIELD_SCORE, new SortField(PUBLISHED, SortField.Type.LONG, true));
    private static final FieldType HIGHLIGHTABLE = highlightable();

    private final Analyzer indexAnalyzer = SearchAnalyzers.index(Set.of(TITLE, DEPARTMENT));
    private final Analyzer queryAnalyzer = SearchAnalyzers.query();
    private final Map<String, String> columnNames;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** The version of each item in the index. */
    private final Map<String, Integer> indexed = new HashMap<>();

    /**
     * An empty index.
     *
     * @param columnNames the configured name of each column key; a column not configured is named as its
     *     items' snapshots name it (as the site does)
     */
    public SiteSearch(Map<String, String> columnNames) {
        this.columnNames = Map.copyOf(columnNames);
        try {
            writer = new IndexWriter(new ByteBuffersDirectory(), new IndexWriterConfig(indexAnalyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE).setRAMBufferSizeMB(64).setCommitOnClose(false));
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the in-memory search index", e);
        }
    }

    private static FieldType highlightable() {
        // Stored for the highlighter, which analyses the ten texts of a page again: cheaper than keeping
        // positions and offsets of every pair of characters of 10,000 bodies. No query needs positions.
        FieldType type = new FieldType(TextField.TYPE_STORED);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        type.freeze();
        return type;
    }

    /** Takes out every item not in {@code live}; searches see it on return. */
    public synchronized void keepOnly(Set<String> live) throws IOException {
        if (removeAllBut(live)) {
            searchers.maybeRefreshBlocking();
        }
    }

    /**
     * Makes the index hold exactly {@code shown}, the live entries whose pages are on the site: new
     * items and new versions are indexed, the others taken out. Searches see it on return.
     */
    public synchronized void follow(Collection<PublishedEntry> shown) throws IOException {
        Set<String> ids = new HashSet<>();
        shown.forEach(entry -> ids.add(entry.item().itemId()));
        boolean added = index(shown);
        if (removeAllBut(ids) || added) {
            searchers.maybeRefreshBlocking();
        }
    }

    /**
     * Adds the items of {@code shown}, whose pages are on the site now, or replaces them where the
     * index holds another version; leaves every other item as it is. Searches see it on return.
     */
    public synchronized void add(Collection<PublishedEntry> shown) throws IOException {
        if (index(shown)) {
            searchers.maybeRefreshBlocking();
        }
    }

    /** Takes out the items {@code gone}, wherever the index holds them; searches see it on return. */
    public synchronized void remove(Collection<String> gone) throws IOException {
        boolean removed = false;
        for (String id : gone) {
            if (indexed.remove(id) != null) {
                writer.deleteDocuments(new Term(ID, id));
                removed = true;
            }
        }
        if (removed) {
            searchers.maybeRefreshBlocking();
        }
    }

    /** Indexes the new items and new versions among {@code shown}; whether there were any. */
    private boolean index(Collection<PublishedEntry> shown) {
        List<ItemSnapshot> changed = new ArrayList<>();
        for (PublishedEntry entry : shown) {
            ItemSnapshot item = entry.item();
            Integer version = indexed.get(item.itemId());
            if (version == null || version != item.version()) {
                changed.add(item);
            }
        }
        // The writer takes documents from several threads at once: a rebuild uses every core.
        (changed.size() > PARALLEL_FROM ? changed.parallelStream() : changed.stream()).forEach(item -> {
            try {
                writer.updateDocument(new Term(ID, item.itemId()), document(item));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        changed.forEach(item -> indexed.put(item.itemId(), item.version()));
        return !changed.isEmpty();
    }

    private boolean removeAllBut(Set<String> live) throws IOException {
        List<String> gone = indexed.keySet().stream().filter(id -> !live.contains(id)).toList();
        for (String id : gone) {
            writer.deleteDocuments(new Term(ID, id));
            indexed.remove(id);
        }
        return !gone.isEmpty();
    }

    /** How many items the index holds. */
    public synchronized int size() {
        return indexed.size();
    }

    private Document document(ItemSnapshot item) {
        Document doc = new Document();
        doc.add(new StringField(ID, item.itemId(), Field.Store.YES));
        doc.add(new Field(TITLE, text(item.title()), HIGHLIGHTABLE));
        doc.add(new TextField(SearchAnalyzers.WORDS, text(item.title()), Field.Store.NO));
        doc.add(new Field(SUMMARY, text(item.summary()), HIGHLIGHTABLE));
        String body = item.bodyHtml() == null ? "" : text(Jsoup.parseBodyFragment(item.bodyHtml()).text());
        doc.add(new Field(BODY, body, HIGHLIGHTABLE));
        doc.add(new Field(DEPARTMENT, text(item.department()), HIGHLIGHTABLE));
        doc.add(new TextField(NUMBERS, text(item.indexNumber()) + " " + text(item.documentNumber()), Field.Store.NO));
        for (String number : new String[] {item.indexNumber(), item.documentNumber()}) {
            if (number != null && !number.isBlank()) {
                doc.add(new StringField(NUMBER, number(number), Field.Store.NO));
            }
        }
        doc.add(new StoredField(DOCUMENT_NUMBER, text(item.documentNumber())));
        String column = columnNames.getOrDefault(item.column(), item.columnName() == null ? item.column() : item.columnName());
        doc.add(new StoredField(COLUMN, text(column)));
        doc.add(new NumericDocValuesField(PUBLISHED, item.publishedAt().toEpochMilli()));
        doc.add(new StoredField(PUBLISHED, item.publishedAt().toEpochMilli()));
        return doc;
    }

    private static String text(String raw) {
        return raw == null ? "" : PlainText.clean(raw);
    }

    /** A 索引号 or 发文字号 as compared: letters and digits only, so 〔2026〕, [2026] and （2026） are the same. */
    private static String number(String raw) {
        StringBuilder out = new StringBuilder();
        Normalizer.normalize(raw, Normalizer.Form.NFKC).codePoints().filter(Character::isLetterOrDigit)
                .map(Character::toLowerCase).forEach(out::appendCodePoint);
        return out.toString();
    }

    /**
     * One page of the live items matching {@code request}: every bigram (or lone character) of the text
     * must occur in one of the searched fields; a match in the title counts most, then summary,
     * department and numbers, then body; a title holding the reader's words, or a 索引号 / 发文字号 equal
     * to the whole text, ranks first.
     *
     * @throws SearchRequest.Invalid when the text holds nothing searchable (only punctuation)
     */
    public SearchResults search(SearchRequest request) throws SearchRequest.Invalid, IOException {
        if (request.empty()) {
            return new SearchResults(request, 0, List.of());
        }
        Query query = query(request.text());
        IndexSearcher searcher = searchers.acquire();
        try {
            int wanted = request.page() * SearchRequest.PAGE_SIZE;
            TopDocs top = searcher.search(query, new TopFieldCollectorManager(RANKING, wanted, null, Integer.MAX_VALUE));
            int from = Math.min(top.scoreDocs.length, wanted - SearchRequest.PAGE_SIZE);
            TopDocs page = new TopDocs(top.totalHits, Arrays.copyOfRange(top.scoreDocs, from, top.scoreDocs.length));
            return new SearchResults(request, top.totalHits.value, hits(searcher, query, page));
        } finally {
            searchers.release(searcher);
        }
    }

    private Query query(String text) throws SearchRequest.Invalid {
        Set<String> terms = terms(BODY, text);
        if (terms.isEmpty()) {
            throw new SearchRequest.Invalid("搜索词中没有可查找的文字或数字，请换用其他词语。");
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        for (String term : terms) {
            BooleanQuery.Builder anyField = new BooleanQuery.Builder();
            FIELDS.forEach((field, boost) -> anyField.add(new BoostQuery(new TermQuery(new Term(field, term)), boost),
                    Occur.SHOULD));
            query.add(anyField.build(), Occur.MUST);
        }
        for (String word : terms(SearchAnalyzers.WORDS, text)) {
            query.add(new BoostQuery(new TermQuery(new Term(SearchAnalyzers.WORDS, word)), 2f), Occur.SHOULD);
        }
        String number = number(text);
        if (!number.isEmpty()) {
            query.add(new BoostQuery(new TermQuery(new Term(NUMBER, number)), 20f), Occur.SHOULD);
        }
        return query.build();
    }

    /** The distinct terms the query analyzer makes of {@code text} for {@code field}, in order. */
    private Set<String> terms(String field, String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream stream = queryAnalyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot analyse a string in memory", e);
        }
        return terms;
    }

    private List<SearchResults.Hit> hits(IndexSearcher searcher, Query query, TopDocs page) throws IOException {
        // A field without a match still gives its first passage (escaped like the others), so every text
        // reaches the page through the highlighter's escaping.
        UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, indexAnalyzer)
                .withFormatter(new DefaultPassageFormatter(MARK, "</mark>", "…", true))
                .withBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(
                        BreakIterator.getSentenceInstance(Locale.CHINA), SNIPPET_LENGTH, 0.3f))
                .withMaxNoHighlightPassages(1)
                // The query is terms only: matching them in the analysed text is enough, and much cheaper than
                // indexing each result's text again to ask the query where it matches (weight matches).
                .withWeightMatches(false)
                .build();
        Map<String, String[]> highlights = highlighter.highlightFields(HIGHLIGHTED, query, page, new int[] {1, 1, 1});
        StoredFields stored = searcher.storedFields();
        List<SearchResults.Hit> hits = new ArrayList<>(page.scoreDocs.length);
        for (int i = 0; i < page.scoreDocs.length; i++) {
            Document doc = stored.document(page.scoreDocs[i].doc);
            String body = orEmpty(highlights.get(BODY)[i]);
            String summary = orEmpty(highlights.get(SUMMARY)[i]);
            // The passage that shows a match, the body's first; else the summary, which says what the item is.
            String snippet = body.contains(MARK) || summary.isEmpty() ? body : summary;
            hits.add(new SearchResults.Hit(doc.get(ID), orEmpty(highlights.get(TITLE)[i]), snippet,
                    doc.get(DEPARTMENT), doc.get(DOCUMENT_NUMBER), doc.get(COLUMN),
                    Instant.ofEpochMilli(doc.getField(PUBLISHED).numericValue().longValue())));
        }
        return hits;
    }

    private static String orEmpty(String highlighted) {
        return highlighted == null ? "" : highlighted;
    }
}
