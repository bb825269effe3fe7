package org.tongfa.item;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;
import org.springframework.stereotype.Component;
import org.tongfa.config.TongfaProperties;

/**
 * Cleans an item body on input, so nothing a reader sees can carry script from an item: no
 * {@code script}, no event handlers, no {@code javascript:} or {@code data:} URLs, no forms, no iframes
 * but {@code https} ones from {@code tongfa.sanitizer.iframe-hosts}. Then checks the images that
 * remain: each must be an uploaded asset, and each must carry a text alternative.
 */
@Component
class BodySanitizer {

    private static final Pattern ASSET_PATH = Pattern.compile("^/assets/([0-9a-f-]{36})$");

    private final PolicyFactory policy;
    private final String assetPrefix;

    BodySanitizer(TongfaProperties properties) {
        Set<String> iframeHosts = new LinkedHashSet<>();
        properties.sanitizer().iframeHosts().forEach(h -> iframeHosts.add(h.toLowerCase(Locale.ROOT)));
        PolicyFactory iframes = new HtmlPolicyBuilder()
                .allowElements("iframe")
                .allowAttributes("src").matching((String element, String attribute, String value) -> {
                    try {
                        URI uri = URI.create(value.strip());
                        return "https".equals(uri.getScheme()) && uri.getHost() != null
                                && iframeHosts.contains(uri.getHost().toLowerCase(Locale.ROOT)) ? value : null;
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                }).onElements("iframe")
                .allowAttributes("title", "width", "height", "allowfullscreen").onElements("iframe")
                .allowUrlProtocols("https")
                .toFactory();
        PolicyFactory content = new HtmlPolicyBuilder()
                .allowElements("p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s",
                        "sub", "sup", "small", "mark", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code",
                        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption", "span",
                        "div", "section", "abbr")
                .allowAttributes("colspan", "rowspan", "scope").onElements("th", "td")
                .allowAttributes("title").onElements("abbr", "span")
                .allowElements("a").allowAttributes("href", "title").onElements("a")
                .allowStandardUrlProtocols()
                .requireRelsOnLinks("noopener", "noreferrer")
                .allowElements("img").allowAttributes("src", "alt", "title", "width", "height").onElements("img")
                .allowUrlProtocols("http", "https", "mailto")
                .toFactory();
        this.policy = content.and(Sanitizers.STYLES).and(iframes.and(Sanitizers.BLOCKS.and(Sanitizers.FORMATTING)));
        String base = properties.publicBaseUrl().toString();
        this.assetPrefix = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/assets/";
    }

    /** The cleaned body and the assets it shows, in order. */
    record Result(String html, List<String> imageAssetIds, List<String> problems) {
    }

    Result sanitize(String html) {
        String clean = policy.sanitize(html);
        Document doc = Jsoup.parseBodyFragment(clean);
        doc.outputSettings().prettyPrint(false);
        // The policy drops a refused iframe src but keeps the element: remove the empty frame it leaves.
        doc.select("iframe").forEach(frame -> {
            if (frame.attr("src").isBlank()) {
                frame.remove();
            }
        });
        List<String> images = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int n = 0;
        for (Element img : doc.select("img")) {
            n++;
            String src = img.attr("src").strip();
            if (src.startsWith(assetPrefix)) {
                src = "/assets/" + src.substring(assetPrefix.length());
            }
            Matcher m = ASSET_PATH.matcher(src);
            if (!m.matches()) {
                problems.add("image " + n + " (" + abbreviate(src) + ") is not an uploaded asset: upload it to "
                        + "/api/v1/assets and use <img src=\"/assets/{id}\">");
                continue;
            }
            img.attr("src", src);
            images.add(m.group(1));
            if (img.attr("alt").isBlank()) {
                problems.add("image " + n + " (" + src + ") has no alt text: describe it for readers who cannot see it");
            }
        }
        return new Result(doc.body().html(), images, problems);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
