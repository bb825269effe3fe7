package org.tongfa.channel.website;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** Preparing a sanitised body for the page: tables, figures, outside links, images it shows. */
class BodyHtmlTest {

    static final String SITE = "https://gov.example/site/";

    @Test
    void eachTableGetsAFocusableScrollBoxNamedByItsCaptionOrItsNumber() {
        BodyHtml body = BodyHtml.prepare("<table><caption>表1 资金</caption><tr><td>a</td></tr></table>"
                + "<table><tr><td>b</td></tr></table>", SITE, SITE);

        Document doc = Jsoup.parseBodyFragment(body.html());
        assertThat(doc.select("div.table-scroll[tabindex=0][role=region]").eachAttr("aria-label"))
                .containsExactly("表1 资金", "表格 2");
    }

    @Test
    void figuresAreMarkedForRightAlignmentAndWordsAreNot() {
        BodyHtml body = BodyHtml.prepare("<table><tr><td>1,234.50</td><td>-3%</td><td>12万元</td><td>¥100</td>"
                + "<td>第3项</td><td>合计</td></tr></table>", SITE, SITE);

        Document doc = Jsoup.parseBodyFragment(body.html());
        assertThat(doc.select("td.num").eachText()).containsExactly("1,234.50", "-3%", "12万元", "¥100");
    }

    @Test
    void onlyLinksToAnotherHostGoThroughTheirLeavingNotice() {
        BodyHtml body = BodyHtml.prepare("<p><a href=\"https://www.miit.gov.cn/a\">部</a> <a href=\"/site/x.html\">站内</a>"
                + " <a href=\"https://GOV.example/site/y.html\">本站</a> <a href=\"mailto:a@b.c\">信</a></p>",
                SITE, SITE + "elder/");

        Document doc = Jsoup.parseBodyFragment(body.html());
        assertThat(doc.select("a").eachAttr("href")).containsExactly(
                SITE + "elder/" + SitePaths.leave("https://www.miit.gov.cn/a"), "/site/x.html",
                "https://GOV.example/site/y.html", "mailto:a@b.c");
        assertThat(body.outsideLinks()).containsExactly("https://www.miit.gov.cn/a");
    }

    @Test
    void saysWhichImagesTheBodyAlreadyShows() {
        BodyHtml body = BodyHtml.prepare("<p><img src=\"https://gov.example/assets/a1\" alt=\"现场\"></p>", SITE, SITE);

        assertThat(body.showsImage("https://gov.example/assets/a1")).isTrue();
        assertThat(body.showsImage("https://gov.example/assets/a2")).isFalse();
    }
}
