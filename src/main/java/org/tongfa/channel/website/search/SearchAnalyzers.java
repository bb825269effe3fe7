package org.tongfa.channel.website.search;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * How the search reads Chinese text. Every searchable field is split into overlapping pairs of
 * characters (bigrams: 数字化转型 is 数字 字化 化转 转型), so any two or more characters a reader types
 * match wherever they occur; the short fields (title, department) also keep every single character, so
 * that one character finds the titles holding it (in a body it would match nearly everything, and
 * would double the index). The titles are also split into words by the Chinese analyzer
 * ({@link SmartChineseAnalyzer}, 中文分词), and a title holding the reader's words ranks higher.
 *
 * <p>Why not words alone: the word splitter decides from context, so the same text splits differently
 * in different sentences (中小企业 in one sentence, 中 小 企业 in the next), and a search for a word
 * would miss the documents where it was split otherwise. It is also slow (about 0.3 million characters
 * a second here, bigrams are tens of times faster), which matters for rebuilding 10,000 bodies at start.
 * Full-width letters and digits are read as their half-width forms, and letters in lower case.
 */
final class SearchAnalyzers {

    /** The field whose text is split into words; every other field is split into bigrams. */
    static final String WORDS = "words";

    private SearchAnalyzers() {
    }

    /**
     * The analyzer of the index: bigrams, with single characters too in {@code withCharacters}, words for
     * {@link #WORDS}.
     */
    static Analyzer index(Set<String> withCharacters) {
        Map<String, Analyzer> fields = new HashMap<>();
        fields.put(WORDS, new SmartChineseAnalyzer());
        Analyzer characters = cjk(true);
        withCharacters.forEach(field -> fields.put(field, characters));
        return new PerFieldAnalyzerWrapper(cjk(false), fields);
    }

    /**
     * The analyzer of a reader's query: bigrams only (a character on its own stays single), so that
     * 数字化 asks for 数字 and 字化, not for every document holding 数 or 字; words for {@link #WORDS}.
     */
    static Analyzer query() {
        return new PerFieldAnalyzerWrapper(cjk(false), Map.of(WORDS, new SmartChineseAnalyzer()));
    }

    private static Analyzer cjk(boolean unigrams) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer source = new StandardTokenizer();
                TokenStream stream = new LowerCaseFilter(new CJKWidthFilter(source));
                return new TokenStreamComponents(source, new CJKBigramFilter(stream,
                        CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA | CJKBigramFilter.KATAKANA
                                | CJKBigramFilter.HANGUL, unigrams));
            }
        };
    }
}
