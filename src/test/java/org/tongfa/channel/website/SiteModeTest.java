package org.tongfa.channel.website;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reading modes' prefixes, languages and the traditional conversion (OpenCC's tables). */
class SiteModeTest {

    @Test
    void traditionalConvertsTheTextAndLeavesMarkupUrlsAndKeptPartsAlone() {
        String page = "<a href=\"https://gov.example/site/hant/columns/news/index.html\" class=\"nav\">工作动态</a>"
                + "<p>关于促进制造业发展的通知</p>" + SiteMode.keep("简体版");

        assertThat(SiteMode.TRADITIONAL.convert(page)).isEqualTo(
                "<a href=\"https://gov.example/site/hant/columns/news/index.html\" class=\"nav\">工作動態</a>"
                        + "<p>關於促進製造業發展的通知</p>简体版");
    }

    @Test
    void theOtherModesOnlyDropTheMarks() {
        assertThat(SiteMode.STANDARD.convert("发展" + SiteMode.keep("繁體版"))).isEqualTo("发展繁體版");
        assertThat(SiteMode.ELDER.convert("发展")).isEqualTo("发展");
    }

    @Test
    void eachModeHasItsPrefixAndLanguage() {
        assertThat(SiteMode.STANDARD.prefix()).isEmpty();
        assertThat(SiteMode.ELDER.prefix()).isEqualTo("elder/");
        assertThat(SiteMode.TRADITIONAL.prefix()).isEqualTo("hant/");
        assertThat(SiteMode.ELDER.language("zh-CN")).isEqualTo("zh-CN");
        assertThat(SiteMode.TRADITIONAL.language("zh-CN")).isEqualTo("zh-Hant");
    }

    @Test
    void aRepeatedTextIsConvertedTheSameWay() {
        assertThat(Traditional.convert("网站地图 联系我们")).isEqualTo(Traditional.convert("网站地图 联系我们"))
                .isEqualTo("網站地圖 聯繫我們");
    }
}
