package org.tongfa.channel.wechat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import me.chanjar.weixin.mp.bean.draft.WxMpDraftArticles;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.tongfa.delivery.DeliveryFailure;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.GiveUpException;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.ItemSnapshot.AssetRef;

/**
 * Builds the draft article ({@link WxMpDraftArticles}) WeChat publishes for an item: checks the item
 * against WeChat's limits ({@link WeChatChannel#LIMITS}), converts the body to the HTML WeChat renders
 * (its images moved to WeChat through {@link WeChatMedia}, links WeChat would reject turned into text)
 * and sets the cover and the "阅读原文" link. An item WeChat cannot take fails with a reason an editor
 * can act on, in Chinese and English.
 */
final class WeChatArticles {

    /** What WeChat renders in an article body; anything else is removed. */
    private static final String NOT_RENDERED = "script, style, iframe, form, input, button, select, textarea, object, embed";
    /** WeChat's other limit on a body besides its length: under 1 MB once encoded. */
    private static final int MAX_BODY_BYTES = 1_000_000;

    private final String id;
    private final String sourceUrl;
    private final WeChatMedia media;

    WeChatArticles(String id, WeChatChannelProperties settings, WeChatMedia media) {
        this.id = id;
        this.sourceUrl = settings.sourceUrl();
        this.media = media;
    }

    /** The draft article: limits checked, images uploaded and rewritten, cover uploaded. */
    WxMpDraftArticles article(Dispatch dispatch) throws DeliveryFailure {
        ItemSnapshot item = dispatch.item();
        Optional<String> refused = WeChatChannel.LIMITS.check(item.title(), item.author(), item.summary(), item.bodyHtml());
        if (refused.isPresent()) {
            throw new GiveUpException("wechat channel " + id + ": " + refused.get()
                    + " 请缩短或为微信渠道单独设置标题/摘要。 Shorten it or give the item a WeChat override.");
        }
        String content = content(dispatch);
        if (content.length() >= WeChatChannel.LIMITS.body()
                || content.getBytes(StandardCharsets.UTF_8).length >= MAX_BODY_BYTES) {
            throw new GiveUpException("wechat channel " + id + ": 正文超出微信限制（20,000 字符、1 MB）。"
                    + " The body exceeds WeChat's limit (20,000 characters, 1 MB) once converted.");
        }
        String thumb = media.coverMediaId(dispatch);
        return WxMpDraftArticles.builder()
                .articleType("news")
                .title(item.title())
                .author(item.author())
                .digest(item.summary())
                .content(content)
                .thumbMediaId(thumb)
                .contentSourceUrl(sourceUrl(item))
                .needOpenComment(0)
                .onlyFansCanComment(0)
                .build();
    }

    /**
     * The body as WeChat renders it on a phone: every image uploaded and pointing at WeChat, links
     * WeChat would reject turned into readable text with their address.
     */
    private String content(Dispatch dispatch) throws DeliveryFailure {
        return content(id, dispatch.item(), asset -> media.imageUrl(dispatch, asset));
    }

    /** Where an uploaded image is on WeChat's side: uploaded there in a delivery, left where it is in a preview. */
    interface ImageUrls {
        String of(AssetRef asset) throws DeliveryFailure;
    }

    /** The body as WeChat renders it, each image's address given by {@code images} ({@link WeChatPreview} too). */
    static String content(String id, ItemSnapshot item, ImageUrls images) throws DeliveryFailure {
        Document doc = Jsoup.parseBodyFragment(item.bodyHtml());
        doc.outputSettings().prettyPrint(false);
        doc.select(NOT_RENDERED).remove();
        Map<String, AssetRef> byUrl = new HashMap<>();
        item.images().forEach(image -> byUrl.put(image.url(), image));
        for (Element img : doc.select("img")) {
            String src = img.attr("src");
            AssetRef asset = byUrl.get(src);
            if (asset == null) {
                // WeChat strips images it does not host; an image must never silently vanish.
                throw new GiveUpException("wechat channel " + id + ": 正文图片 " + src + " 不是本系统上传的图片，无法上传到微信。"
                        + " The body image " + src + " is not an uploaded asset and cannot be moved to WeChat.");
            }
            img.attr("src", images.of(asset));
            img.removeAttr("srcset");
            img.attr("style", "max-width:100%;height:auto;");
        }
        for (Element link : doc.select("a[href]")) {
            String href = link.attr("href");
            if (!href.startsWith("https://mp.weixin.qq.com/")) {
                String text = link.text();
                link.replaceWith(new TextNode(text.equals(href) ? href : text + "（" + href + "）"));
            }
        }
        return doc.body().html();
    }

    /** The item's page on the website, for the article's "阅读原文" link, or {@code null}. */
    private String sourceUrl(ItemSnapshot item) {
        return sourceUrl == null || sourceUrl.isBlank() ? null : sourceUrl.replace("{itemId}", item.itemId());
    }
}
