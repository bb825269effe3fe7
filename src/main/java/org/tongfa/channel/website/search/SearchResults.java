package org.tongfa.channel.website.search;

import java.time.Instant;
import java.util.List;

/**
 * One page of results of a {@link SearchRequest}.
 *
 * @param request what was asked
 * @param total how many live items match in all
 * @param hits the page's results, best first
 */
public record SearchResults(SearchRequest request, long total, List<Hit> hits) {

    /**
     * One matching item.
     *
     * @param itemId the item, whose page is {@code items/<itemId>.html}
     * @param titleHtml the title as HTML: escaped, the matched words in {@code <mark>}
     * @param snippetHtml a passage of the body (or the summary) as HTML, matches in {@code <mark>}; may be empty
     * @param department the issuing department (发布机构), plain text
     * @param documentNumber the document number (发文字号), plain text, may be empty
     * @param column the column's name (栏目), plain text
     * @param publishedAt the first publication
     */
    public record Hit(String itemId, String titleHtml, String snippetHtml, String department, String documentNumber,
            String column, Instant publishedAt) {
    }

    /** How many pages the results fill, at most {@link SearchRequest#MAX_PAGE}. */
    public int pages() {
        return (int) Math.min(SearchRequest.MAX_PAGE, (total + SearchRequest.PAGE_SIZE - 1) / SearchRequest.PAGE_SIZE);
    }
}
