package org.tongfa.channel.website;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tongfa.channel.website.search.SearchRequest;
import org.tongfa.channel.website.search.SearchResults;
import org.tongfa.delivery.ChannelRegistry;

/**
 * Serves the site's search (站内搜索) at {@code /site/search?q=...&page=n}, and in the elder mode at
 * {@code /site/elder/search}, as a page of the site. Whatever a reader types is searched as text, never
 * as syntax: a search that cannot be answered (too long, a page number that is none, only punctuation)
 * is answered {@code 400} with the reason in Chinese, a page past the last result {@code 404}; nothing a
 * reader sends makes it fail.
 *
 * <p>At start it asks the website channel for its site once, which renders the site and builds the
 * search index from the shared store before the service reports it is ready.
 */
@RestController
class SiteSearchController {

    private static final Logger log = LoggerFactory.getLogger(SiteSearchController.class);

    private final Optional<WebsiteChannel> site;

    /** Searches the running website channel; at most one runs, and the registry never changes. */
    @Autowired
    SiteSearchController(ChannelRegistry registry) {
        this(registry.enabled(WebsiteChannel.class).stream().findFirst());
    }

    SiteSearchController(Optional<WebsiteChannel> site) {
        this.site = site;
    }

    @EventListener(ApplicationReadyEvent.class)
    void buildAtStart() {
        site.ifPresent(WebsiteChannel::site);
    }

    @GetMapping("/site/search")
    ResponseEntity<byte[]> search(@RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) String page) {
        return answer(SiteMode.STANDARD, q, page);
    }

    @GetMapping("/site/elder/search")
    ResponseEntity<byte[]> elderSearch(@RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) String page) {
        return answer(SiteMode.ELDER, q, page);
    }

    /** 繁体版: the same results with the page in traditional characters; the query is searched as simplified. */
    @GetMapping("/site/hant/search")
    ResponseEntity<byte[]> traditionalSearch(@RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) String page) {
        return answer(SiteMode.TRADITIONAL, q == null ? null : Traditional.toSimplified(q), page);
    }

    private ResponseEntity<byte[]> answer(SiteMode mode, String q, String page) {
        if (site.isEmpty()) {
            return html(HttpStatus.NOT_FOUND, "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                    + "<title>未找到</title></head><body><main><h1>本站未开通搜索</h1></main></body></html>");
        }
        WebsiteChannel channel = site.get();
        channel.site(); // follows what other nodes delivered, at most once per refresh interval
        SearchPage searchPage = new SearchPage(channel.root(mode));
        SearchRequest request;
        try {
            request = SearchRequest.parse(q, page);
        } catch (SearchRequest.Invalid e) {
            return refusal(channel, mode, searchPage, q, e);
        }
        SearchResults results;
        try {
            results = channel.search().search(request);
        } catch (SearchRequest.Invalid e) {
            return refusal(channel, mode, searchPage, request.text(), e);
        } catch (IOException | RuntimeException e) {
            log.warn("Site search failed for a query of {} characters: {}", request.text().length(), e.toString());
            return page(HttpStatus.SERVICE_UNAVAILABLE, channel, mode, "站内搜索", SearchPage.PATH,
                    searchPage.refusal(request.text(), "搜索暂时无法使用，请稍后再试。"));
        }
        HttpStatus status = results.total() > 0 && request.page() > results.pages() ? HttpStatus.NOT_FOUND : HttpStatus.OK;
        return page(status, channel, mode, SearchPage.title(results), SearchPage.path(request.text(), request.page()),
                searchPage.results(results));
    }

    private static ResponseEntity<byte[]> refusal(WebsiteChannel channel, SiteMode mode, SearchPage searchPage,
            String text, SearchRequest.Invalid reason) {
        return page(HttpStatus.BAD_REQUEST, channel, mode, "站内搜索", SearchPage.PATH,
                searchPage.refusal(text, reason.getMessage()));
    }

    private static ResponseEntity<byte[]> page(HttpStatus status, WebsiteChannel channel, SiteMode mode, String title,
            String path, String main) {
        return ResponseEntity.status(status).contentType(MediaType.valueOf("text/html;charset=utf-8"))
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                // Result pages are answers to one reader, not pages for a search engine to list.
                .header("X-Robots-Tag", "noindex")
                .body(channel.page(mode, title, path, main));
    }

    private static ResponseEntity<byte[]> html(HttpStatus status, String html) {
        return ResponseEntity.status(status).contentType(MediaType.valueOf("text/html;charset=utf-8"))
                .body(html.getBytes(StandardCharsets.UTF_8));
    }
}
