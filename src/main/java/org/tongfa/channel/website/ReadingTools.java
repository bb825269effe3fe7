package org.tongfa.channel.website;

/**
 * The reading tools above each page's content, after the 适老化 design spec (互联网网站适老化通用设计规范)
 * and the usual 【打印】【字体：大 中 小】 of a government page: font size, line spacing and a
 * high-contrast switch, which are form controls the stylesheet reads ({@code :has(:checked)}), so
 * they work without JavaScript; and 打印 and 朗读 (the browser's speech synthesis, off until asked),
 * which need {@code site.js} and are hidden until it shows them.
 */
final class ReadingTools {

    private ReadingTools() {
    }

    static void append(StringBuilder html, SiteMode mode) {
        html.append("<div class=\"tools\" role=\"region\" aria-label=\"阅读辅助\">\n")
                .append("<span class=\"js-only\" hidden>【<button type=\"button\" id=\"tf-print\">打印</button>】</span>\n")
                .append("<fieldset><legend>字体：</legend>【");
        choice(html, "tf-font", "l", "大", false);
        choice(html, "tf-font", "m", "中", true);
        choice(html, "tf-font", "s", "小", false);
        html.append("】</fieldset>\n<fieldset><legend>行距：</legend>【");
        choice(html, "tf-spacing", "n", "标准", true);
        choice(html, "tf-spacing", "w", "加大", false);
        html.append("】</fieldset>\n")
                .append("<span class=\"switch\">【<input type=\"checkbox\" id=\"tf-contrast\" name=\"tf-contrast\" value=\"on\">")
                .append("<label for=\"tf-contrast\">高对比度</label>】</span>\n")
                .append("<span class=\"js-only\" hidden>【<button type=\"button\" id=\"tf-speak\" aria-pressed=\"false\">")
                .append("朗读</button>】</span>\n</div>\n");
    }

    private static void choice(StringBuilder html, String name, String value, String label, boolean checked) {
        String id = name + "-" + value;
        html.append("<input type=\"radio\" name=\"").append(name).append("\" id=\"").append(id).append("\" value=\"")
                .append(value).append("\"").append(checked ? " checked" : "").append("><label for=\"").append(id)
                .append("\">").append(label).append("</label>");
    }
}
