package org.tongfa.channel.wechat;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.tongfa.channel.wechat.WeChatTestSupport.CHANNEL;
import static org.tongfa.channel.wechat.WeChatTestSupport.SECRET;
import static org.tongfa.channel.wechat.WeChatTestSupport.TITLE;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import me.chanjar.weixin.mp.bean.draft.WxMpDraftArticles;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.DeliveryProgress;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.GiveUpException;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestDatabases;

class WeChatArticlesTest {

    @RegisterExtension
    static final WireMockExtension wechat = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final String UPLOADED = WeChatTestSupport.UPLOADED_IMAGE;

    @TempDir
    Path tempDir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    private WeChatStore store;

    @BeforeEach
    void setUp() {
        store = new WeChatStore(JdbcClient.create(TestDatabases.migrated(TestDatabases.h2Url())));
        WeChatTestSupport.stubTokenAndUploads(wechat);
    }

    private WeChatArticles articles(String... keysAndValues) {
        WeChatChannelProperties settings = WeChatTestSupport.settings(keysAndValues);
        WeChatCalls calls = new WeChatCalls(CHANNEL, new WeChatErrors(CHANNEL, SECRET), clock);
        return new WeChatArticles(CHANNEL, settings,
                new WeChatMedia(CHANNEL, settings, WeChatTestSupport.wx(wechat.baseUrl()), store, calls, clock, tempDir));
    }

    private static Dispatch dispatch(ItemSnapshot item) {
        return WeChatTestSupport.dispatch(7, Action.PUBLISH, 1, null, DeliveryProgress.inMemory(), item);
    }

    /** The test item with another title and body. */
    private static ItemSnapshot item(String title, String body) {
        ItemSnapshot i = WeChatTestSupport.item(TITLE);
        return new ItemSnapshot(i.itemId(), i.version(), title, i.summary(), body, i.author(), i.department(), i.column(),
                i.columnName(), i.disclosureType(), i.indexNumber(), i.documentNumber(), i.cover(), i.images(), i.tags(),
                i.priority(), i.publishedAt(), i.updatedAt(), i.expireAt(), i.related());
    }

    private static int uploads() {
        return wechat.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/media/uploadimg"))).size()
                + wechat.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/material/add_material"))).size();
    }

    @Test
    void buildsANewsArticleWithWeChatHostedImagesTheCoverAndLinksAsText() throws Exception {
        WxMpDraftArticles article = articles().article(dispatch(WeChatTestSupport.item(TITLE)));

        assertThat(article.getArticleType()).isEqualTo("news");
        assertThat(article.getTitle()).isEqualTo(TITLE);
        assertThat(article.getAuthor()).isEqualTo("王五");
        assertThat(article.getDigest()).isEqualTo("防汛工作安排");
        assertThat(article.getThumbMediaId()).isEqualTo("THUMB-1");
        assertThat(article.getContentSourceUrl()).isNull();
        assertThat(article.getNeedOpenComment()).isZero();
        List<String> sources = new ArrayList<>();
        Jsoup.parseBodyFragment(article.getContent()).select("img").forEach(img -> sources.add(img.attr("src")));
        assertThat(sources).containsExactly(UPLOADED, UPLOADED);
        assertThat(article.getContent()).doesNotContain("tongfa.example").doesNotContain("<a ")
                .contains("国务院政策（https://www.gov.cn/zhengce）").contains("max-width:100%;height:auto;");
    }

    @Test
    void linksReadTheOriginalToTheItemsPageWhenASourceUrlIsConfigured() throws Exception {
        WxMpDraftArticles article = articles("source-url", "https://www.example.gov.cn/site/items/{itemId}.html")
                .article(dispatch(WeChatTestSupport.item(TITLE)));

        assertThat(article.getContentSourceUrl()).isEqualTo("https://www.example.gov.cn/site/items/item-42.html");
    }

    @Test
    void dropsWhatWeChatDoesNotRenderAndKeepsLinksIntoWeChat() throws Exception {
        String body = "<p>通知<script>alert(1)</script></p><iframe src=\"https://x.example\"></iframe>"
                + "<p><a href=\"https://mp.weixin.qq.com/s/earlier\">上期</a> <a href=\"https://www.gov.cn\">https://www.gov.cn</a></p>";

        String content = articles().article(dispatch(item(TITLE, body))).getContent();

        assertThat(content).doesNotContain("script").doesNotContain("iframe")
                .contains("<a href=\"https://mp.weixin.qq.com/s/earlier\">上期</a>")
                .contains(" https://www.gov.cn</p>");
    }

    @Test
    void refusesABodyImageThatIsNotAnUploadedAssetRatherThanLetItVanish() {
        String body = "<p>图</p><img src=\"https://elsewhere.example/photo.png\">";

        GiveUpException refused = catchThrowableOfType(GiveUpException.class,
                () -> articles().article(dispatch(item(TITLE, body))));

        assertThat(refused).hasMessageContaining("https://elsewhere.example/photo.png").hasMessageContaining("不是本系统上传的图片");
        assertThat(uploads()).isZero();
    }

    @Test
    void refusesATitleLongerThanWeChatAllowsBeforeUploadingAnything() {
        GiveUpException refused = catchThrowableOfType(GiveUpException.class,
                () -> articles().article(dispatch(item("标".repeat(33), "<p>正文</p>"))));

        assertThat(refused).hasMessageContaining("Shorten it or give the item a WeChat override");
        assertThat(uploads()).isZero();
    }
}
