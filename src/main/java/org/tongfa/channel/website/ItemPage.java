package org.tongfa.channel.website;

import static org.tongfa.channel.website.Html.esc;
import static org.tongfa.channel.website.Html.time;

import java.util.List;
import java.util.Set;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.text.PlainText;

/**
 * An item's own page: its title with an URGENT or EMERGENCY mark and a notice when the document is no
 * longer in force, the metadata box of public information (发布时间, 发布机构, 索引号, 发文字号,
 * 成文日期, 主题分类, 有效性, 公开方式), the cover, the sanitised body and the related items (相关信息) live on this site.
 */
final class ItemPage {

    private final SiteLayout layout;

    ItemPage(SiteLayout layout) {
        this.layout = layout;
    }

    /**
     * An item page as rendered.
     *
     * @param bytes the page
     * @param outsideLinks the outside addresses its body links to, each needing its leaving notice
     */
    record Rendered(byte[] bytes, Set<String> outsideLinks) {
    }

    /**
     * @param related the item's links to items live on this site, in both directions with the titles this
     *     site gives them ({@link org.tongfa.published.RelatedLinks})
     */
    Rendered render(SiteMode mode, ItemSnapshot item, List<ItemSnapshot.RelatedRef> related) {
        String root = layout.root(mode);
        StringBuilder main = new StringBuilder("<article>\n<h1>").append(esc(item.title())).append("</h1>\n");
        marks(main, item);
        main.append("<dl class=\"meta\">\n");
        meta(main, "发布时间", time(item.publishedAt()));
        if (item.updatedAt() != null && item.updatedAt().isAfter(item.publishedAt())) {
            meta(main, "更新时间", time(item.updatedAt()));
        }
        meta(main, "发布机构", esc(item.department()));
        meta(main, "索引号", esc(item.indexNumber()));
        if (item.documentNumber() != null && !item.documentNumber().isBlank()) {
            meta(main, "发文字号", esc(item.documentNumber()));
        }
        documentMeta(main, item);
        meta(main, "公开方式", esc(disclosure(item.disclosureType())));
        if (item.reviewers() != null) {
            meta(main, "审核人", esc(String.join("、", item.reviewers().reviewers())));
            meta(main, "签发人", esc(item.reviewers().signer()));
        }
        main.append("</dl>\n");
        // Sanitised at edit time (BodySanitizer): safe to embed, once cleaned of unshowable characters.
        BodyHtml body = BodyHtml.prepare(PlainText.clean(item.bodyHtml()), layout.root(SiteMode.STANDARD), root);
        if (item.cover() != null && !inBody(item, body)) {
            // Beside the title, a cover without its own description is decoration: an empty alt, never the title again.
            String alt = item.cover().alt() == null || item.cover().alt().strip().equals(item.title().strip()) ? ""
                    : item.cover().alt();
            main.append("<p class=\"cover\"><img src=\"").append(esc(item.cover().url())).append("\" alt=\"")
                    .append(esc(alt)).append("\"></p>\n");
        }
        main.append("<div class=\"body\">\n").append(body.html()).append("\n</div>\n");
        // Only related items live on this site are shown, linked both ways, under the title this site gives
        // them: one retracted later (or never here) disappears at the next rendering instead of lingering.
        if (!related.isEmpty()) {
            main.append("<section aria-labelledby=\"related\">\n<h2 id=\"related\">相关信息</h2>\n<ul>\n");
            for (ItemSnapshot.RelatedRef ref : related) {
                main.append("<li>").append(esc(relation(ref.relation()))).append("：<a href=\"").append(root)
                        .append(SitePaths.item(ref.itemId())).append("\">").append(esc(ref.title())).append("</a></li>\n");
            }
            main.append("</ul>\n</section>\n");
        }
        main.append("</article>\n");
        String columnName = layout.columns().getOrDefault(item.column(), item.columnName());
        List<SiteLayout.Crumb> trail = List.of(new SiteLayout.Crumb(columnName, root + SitePaths.column(item.column(), 1)),
                new SiteLayout.Crumb("正文", null));
        byte[] bytes = layout.render(mode, new SiteLayout.Page(item.title() + " - " + layout.title(),
                SitePaths.item(item.itemId()), item.column(), trail, List.of(), main.toString()));
        return new Rendered(bytes, body.outsideLinks());
    }

    /** Whether the body already shows the cover (the editor placed it there too). */
    private static boolean inBody(ItemSnapshot item, BodyHtml body) {
        if (body.showsImage(item.cover().url())) {
            return true;
        }
        return item.images() != null && item.cover().id() != null
                && item.images().stream().anyMatch(image -> image != null && item.cover().id().equals(image.id()));
    }

    private static void marks(StringBuilder main, ItemSnapshot item) {
        String priority = priorityMark(item.priority());
        if (!priority.isEmpty()) {
            main.append("<p class=\"priority-note\">").append(priority).append("</p>\n");
        }
        ItemSnapshot.Validity validity = item.validity();
        if (validity != null && validity.date() != null && !"VALID".equals(validity.status())) {
            main.append("<p class=\"notice\" role=\"note\">本文件已于").append(Html.day(validity.date()))
                    .append("REPEALED".equals(validity.status()) ? "废止" : "失效").append("，仅供查阅。</p>\n");
        }
    }

    /** 成文日期, 主题分类 and 有效性 of a document, each only when stated. */
    private static void documentMeta(StringBuilder main, ItemSnapshot item) {
        if (item.signedOn() != null) {
            meta(main, "成文日期", Html.day(item.signedOn()));
        }
        if (item.topic() != null && !item.topic().isBlank()) {
            meta(main, "主题分类", esc(item.topic()));
        }
        if (item.validity() != null && item.validity().status() != null) {
            meta(main, "有效性", validity(item.validity()));
        }
    }

    /** The text mark of an URGENT (紧急) or EMERGENCY (特急) item, empty for any other. */
    static String priorityMark(String priority) {
        return switch (priority == null ? "" : priority) {
            case "EMERGENCY" -> "<strong class=\"priority\">【特急】</strong>";
            case "URGENT" -> "<strong class=\"priority\">【紧急】</strong>";
            default -> "";
        };
    }

    static String validity(ItemSnapshot.Validity validity) {
        String since = validity.date() == null ? "" : "（" + Html.day(validity.date()) + "起）";
        return switch (validity.status()) {
            case "VALID" -> "有效";
            case "REPEALED" -> "废止" + since;
            case "LAPSED" -> "失效" + since;
            default -> esc(validity.status());
        };
    }


    private static void meta(StringBuilder main, String name, String valueHtml) {
        main.append("<div><dt>").append(name).append("：</dt><dd>").append(valueHtml).append("</dd></div>\n");
    }

    // The adapters know the snapshot's words, not the item package (ArchitectureTest): the names of DisclosureType.label().
    static String disclosure(String type) {
        return switch (type == null ? "" : type) {
            case "PROACTIVE" -> "主动公开";
            case "ON_REQUEST" -> "依申请公开";
            case "NOT_PUBLIC" -> "不公开";
            default -> type;
        };
    }

    static String relation(String relation) {
        return switch (relation == null ? "" : relation) {
            case "INTERPRETS" -> "解读的政策";
            case "INTERPRETED_BY" -> "政策解读";
            default -> "相关信息";
        };
    }
}
