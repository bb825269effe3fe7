package org.tongfa.channel.feed;

import com.rometools.rome.feed.atom.Category;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Description;
import com.rometools.rome.feed.rss.Guid;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.filter.Filters;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.published.PublishedEntry;
import org.tongfa.text.PlainText;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders RSS 2.0 and Atom 1.0 (with Rome) and JSON Feed 1.1 (with Jackson) from a list of entries.
 * Pure and thread-safe: the same entries give the same bytes, so every node computes the same ETag.
 *
 * <p>Government metadata travels in the namespace {@value #GOV_NS} (prefix {@code gov}, documented in
 * the README): {@code gov:indexNumber} (索引号), {@code gov:documentNumber} (发文字号),
 * {@code gov:department} (发布机构), {@code gov:disclosure} (公开方式), {@code gov:validUntil}
 * (有效期至, only when the item expires), and for documents that state them {@code gov:signedOn}
 * (成文日期), {@code gov:topic} (主题分类), {@code gov:validity} (有效性) and {@code gov:validityDate}
 * (the day it was repealed or lapsed). JSON Feed carries the same under the extension key
 * {@code _gov}. RSS has no update time of its own, so items carry {@code dcterms:modified}.
 *
 * <p>Every namespace is declared once, on the document's root (in {@code xml}), whatever elements the
 * entries carry. RSS names itself and its hub with {@code atom:link}; Atom carries {@code xml:lang}.
 * An item's cover is its enclosure (RSS {@code <enclosure>}, Atom {@code rel="enclosure"}, with the
 * asset's size and media type).
 *
 * <p>One stored entry can never take a feed down: every text is written {@linkplain PlainText#clean
 * cleaned} of the characters XML cannot carry (text stored before input was checked, or by another
 * path), and an entry that still fails to render is left out of the feed and logged.
 */
final class FeedRenderer {

    private static final Logger log = LoggerFactory.getLogger(FeedRenderer.class);

    static final String GOV_NS = "https://tongfa.example/ns/gov/1.0";
    static final Namespace GOV = Namespace.getNamespace("gov", GOV_NS);
    static final Namespace DCTERMS = Namespace.getNamespace("dcterms", "http://purl.org/dc/terms/");
    static final Namespace DC = Namespace.getNamespace("dc", "http://purl.org/dc/elements/1.1/");
    static final Namespace ATOM = Namespace.getNamespace("atom", "http://www.w3.org/2005/Atom");
    static final String JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

    private final ObjectMapper json = JsonMapper.builder().build();
    private final String language;

    /** @param language the feeds' language tag ({@code tongfa.site.language}) */
    FeedRenderer(String language) {
        this.language = language == null || language.isBlank() ? "zh-CN" : language.strip();
    }

    /**
     * What one feed is about.
     *
     * @param path below the feed base URL, without extension: {@code all} or {@code columns/<key>}
     * @param title the feed's title
     * @param description what the feed is about (RSS requires one)
     * @param selfUrl the feed's own URL in the format being rendered
     * @param homeUrl the web page the feed belongs to
     * @param hubUrl the WebSub hub, or {@code null}
     */
    record Scope(String path, String title, String description, String selfUrl, String homeUrl, String hubUrl) {
    }

    /** Maps an item to its public page, the stable guid/id of its entry. */
    interface ItemUrls {
        String of(ItemSnapshot item);
    }

    FeedDocument render(FeedFormat format, Scope scope, List<PublishedEntry> live, Instant lastModified, ItemUrls urls) {
        byte[] body;
        try {
            body = body(format, scope, live, lastModified, urls);
        } catch (RuntimeException whole) {
            // Find the entries that fail on their own and render the feed without them.
            List<PublishedEntry> renderable = new ArrayList<>();
            for (PublishedEntry entry : live) {
                try {
                    body(format, scope, List.of(entry), lastModified, urls);
                    renderable.add(entry);
                } catch (RuntimeException e) {
                    log.warn("Feed {}.{} leaves out item {} v{}, which cannot be rendered: {}", scope.path(),
                            format.extension, entry.item() == null ? null : entry.item().itemId(),
                            entry.item() == null ? null : entry.item().version(), e.toString());
                }
            }
            body = body(format, scope, renderable, lastModified, urls);
        }
        return FeedDocument.of(scope.path() + "." + format.extension, body, format, lastModified, scope.selfUrl(),
                scope.hubUrl());
    }

    private byte[] body(FeedFormat format, Scope scope, List<PublishedEntry> live, Instant lastModified,
            ItemUrls urls) {
        return switch (format) {
            case RSS -> xml(rss(scope, live, lastModified, urls));
            case ATOM -> xml(atom(scope, live, lastModified, urls));
            case JSON -> jsonFeed(scope, live, urls);
        };
    }

    private Channel rss(Scope scope, List<PublishedEntry> live, Instant lastModified, ItemUrls urls) {
        Channel channel = new Channel("rss_2.0");
        channel.setEncoding("UTF-8");
        channel.setTitle(t(scope.title()));
        channel.setLink(t(scope.homeUrl()));
        channel.setDescription(t(scope.description()));
        channel.setLanguage(language);
        channel.setLastBuildDate(Date.from(lastModified));
        channel.setGenerator("Tongfa");
        // RSS has no link to itself or its hub: Atom's, as WebSub and feed validators expect.
        List<Element> links = new ArrayList<>();
        links.add(atomLink("self", scope.selfUrl(), FeedFormat.RSS.contentType.replace(";charset=utf-8", "")));
        if (scope.hubUrl() != null) {
            links.add(atomLink("hub", scope.hubUrl(), null));
        }
        channel.setForeignMarkup(links);
        List<Item> items = new ArrayList<>();
        for (PublishedEntry entry : live) {
            ItemSnapshot snapshot = entry.item();
            String url = t(urls.of(snapshot));
            Item item = new Item();
            item.setTitle(t(snapshot.title()));
            item.setLink(url);
            Guid guid = new Guid();
            guid.setValue(url);
            guid.setPermaLink(true);
            item.setGuid(guid);
            item.setPubDate(Date.from(snapshot.publishedAt()));
            Description description = new Description();
            description.setType("text/plain");
            description.setValue(summaryOf(snapshot));
            item.setDescription(description);
            com.rometools.rome.feed.rss.Content content = new com.rometools.rome.feed.rss.Content();
            content.setType(com.rometools.rome.feed.rss.Content.HTML);
            content.setValue(t(snapshot.bodyHtml()));
            item.setContent(content);
            List<com.rometools.rome.feed.rss.Category> categories = new ArrayList<>();
            for (String name : categoriesOf(snapshot)) {
                com.rometools.rome.feed.rss.Category category = new com.rometools.rome.feed.rss.Category();
                category.setValue(name);
                categories.add(category);
            }
            item.setCategories(categories);
            if (hasCover(snapshot)) {
                com.rometools.rome.feed.rss.Enclosure enclosure = new com.rometools.rome.feed.rss.Enclosure();
                enclosure.setUrl(t(snapshot.cover().url()));
                enclosure.setLength(Math.max(0, snapshot.cover().size()));
                enclosure.setType(t(snapshot.cover().contentType()));
                item.setEnclosures(List.of(enclosure));
            }
            List<Element> markup = new ArrayList<>();
            // RSS's <author> must be an e-mail address; the author's name goes in dc:creator's place.
            markup.add(element(DC, "creator", authorOf(snapshot)));
            markup.add(element(DCTERMS, "modified", updatedAt(snapshot).toString()));
            markup.addAll(govElements(snapshot));
            item.setForeignMarkup(markup);
            items.add(item);
        }
        channel.setItems(items);
        return channel;
    }

    private Feed atom(Scope scope, List<PublishedEntry> live, Instant lastModified, ItemUrls urls) {
        Feed feed = new Feed("atom_1.0");
        feed.setEncoding("UTF-8");
        feed.setId(t(scope.selfUrl()));
        feed.setTitle(t(scope.title()));
        feed.setUpdated(Date.from(lastModified));
        feed.setLanguage(language);
        feed.setSubtitle(text(scope.description()));
        feed.setAlternateLinks(List.of(link("alternate", t(scope.homeUrl()), "text/html")));
        List<Link> other = new ArrayList<>();
        other.add(link("self", t(scope.selfUrl()), "application/atom+xml"));
        if (scope.hubUrl() != null) {
            other.add(link("hub", t(scope.hubUrl()), null));
        }
        feed.setOtherLinks(other);
        Person publisher = new Person();
        publisher.setName(t(scope.title()));
        feed.setAuthors(List.of(publisher));
        List<Entry> entries = new ArrayList<>();
        for (PublishedEntry published : live) {
            ItemSnapshot snapshot = published.item();
            String url = t(urls.of(snapshot));
            Entry entry = new Entry();
            entry.setId(url);
            entry.setTitle(t(snapshot.title()));
            entry.setAlternateLinks(List.of(link("alternate", url, "text/html")));
            if (hasCover(snapshot)) {
                Link enclosure = link("enclosure", t(snapshot.cover().url()), t(snapshot.cover().contentType()));
                enclosure.setLength(Math.max(0, snapshot.cover().size()));
                entry.setOtherLinks(List.of(enclosure));
            }
            entry.setPublished(Date.from(snapshot.publishedAt()));
            entry.setUpdated(Date.from(updatedAt(snapshot)));
            Person author = new Person();
            author.setName(authorOf(snapshot));
            entry.setAuthors(List.of(author));
            List<Category> categories = new ArrayList<>();
            for (String name : categoriesOf(snapshot)) {
                Category category = new Category();
                category.setTerm(name);
                categories.add(category);
            }
            entry.setCategories(categories);
            entry.setSummary(text(summaryOf(snapshot)));
            Content content = new Content();
            content.setType(Content.HTML);
            content.setValue(t(snapshot.bodyHtml()));
            entry.setContents(List.of(content));
            entry.setForeignMarkup(govElements(snapshot));
            entries.add(entry);
        }
        feed.setEntries(entries);
        return feed;
    }

    private byte[] jsonFeed(Scope scope, List<PublishedEntry> live, ItemUrls urls) {
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("version", JSON_FEED_VERSION);
        feed.put("title", t(scope.title()));
        feed.put("home_page_url", t(scope.homeUrl()));
        feed.put("feed_url", t(scope.selfUrl()));
        feed.put("description", t(scope.description()));
        feed.put("language", language);
        if (scope.hubUrl() != null) {
            feed.put("hubs", List.of(Map.of("type", "WebSub", "url", t(scope.hubUrl()))));
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (PublishedEntry published : live) {
            ItemSnapshot snapshot = published.item();
            String url = t(urls.of(snapshot));
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", url);
            item.put("url", url);
            item.put("title", t(snapshot.title()));
            item.put("content_html", t(snapshot.bodyHtml()));
            item.put("summary", summaryOf(snapshot));
            if (snapshot.cover() != null) {
                item.put("image", t(snapshot.cover().url()));
            }
            item.put("date_published", snapshot.publishedAt().toString());
            item.put("date_modified", updatedAt(snapshot).toString());
            item.put("authors", List.of(Map.of("name", authorOf(snapshot))));
            item.put("tags", categoriesOf(snapshot));
            item.put("_gov", govFields(snapshot));
            items.add(item);
        }
        feed.put("items", items);
        return json.writeValueAsBytes(feed);
    }

    private static Map<String, Object> govFields(ItemSnapshot item) {
        Map<String, Object> gov = new LinkedHashMap<>();
        gov.put("about", GOV_NS);
        gov.put("index_number", t(item.indexNumber()));
        if (item.documentNumber() != null && !item.documentNumber().isBlank()) {
            gov.put("document_number", t(item.documentNumber()));
        }
        gov.put("department", t(item.department()));
        gov.put("disclosure", t(item.disclosureType()));
        if (item.expireAt() != null) {
            gov.put("valid_until", item.expireAt().toString());
        }
        if (item.signedOn() != null) {
            gov.put("signed_on", item.signedOn().toString());
        }
        if (item.topic() != null && !item.topic().isBlank()) {
            gov.put("topic", t(item.topic()));
        }
        if (item.validity() != null && item.validity().status() != null) {
            gov.put("validity", t(item.validity().status()));
            if (item.validity().date() != null) {
                gov.put("validity_date", item.validity().date().toString());
            }
        }
        if (item.reviewers() != null) {
            gov.put("reviewers", item.reviewers().reviewers().stream().map(FeedRenderer::t).toList());
            gov.put("signer", t(item.reviewers().signer()));
        }
        return gov;
    }

    private static List<Element> govElements(ItemSnapshot item) {
        List<Element> elements = new ArrayList<>();
        elements.add(element(GOV, "indexNumber", item.indexNumber()));
        if (item.documentNumber() != null && !item.documentNumber().isBlank()) {
            elements.add(element(GOV, "documentNumber", item.documentNumber()));
        }
        elements.add(element(GOV, "department", item.department()));
        elements.add(element(GOV, "disclosure", item.disclosureType()));
        if (item.expireAt() != null) {
            elements.add(element(GOV, "validUntil", item.expireAt().toString()));
        }
        if (item.signedOn() != null) {
            elements.add(element(GOV, "signedOn", item.signedOn().toString()));
        }
        if (item.topic() != null && !item.topic().isBlank()) {
            elements.add(element(GOV, "topic", item.topic()));
        }
        if (item.validity() != null && item.validity().status() != null) {
            elements.add(element(GOV, "validity", item.validity().status()));
            if (item.validity().date() != null) {
                elements.add(element(GOV, "validityDate", item.validity().date().toString()));
            }
        }
        if (item.reviewers() != null) {
            item.reviewers().reviewers().forEach(name -> elements.add(element(GOV, "reviewer", name)));
            if (item.reviewers().signer() != null) {
                elements.add(element(GOV, "signer", item.reviewers().signer()));
            }
        }
        return elements;
    }

    /** Whether the item has a cover an enclosure can describe (snapshots of an older format may lack its type). */
    private static boolean hasCover(ItemSnapshot item) {
        return item.cover() != null && item.cover().url() != null && !item.cover().url().isBlank()
                && item.cover().contentType() != null && !item.cover().contentType().isBlank();
    }

    private static Element atomLink(String rel, String href, String type) {
        Element link = new Element("link", ATOM).setAttribute("rel", rel).setAttribute("href", t(href));
        return type == null ? link : link.setAttribute("type", type);
    }

    private static Content text(String value) {
        Content content = new Content();
        content.setType(Content.TEXT);
        content.setValue(t(value));
        return content;
    }

    private static Element element(Namespace namespace, String name, String text) {
        return new Element(name, namespace).setText(text == null ? "" : t(text));
    }

    private static Link link(String rel, String href, String type) {
        Link link = new Link();
        link.setRel(rel);
        link.setHref(href);
        if (type != null) {
            link.setType(type);
        }
        return link;
    }

    /** The column's name first, then the free tags (cleaned; a snapshot of an older format may have none). */
    static List<String> categoriesOf(ItemSnapshot item) {
        List<String> categories = new ArrayList<>();
        String column = item.columnName() == null || item.columnName().isBlank() ? item.column() : item.columnName();
        if (column != null && !t(column).isBlank()) {
            categories.add(t(column));
        }
        for (String tag : PlainText.clean(item.tags())) {
            if (!tag.isBlank() && !categories.contains(tag)) {
                categories.add(tag);
            }
        }
        return categories;
    }

    private static String authorOf(ItemSnapshot item) {
        String author = item.author() == null || item.author().isBlank() ? item.department() : item.author();
        return author == null ? "" : t(author);
    }

    private static String summaryOf(ItemSnapshot item) {
        String summary = item.summary() == null || item.summary().isBlank() ? item.title() : item.summary();
        return summary == null ? "" : t(summary);
    }

    /** An entry's last change; a snapshot without one changed when it was first published. */
    static Instant updatedAt(ItemSnapshot item) {
        return item.updatedAt() != null ? item.updatedAt() : item.publishedAt();
    }

    /** Text as a reader may be shown it: without the characters XML cannot carry. */
    private static String t(String text) {
        return PlainText.clean(text);
    }

    private byte[] xml(com.rometools.rome.feed.WireFeed feed) {
        Document document;
        try {
            document = new WireFeedOutput().outputJDom(feed);
        } catch (FeedException e) {
            throw new IllegalStateException("feed does not meet its format's constraints: " + e.getMessage(), e);
        }
        Element root = document.getRootElement();
        // Rome leaves each foreign element to declare its own namespace; declared once on the root, the
        // gov:, dc: and atom: elements of every entry (whatever they are) carry only their prefix.
        for (Element element : root.getDescendants(Filters.element())) {
            Namespace namespace = element.getNamespace();
            if (!namespace.getPrefix().isEmpty() && root.getNamespace(namespace.getPrefix()) == null) {
                root.addNamespaceDeclaration(namespace);
            }
        }
        if (feed instanceof Feed) {
            // Rome's Atom output drops the language; xml:lang is where Atom keeps it.
            root.setAttribute("lang", language, Namespace.XML_NAMESPACE);
        }
        Format format = Format.getPrettyFormat();
        format.setEncoding("UTF-8");
        return new XMLOutputter(format).outputString(document).getBytes(StandardCharsets.UTF_8);
    }
}
