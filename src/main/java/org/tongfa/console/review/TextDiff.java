package org.tongfa.console.review;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A readable difference between two texts, for editors: the body is cut into paragraphs (blocks of its
 * HTML), paragraphs are matched by a longest common subsequence, and a changed paragraph is compared
 * again word by word (a Latin word or number is one token, each Chinese character is one), so a
 * reviewer sees the words that changed, not the whole paragraph twice.
 */
public final class TextDiff {

    /** What a piece of text is in the newer version. */
    public enum Kind {
        SAME, INSERTED, DELETED
    }

    /** A run of text with its kind. */
    public record Segment(Kind kind, String text) {

        public boolean isInserted() {
            return kind == Kind.INSERTED;
        }

        public boolean isDeleted() {
            return kind == Kind.DELETED;
        }
    }

    /**
     * One paragraph of the comparison.
     *
     * @param kind SAME (unchanged), INSERTED (new paragraph), DELETED (removed), or {@code null} for a
     *     paragraph changed within (its segments say where)
     */
    public record Paragraph(Kind kind, List<Segment> segments) {

        public boolean isChanged() {
            return kind != Kind.SAME;
        }
    }

    /** Above this many token pairs a paragraph is shown as replaced as a whole, to bound the work. */
    private static final long MAX_CELLS = 4_000_000L;

    private static final String BLOCKS = "p, h1, h2, h3, h4, h5, h6, li, td, th, caption, blockquote, pre, figcaption";

    private TextDiff() {
    }

    /** The paragraphs (block texts) of a body of HTML, in order, blank ones left out. */
    public static List<String> paragraphs(String html) {
        Document document = Jsoup.parseBodyFragment(html == null ? "" : html);
        List<String> paragraphs = new ArrayList<>();
        for (Element block : document.body().select(BLOCKS)) {
            // A block inside another block (a <p> in a <td>) is the outer block's text already.
            if (block.parents().stream().anyMatch(p -> p.is(BLOCKS))) {
                continue;
            }
            String text = block.text().strip();
            if (!text.isEmpty()) {
                paragraphs.add(text);
            }
        }
        if (paragraphs.isEmpty() && !document.body().text().isBlank()) {
            paragraphs.add(document.body().text().strip());
        }
        return paragraphs;
    }

    /** Two bodies of HTML compared paragraph by paragraph, then word by word within a changed paragraph. */
    public static List<Paragraph> html(String before, String after) {
        return paragraphs(paragraphs(before), paragraphs(after));
    }

    /** Two lists of paragraphs compared. */
    public static List<Paragraph> paragraphs(List<String> before, List<String> after) {
        List<Paragraph> result = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (Segment s : lcs(before, after)) {
            if (s.kind() == Kind.SAME) {
                flush(removed, added, result);
                result.add(new Paragraph(Kind.SAME, List.of(s)));
            } else if (s.kind() == Kind.DELETED) {
                removed.add(s.text());
            } else {
                added.add(s.text());
            }
        }
        flush(removed, added, result);
        return result;
    }

    /** Removed and added paragraphs between two unchanged ones: paired in order and compared word by word. */
    private static void flush(List<String> removed, List<String> added, List<Paragraph> result) {
        int pairs = Math.min(removed.size(), added.size());
        for (int i = 0; i < pairs; i++) {
            result.add(new Paragraph(null, words(removed.get(i), added.get(i))));
        }
        for (int i = pairs; i < removed.size(); i++) {
            result.add(new Paragraph(Kind.DELETED, List.of(new Segment(Kind.DELETED, removed.get(i)))));
        }
        for (int i = pairs; i < added.size(); i++) {
            result.add(new Paragraph(Kind.INSERTED, List.of(new Segment(Kind.INSERTED, added.get(i)))));
        }
        removed.clear();
        added.clear();
    }

    /** Two one-line texts compared word by word; runs of one kind are joined. */
    public static List<Segment> words(String before, String after) {
        List<Segment> tokens = lcs(tokens(before == null ? "" : before), tokens(after == null ? "" : after));
        List<Segment> joined = new ArrayList<>();
        for (Segment t : tokens) {
            int last = joined.size() - 1;
            if (last >= 0 && joined.get(last).kind() == t.kind()) {
                joined.set(last, new Segment(t.kind(), joined.get(last).text() + t.text()));
            } else {
                joined.add(t);
            }
        }
        return joined;
    }

    /** Latin letters and digits make words; every other character (Chinese, punctuation, space) is its own token. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int end = i + Character.charCount(cp);
            if (isWordChar(cp)) {
                while (end < text.length() && isWordChar(text.codePointAt(end))) {
                    end += Character.charCount(text.codePointAt(end));
                }
            }
            tokens.add(text.substring(i, end));
            i = end;
        }
        return tokens;
    }

    private static boolean isWordChar(int cp) {
        return cp < 0x3000 && Character.isLetterOrDigit(cp);
    }

    /** The longest common subsequence of two token lists, as the edit that turns one into the other (deletions first). */
    private static List<Segment> lcs(List<String> a, List<String> b) {
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        List<Segment> out = new ArrayList<>();
        a.subList(0, prefix).forEach(t -> out.add(new Segment(Kind.SAME, t)));
        List<String> x = a.subList(prefix, a.size() - suffix);
        List<String> y = b.subList(prefix, b.size() - suffix);
        if ((long) x.size() * y.size() > MAX_CELLS) {
            x.forEach(t -> out.add(new Segment(Kind.DELETED, t)));
            y.forEach(t -> out.add(new Segment(Kind.INSERTED, t)));
        } else {
            int[][] length = new int[x.size() + 1][y.size() + 1];
            for (int i = x.size() - 1; i >= 0; i--) {
                for (int j = y.size() - 1; j >= 0; j--) {
                    length[i][j] = x.get(i).equals(y.get(j)) ? length[i + 1][j + 1] + 1
                            : Math.max(length[i + 1][j], length[i][j + 1]);
                }
            }
            int i = 0;
            int j = 0;
            while (i < x.size() || j < y.size()) {
                if (i < x.size() && j < y.size() && x.get(i).equals(y.get(j))) {
                    out.add(new Segment(Kind.SAME, x.get(i++)));
                    j++;
                } else if (j == y.size() || i < x.size() && length[i + 1][j] >= length[i][j + 1]) {
                    out.add(new Segment(Kind.DELETED, x.get(i++)));
                } else {
                    out.add(new Segment(Kind.INSERTED, y.get(j++)));
                }
            }
        }
        a.subList(a.size() - suffix, a.size()).forEach(t -> out.add(new Segment(Kind.SAME, t)));
        return out;
    }
}
