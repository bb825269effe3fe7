package org.tongfa.check;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the pre-publish checks (发布前检查) read of one item version: its text, its links, its document
 * metadata, its relations and its times. The item feature builds it from its own rows, so the checks
 * depend on nothing inside the item feature.
 *
 * @param itemId the item
 * @param version the version checked
 * @param column the item's column (栏目)
 * @param disclosure the disclosure type ({@code PROACTIVE} is 主动公开)
 * @param title the title
 * @param summary the summary, or empty
 * @param author the author, or empty
 * @param bodyHtml the sanitised body
 * @param bodyText the body's plain text, to which a body finding's offset points
 * @param images the body's images, in order
 * @param links the links in the body (and the overrides), in order
 * @param overrides each channel's own title and summary, keyed by channel id
 * @param channels the channels the version would go to
 * @param documentNumber 发文字号, or {@code null}
 * @param indexNumber 索引号, or {@code null}
 * @param relations the items this one is linked to
 * @param releaseAt when it would be released: its publication time, or the moment of the check
 * @param firstPublishedAt the server-recorded first publication (首次发布时间), or {@code null}
 * @param displayedPublishAt the publication time the item shows readers, or {@code null}
 */
public record CheckSubject(
        String itemId,
        int version,
        String column,
        String disclosure,
        String title,
        String summary,
        String author,
        String bodyHtml,
        String bodyText,
        List<Image> images,
        List<Link> links,
        Map<String, Override> overrides,
        List<String> channels,
        String documentNumber,
        String indexNumber,
        List<Relation> relations,
        Instant releaseAt,
        Instant firstPublishedAt,
        Instant displayedPublishAt) {

    public CheckSubject {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(releaseAt, "releaseAt");
        title = title == null ? "" : title;
        summary = summary == null ? "" : summary;
        author = author == null ? "" : author;
        bodyHtml = bodyHtml == null ? "" : bodyHtml;
        bodyText = bodyText == null ? "" : bodyText;
        images = List.copyOf(images);
        links = List.copyOf(links);
        overrides = Map.copyOf(overrides);
        channels = List.copyOf(channels);
        relations = List.copyOf(relations);
    }

    /** An image of the body: its source and its alt text (empty when none). */
    public record Image(String src, String alt) {
        public Image {
            alt = alt == null ? "" : alt;
        }
    }

    /** A link: where it points and the field it is in ({@code body}, {@code overrides.wechat}, ...). */
    public record Link(String href, String field) {
    }

    /** A channel's own title and summary; either may be {@code null}. */
    public record Override(String title, String summary) {
    }

    /**
     * A relation to another item.
     *
     * @param relation the relation's name, such as {@code INTERPRETS} (this item is the 政策解读 of the other)
     * @param status the other item's status, such as {@code PUBLISHED}
     * @param scheduledAt when the other item is scheduled to go out, or {@code null}
     */
    public record Relation(String itemId, String relation, String title, String status, Instant scheduledAt) {
    }

    /**
     * The text fields the {@link TextCheck}s read, named as {@link Finding#field()} documents: the title,
     * the summary, the body's plain text, each image's alt text, each override's title and summary.
     */
    public List<TextField> textFields() {
        List<TextField> fields = new java.util.ArrayList<>();
        fields.add(new TextField("title", title));
        fields.add(new TextField("summary", summary));
        fields.add(new TextField("body", bodyText));
        for (int i = 0; i < images.size(); i++) {
            fields.add(new TextField("images[" + i + "].alt", images.get(i).alt()));
        }
        new java.util.TreeMap<>(overrides).forEach((channel, o) -> {
            if (o.title() != null) {
                fields.add(new TextField("overrides." + channel + ".title", o.title()));
            }
            if (o.summary() != null) {
                fields.add(new TextField("overrides." + channel + ".summary", o.summary()));
            }
        });
        return fields;
    }
}
