package org.tongfa.channel.wechat;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.tongfa.channel.wechat.WeChatTestSupport.CHANNEL;
import static org.tongfa.channel.wechat.WeChatTestSupport.COVER;
import static org.tongfa.channel.wechat.WeChatTestSupport.PNG;
import static org.tongfa.channel.wechat.WeChatTestSupport.SECRET;
import static org.tongfa.channel.wechat.WeChatTestSupport.dispatchWith;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.delivery.DeliveryProgress;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.GiveUpException;
import org.tongfa.support.ImageBombs;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestDatabases;

class WeChatMediaTest {

    @RegisterExtension
    static final WireMockExtension wechat = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final String UPLOADIMG = "/cgi-bin/media/uploadimg";
    private static final String ADD_MATERIAL = "/cgi-bin/material/add_material";

    @TempDir
    Path tempDir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    private WeChatStore store;

    @BeforeEach
    void setUp() {
        store = new WeChatStore(JdbcClient.create(TestDatabases.migrated(TestDatabases.h2Url())));
        WeChatTestSupport.stubTokenAndUploads(wechat);
    }

    private WeChatMedia media(String... settings) {
        WeChatErrors errors = new WeChatErrors(CHANNEL, SECRET);
        return new WeChatMedia(CHANNEL, WeChatTestSupport.settings(settings), WeChatTestSupport.wx(wechat.baseUrl()),
                store, new WeChatCalls(CHANNEL, errors, clock), clock, tempDir);
    }

    private static int calls(String path) {
        return wechat.findAll(postRequestedFor(urlPathEqualTo(path))).size();
    }

    private static Dispatch withCover(byte[] cover) {
        return dispatchWith(7, PNG, cover, DeliveryProgress.inMemory());
    }

    @Test
    void uploadsABodyImageOnceAndAnswersItsWeChatUrlFromTheCacheAfterwards() throws Exception {
        WeChatMedia media = media();
        Dispatch dispatch = withCover(COVER);

        String first = media.imageUrl(dispatch, dispatch.item().images().get(0));
        String again = media.imageUrl(withCover(COVER), dispatch.item().images().get(0));

        assertThat(first).isEqualTo(WeChatTestSupport.UPLOADED_IMAGE);
        assertThat(again).isEqualTo(first);
        assertThat(calls(UPLOADIMG)).isEqualTo(1);
        assertThat(calls(ADD_MATERIAL)).isZero();
    }

    @Test
    void uploadsTheCoverOnceAsAPermanentImageMaterial() throws Exception {
        WeChatMedia media = media();

        String first = media.coverMediaId(withCover(COVER));
        String again = media.coverMediaId(withCover(COVER));

        assertThat(first).isEqualTo("THUMB-1");
        assertThat(again).isEqualTo("THUMB-1");
        assertThat(calls(ADD_MATERIAL)).isEqualTo(1);
        wechat.verify(postRequestedFor(urlPathEqualTo(ADD_MATERIAL)).withQueryParam("type", equalTo("image")));
        assertThat(tempDir).isEmptyDirectory();
    }

    @Test
    void takesTheDefaultCoverFileWhenTheItemHasNone() throws Exception {
        Path cover = Files.write(tempDir.resolve("default-cover.png"), COVER);

        String mediaId = media("default-cover", cover.toString()).coverMediaId(withCover(null));

        assertThat(mediaId).isEqualTo("THUMB-1");
        assertThat(calls(ADD_MATERIAL)).isEqualTo(1);
    }

    @Test
    void refusesADefaultCoverOverTenMegabytesWithoutUploadingIt() throws IOException {
        Path cover = Files.write(tempDir.resolve("huge.png"), new byte[(int) WeChatMedia.MAX_DEFAULT_COVER_BYTES + 1]);

        GiveUpException refused = catchThrowableOfType(GiveUpException.class,
                () -> media("default-cover", cover.toString()).coverMediaId(withCover(null)));

        assertThat(refused).hasMessageContaining("超过 10 MB").hasMessageContaining("tongfa.channels.gzh.default-cover");
        assertThat(calls(ADD_MATERIAL)).isZero();
    }

    @Test
    void givesUpWhenTheItemHasNoCoverAndNoDefaultIsConfigured() {
        GiveUpException refused = catchThrowableOfType(GiveUpException.class, () -> media().coverMediaId(withCover(null)));

        assertThat(refused).hasMessageContaining("稿件没有封面").hasMessageContaining("set tongfa.channels.gzh.default-cover");
    }

    @Test
    void givesUpNamingAnImageThatCannotBeMadeAcceptableToWeChat() {
        byte[] bomb = ImageBombs.png(10_000, 10_000, 16, ImageBombs.RGBA, 1, 1_100_000);

        GiveUpException refused = catchThrowableOfType(GiveUpException.class, () -> media().coverMediaId(withCover(bomb)));

        assertThat(refused).hasMessageContaining("图片 cover-image").hasMessageContaining("10000x10000");
        assertThat(calls(ADD_MATERIAL)).isZero();
    }
}
