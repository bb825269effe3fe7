package org.tongfa.channel.wechat;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Entities;
import org.springframework.stereotype.Component;
import org.tongfa.delivery.ChannelPreview.Rendering;
import org.tongfa.delivery.ContentLimits;
import org.tongfa.delivery.DeliveryFailure;
import org.tongfa.delivery.ItemSnapshot;

/**
 * A WeChat article (公众号文章) as a delivery would make it, for an editor's preview: the body converted
 * by the same code as a delivery ({@link WeChatArticles#content}: what WeChat does not render removed,
 * outside links turned into text with their address), each image shown from this service where a
 * delivery would move it to WeChat first, and each field over WeChat's limits flagged. Nothing is
 * uploaded or sent, so it works whether or not an account is configured.
 */
@Component
public final class WeChatPreview {

    /** The article at phone width, with what WeChat would change or refuse. */
    public Rendering preview(ItemSnapshot item) {
        List<String> warnings = new ArrayList<>();
        ContentLimits limits = WeChatChannel.LIMITS;
        flag(warnings, "标题", item.title(), limits.title());
        flag(warnings, "作者", item.author(), limits.author());
        flag(warnings, "摘要", item.summary(), limits.summary());
        String content;
        try {
            content = WeChatArticles.content("preview", item, asset -> asset.url());
        } catch (DeliveryFailure refused) {
            warnings.add("正文无法发往微信：" + refused.getMessage());
            content = "";
        }
        if (!item.images().isEmpty()) {
            warnings.add("正文中的 " + item.images().size() + " 张图片发送时会先上传到微信（转存），此处显示原图。");
        }
        if (content.length() >= limits.body()) {
            warnings.add("正文超出微信限制（" + limits.body() + " 字符）。");
        }
        String html = "<article class=\"wechat-article\"><h1>" + Entities.escape(item.title()) + "</h1>"
                + "<p class=\"wechat-meta\">" + Entities.escape(item.author() == null ? "" : item.author()) + "</p>"
                + (item.summary() == null ? "" : "<p class=\"wechat-digest\">摘要：" + Entities.escape(item.summary()) + "</p>")
                + "<div class=\"wechat-content\">" + content + "</div></article>";
        return new Rendering("公众号文章", "text/html;charset=UTF-8", html, warnings);
    }

    private static void flag(List<String> warnings, String label, String value, int limit) {
        int length = value == null ? 0 : value.codePointCount(0, value.length());
        if (length > limit) {
            warnings.add(label + "超出微信限制：最多 " + limit + " 字，现有 " + length + " 字，微信会拒收；请缩短或为微信渠道单独设置" + label + "。");
        }
    }
}
