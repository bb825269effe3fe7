package org.tongfa.item;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.tongfa.text.MultiLine;

/**
 * What an editor sends to create or edit an item ({@code POST /api/v1/items}, {@code PUT /api/v1/items/{id}}).
 * Every edit is a complete new version.
 *
 * <p>Every string in it, nested ones included, follows {@link org.tongfa.text.PlainText}: no control
 * characters, unpaired surrogates or noncharacters; tab and line breaks only in the components marked
 * {@link MultiLine}. The item service checks that before anything else and answers 422 naming the field.
 *
 * @param title the headline
 * @param summary a short abstract, optional
 * @param body rich HTML; sanitised on input. Images must be uploaded assets ({@code <img src="/assets/{id}"
 *     alt="...">}) with text alternatives
 * @param author the author, optional
 * @param department the issuing department (发布机构)
 * @param column the column key (栏目) from {@code tongfa.columns}
 * @param disclosure the disclosure attribute (主动公开 / 依申请公开 / 不公开)
 * @param indexNumber the index number (索引号)
 * @param documentNumber the document number (发文字号), optional
 * @param coverAssetId an uploaded image to use as the cover, optional
 * @param tags free tags
 * @param priority NORMAL (default), URGENT or EMERGENCY
 * @param publishAt when to release it if published without a time of its own; never in the past
 * @param expireAt when it leaves pull channels and is retracted where channels support it
 * @param overrides per channel id: a title and summary for that channel only
 * @param related links to other items (a policy and its interpretation)
 * @param channels the channel ids to deliver to; empty means the column's channels
 * @param signedOn 成文日期, the day the document was signed ({@code yyyy-MM-dd}), optional: entered by
 *     the editor, unlike the first publication time (发布时间) the server records; today (Beijing time)
 *     at the latest
 * @param validity 有效性, optional; a document repealed later is edited to {@code REPEALED} with the day,
 *     which keeps its first publication time
 * @param topic 主题分类, optional: one of {@code tongfa.topics}
 * @param documentType 文件类型, optional: REGULATION (规章), NORMATIVE (行政规范性文件) or OTHER; a 规章 or
 *     行政规范性文件 needs its {@code signedOn}, which decides the year the annual report counts it in
 */
public record ItemRequest(
        @NotBlank @Size(max = 200) String title,
        @MultiLine @Size(max = 1000) String summary,
        @MultiLine @NotBlank @Size(max = 200_000) String body,
        @Size(max = 64) String author,
        @NotBlank @Size(max = 128) String department,
        @NotBlank @Size(max = 64) String column,
        @NotNull @Valid Disclosure disclosure,
        @NotBlank @Size(max = 64) @Pattern(regexp = "[\\p{L}\\p{N}\\-_/.〔〕\\[\\]()（）]+",
                message = "may contain only letters, digits and - _ / . brackets") String indexNumber,
        @Size(max = 64) String documentNumber,
        @Pattern(regexp = "[0-9a-f-]{36}", message = "must be an asset id") String coverAssetId,
        @Size(max = 20) List<@NotBlank @Size(max = 32) String> tags,
        Priority priority,
        Instant publishAt,
        Instant expireAt,
        @Size(max = 20) Map<String, @Valid @NotNull ChannelOverride> overrides,
        @Size(max = 20) List<@Valid @NotNull Relation> related,
        @Size(max = 20) List<@NotBlank String> channels,
        LocalDate signedOn,
        @Valid Validity validity,
        @Size(max = 64) String topic,
        DocumentType documentType) {

    public ItemRequest {
        summary = summary == null ? "" : summary.strip();
        author = author == null ? "" : author.strip();
        title = title == null ? null : title.strip();
        tags = tags == null ? List.of() : List.copyOf(tags);
        priority = priority == null ? Priority.NORMAL : priority;
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        related = related == null ? List.of() : List.copyOf(related);
        channels = channels == null ? List.of() : List.copyOf(channels);
        documentNumber = documentNumber == null || documentNumber.isBlank() ? null : documentNumber.strip();
        topic = topic == null || topic.isBlank() ? null : topic.strip();
    }

    /** A request without a document type (文件类型), as before it was added. */
    public ItemRequest(String title, String summary, String body, String author, String department, String column,
            Disclosure disclosure, String indexNumber, String documentNumber, String coverAssetId, List<String> tags,
            Priority priority, Instant publishAt, Instant expireAt, Map<String, ChannelOverride> overrides,
            List<Relation> related, List<String> channels, LocalDate signedOn, Validity validity, String topic) {
        this(title, summary, body, author, department, column, disclosure, indexNumber, documentNumber, coverAssetId,
                tags, priority, publishAt, expireAt, overrides, related, channels, signedOn, validity, topic, null);
    }

    /**
     * 有效性: whether the document is in force.
     *
     * @param status VALID (有效), REPEALED (废止) or LAPSED (失效)
     * @param date the day it was repealed or lapsed ({@code yyyy-MM-dd}): required for REPEALED and LAPSED,
     *     refused for VALID; not in the future and not before {@code signedOn}
     */
    public record Validity(@NotNull ValidityStatus status, LocalDate date) {
    }

    /**
     * @param type the disclosure type
     * @param reason why it is not proactively disclosed; required unless PROACTIVE
     */
    public record Disclosure(@NotNull DisclosureType type, @MultiLine @Size(max = 500) String reason) {
    }

    /**
     * What one channel shows instead of the item's own title and summary.
     *
     * @param title the channel's title, optional
     * @param summary the channel's summary, optional
     */
    public record ChannelOverride(@Size(max = 200) String title, @MultiLine @Size(max = 1000) String summary) {

        public ChannelOverride {
            // Like the item's own title and summary: what a channel shows never starts or ends with blanks.
            title = title == null ? null : title.strip();
            summary = summary == null ? null : summary.strip();
        }
    }

    /**
     * @param itemId the other item
     * @param relation how this item relates to it
     */
    public record Relation(@NotBlank @Pattern(regexp = "[0-9a-f-]{36}", message = "must be an item id") String itemId,
            @NotNull RelationType relation) {
    }
}
