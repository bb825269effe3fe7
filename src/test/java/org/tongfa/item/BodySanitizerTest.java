package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tongfa.config.TongfaProperties;

/** The body sanitiser on its own: no script survives in any form, ordinary markup does. */
class BodySanitizerTest {

    private static final String ASSET = "0b6f4a52-8a7e-4b53-9d1a-2f0c3e5d7a91";
    private static final String VIDEO_HOST = "player.example.gov.cn";

    private final BodySanitizer sanitizer = new BodySanitizer(properties());

    private static TongfaProperties properties() {
        return new TongfaProperties(URI.create("https://www.example.gov.cn"), "test-node", Path.of("target"),
                Map.of("news", new TongfaProperties.Column("工作动态", List.of("archive"), List.of(), false)),
                Map.of("archive", new TongfaProperties.ChannelSettings("folder", true, true, 1, List.of())),
                null, null, null, new TongfaProperties.Sanitizer(List.of(VIDEO_HOST.toUpperCase(Locale.ROOT))));
    }

    static Stream<Arguments> attacks() {
        return Stream.of(
                Arguments.of("script tag", "<p>a</p><script>alert(1)</script>"),
                Arguments.of("script tag, mixed case", "<p>a</p><ScRiPt>alert(1)</sCrIpT>"),
                Arguments.of("script with src", "<p>a</p><script src=\"https://evil.example/x.js\"></script>"),
                Arguments.of("img onerror", "<p><img src=\"/assets/" + ASSET + "\" alt=\"x\" onerror=\"alert(1)\"></p>"),
                Arguments.of("unquoted onerror", "<p><img src=x onerror=alert(1)></p>"),
                Arguments.of("onclick on a paragraph", "<p onclick=\"alert(1)\">text</p>"),
                Arguments.of("onmouseover on a link", "<a href=\"https://ok.example\" onmouseover=\"alert(1)\">x</a>"),
                Arguments.of("javascript: link", "<a href=\"javascript:alert(1)\">click</a>"),
                Arguments.of("JaVaScRiPt: link", "<a href=\"JaVaScRiPt:alert(1)\">click</a>"),
                Arguments.of("entity-encoded javascript:", "<a href=\"&#106;avascript:alert(1)\">click</a>"),
                Arguments.of("hex-entity javascript:", "<a href=\"&#x6A;&#x61;vascript&#x3A;alert(1)\">click</a>"),
                Arguments.of("javascript: with tab inside", "<a href=\"java\tscript:alert(1)\">click</a>"),
                Arguments.of("leading spaces before javascript:", "<a href=\"  javascript:alert(1)\">click</a>"),
                Arguments.of("vbscript: link", "<a href=\"vbscript:msgbox(1)\">click</a>"),
                Arguments.of("data: link", "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>"),
                Arguments.of("data: image", "<p><img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\" alt=\"x\"></p>"),
                Arguments.of("javascript: image", "<p><img src=\"javascript:alert(1)\" alt=\"x\"></p>"),
                Arguments.of("iframe from elsewhere", "<p>a</p><iframe src=\"https://evil.example/\"></iframe>"),
                Arguments.of("iframe javascript:", "<p>a</p><iframe src=\"javascript:alert(1)\"></iframe>"),
                Arguments.of("iframe srcdoc", "<p>a</p><iframe srcdoc=\"<script>alert(1)</script>\"></iframe>"),
                Arguments.of("svg onload", "<p>a</p><svg onload=\"alert(1)\"><circle r=\"1\"/></svg>"),
                Arguments.of("svg with script", "<p>a</p><svg><script>alert(1)</script></svg>"),
                Arguments.of("svg xlink:href", "<p>a</p><svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>"),
                Arguments.of("math with xlink", "<p>a</p><math><maction xlink:href=\"javascript:alert(1)\">x</maction></math>"),
                Arguments.of("style element", "<p>a</p><style>body{background:url(javascript:alert(1))}</style>"),
                Arguments.of("style attribute with url(javascript:)",
                        "<p style=\"background-image:url(javascript:alert(1))\">a</p>"),
                Arguments.of("style attribute with expression()", "<p style=\"width:expression(alert(1))\">a</p>"),
                Arguments.of("form", "<form action=\"https://evil.example/\"><input name=\"p\"><button>go</button></form><p>a</p>"),
                Arguments.of("button formaction", "<p>a</p><button formaction=\"javascript:alert(1)\">x</button>"),
                Arguments.of("object", "<p>a</p><object data=\"https://evil.example/x.swf\"></object>"),
                Arguments.of("embed", "<p>a</p><embed src=\"https://evil.example/x.swf\">"),
                Arguments.of("base href", "<base href=\"https://evil.example/\"><p>a</p>"),
                Arguments.of("meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\"><p>a</p>"),
                Arguments.of("link stylesheet", "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\"><p>a</p>"),
                Arguments.of("broken comment hiding script", "<p>a</p><!--><script>alert(1)</script>-->"),
                Arguments.of("unclosed script in attribute", "<p title=\"</p><script>alert(1)</script>\">a</p>"),
                Arguments.of("noscript mutation", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>"),
                Arguments.of("template", "<template><img src=x onerror=alert(1)></template><p>a</p>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void noScriptSurvives(String name, String html) {
        String clean = sanitizer.sanitize(html).html();

        Document doc = Jsoup.parseBodyFragment(clean);
        assertThat(doc.select("script, style, iframe, frame, object, embed, form, input, button, svg, math, base, meta, "
                + "link, template, noscript")).as("dangerous elements in %s", clean).isEmpty();
        for (Element element : doc.getAllElements()) {
            for (Attribute attribute : element.attributes()) {
                String key = attribute.getKey().toLowerCase(Locale.ROOT);
                String value = attribute.getValue().replaceAll("[\\s\\u0000-\\u001f]", "").toLowerCase(Locale.ROOT);
                assertThat(key).as("attribute in %s", clean).doesNotStartWith("on").isNotEqualTo("srcdoc")
                        .isNotEqualTo("formaction").doesNotContain("xlink");
                assertThat(value).as("%s=%s in %s", key, value, clean)
                        .doesNotStartWith("javascript:").doesNotStartWith("vbscript:").doesNotStartWith("data:")
                        .doesNotContain("expression(").doesNotContain("url(javascript");
            }
        }
        assertThat(clean.toLowerCase(Locale.ROOT)).doesNotContain("<script").doesNotContain("javascript:")
                .doesNotContain("onerror=").doesNotContain("onload=");
    }

    @Test
    void ordinaryMarkupSurvives() {
        String html = "<h2>一、总体要求</h2><h3>（一）</h3><p>各地要<strong>高度重视</strong>，<em>及时</em>报告。</p>"
                + "<ul><li>第一</li><li>第二</li></ul><ol><li>甲</li></ol>"
                + "<table><caption>表1</caption><thead><tr><th scope=\"col\">地区</th><th>人数</th></tr></thead>"
                + "<tbody><tr><td>广州</td><td colspan=\"2\">12</td></tr></tbody></table>"
                + "<blockquote>引文</blockquote>"
                + "<p><a href=\"https://www.gov.cn/zhengce/\">中国政府网</a> <a href=\"http://example.org/a\">旧站</a></p>"
                + "<figure><img src=\"/assets/" + ASSET + "\" alt=\"堤坝巡查\"><figcaption>图1</figcaption></figure>";

        BodySanitizer.Result result = sanitizer.sanitize(html);

        assertThat(result.problems()).isEmpty();
        assertThat(result.imageAssetIds()).containsExactly(ASSET);
        Document doc = Jsoup.parseBodyFragment(result.html());
        assertThat(doc.select("h2").text()).isEqualTo("一、总体要求");
        assertThat(doc.select("h3")).hasSize(1);
        assertThat(doc.select("strong").text()).isEqualTo("高度重视");
        assertThat(doc.select("ul > li")).hasSize(2);
        assertThat(doc.select("ol > li")).hasSize(1);
        assertThat(doc.select("table caption").text()).isEqualTo("表1");
        assertThat(doc.select("th[scope=col]")).hasSize(1);
        assertThat(doc.select("td[colspan=2]")).hasSize(1);
        assertThat(doc.select("blockquote")).hasSize(1);
        assertThat(doc.select("a").eachAttr("href")).containsExactly("https://www.gov.cn/zhengce/", "http://example.org/a");
        assertThat(doc.select("a").first().attr("rel")).contains("noopener").contains("noreferrer");
        Element img = doc.selectFirst("figure > img");
        assertThat(img).isNotNull();
        assertThat(img.attr("src")).isEqualTo("/assets/" + ASSET);
        assertThat(img.attr("alt")).isEqualTo("堤坝巡查");
        assertThat(doc.select("figcaption").text()).isEqualTo("图1");
    }

    @Test
    void anAbsoluteAssetUrlOnThisServiceIsStoredAsARelativeAssetPath() {
        BodySanitizer.Result result = sanitizer.sanitize(
                "<p><img src=\"https://www.example.gov.cn/assets/" + ASSET + "\" alt=\"图\"></p>");

        assertThat(result.problems()).isEmpty();
        assertThat(result.imageAssetIds()).containsExactly(ASSET);
        assertThat(Jsoup.parseBodyFragment(result.html()).selectFirst("img").attr("src")).isEqualTo("/assets/" + ASSET);
    }

    @Test
    void imagesMustBeAssetsWithAlt() {
        BodySanitizer.Result result = sanitizer.sanitize("<p><img src=\"https://evil.example/x.png\" alt=\"x\">"
                + "<img src=\"/assets/" + ASSET + "\"><img src=\"/assets/" + ASSET + "\" alt=\"  \"></p>");

        assertThat(result.problems()).hasSize(3);
        assertThat(result.problems().get(0)).contains("not an uploaded asset");
        assertThat(result.problems().get(1)).contains("no alt text");
        assertThat(result.problems().get(2)).contains("no alt text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://player.example.gov.cn/embed/42", "https://PLAYER.example.gov.cn/embed/42"})
    void anHttpsIframeFromAListedHostSurvives(String src) {
        String clean = sanitizer.sanitize("<p>视频</p><iframe src=\"" + src + "\" title=\"发布会\" width=\"640\" "
                + "height=\"360\" allowfullscreen onload=\"alert(1)\"></iframe>").html();

        Element iframe = Jsoup.parseBodyFragment(clean).selectFirst("iframe");
        assertThat(iframe).as(clean).isNotNull();
        assertThat(iframe.attr("src")).isEqualTo(src);
        assertThat(iframe.attr("title")).isEqualTo("发布会");
        assertThat(iframe.hasAttr("onload")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://player.example.gov.cn/embed/42",
            "https://evil.example/embed/42",
            "https://player.example.gov.cn.evil.example/embed/42",
            "https://player.example.gov.cn@evil.example/embed/42",
            "//player.example.gov.cn/embed/42",
            "/embed/42",
            "javascript:alert(1)//https://player.example.gov.cn/",
            "data:text/html,<script>alert(1)</script>"})
    void anIframeFromAnywhereElseDoesNot(String src) {
        String clean = sanitizer.sanitize("<p>视频</p><iframe src=\"" + src + "\"></iframe>").html();

        assertThat(Jsoup.parseBodyFragment(clean).select("iframe")).as(clean).isEmpty();
    }
}
