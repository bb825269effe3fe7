package org.tongfa.console.preview;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tongfa.console.ConsoleTestSupport;

/**
 * The preview page in a real Chromium: each of a news item's channels as its own code renders it (the
 * website page and its elder mode in frames that carry the site's policy, the WeChat article at phone
 * width with its over-long title flagged and its outside link turned into text, the feeds' entries, the
 * lobby player in both orientations fed with this one item, the webhook's payload), with no axe-core
 * violation and nothing refused by a policy; and the shared link a reviewer opens without signing in,
 * while a forged or expired one is refused in Chinese.
 */
class PreviewChromiumTest extends ConsoleTestSupport {

    private static final String LONG_TITLE = "关于进一步做好今冬明春安全生产和消防工作切实保障人民群众生命财产安全的通知";

    @Autowired
    PreviewLinks links;

    @Test
    void everyChannelIsShownAsItWouldBeAndTheSharedLinkOpensWithoutSigningIn() {
        String title = LONG_TITLE + UUID.randomUUID().toString().substring(0, 4);
        HttpResponse<String> created = api("POST", "/api/v1/items", """
                {"title":"%s","summary":"今冬明春安全生产工作要点。","body":"<p>各地要落实责任。详见<a href=\\"https://example.org/rules\\">细则</a>。</p>",
                 "author":"王五","department":"应急管理局","column":"news","disclosure":{"type":"PROACTIVE"},
                 "indexNumber":"11440000-2026-%s","tags":["安全"]}""".formatted(title, UUID.randomUUID().toString().substring(0, 8)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).path("id").asString();

        Page page = signIn(DRAFTER);
        List<String> errors = consoleErrors(page);
        page.navigate(url("/console/items/" + id + "/preview"));
        assertThat(page.frameLocator("iframe[title='网站页面预览']").locator("h1").textContent()).isEqualTo(title);
        assertThat(page.frameLocator("iframe[title='网站长者模式预览']").locator("h1").textContent()).isEqualTo(title);
        assertThat(page.locator("#pv-wechat ~ .warnings").textContent()).contains("标题超出微信限制：最多 32 字");
        FrameLocator wechat = page.frameLocator("iframe[title='微信公众号文章预览（手机宽度）']");
        assertThat(wechat.locator(".wechat-content").textContent()).contains("细则（https://example.org/rules）");
        assertThat(wechat.locator("a").count()).as("outside links are text on WeChat").isZero();
        String rss = page.locator("pre[aria-label$=' RSS']").textContent();
        assertThat(rss).startsWith("<?xml").contains("<rss", "<title>" + title + "</title>");
        assertThat(page.locator("pre[aria-label$=' Atom']").textContent()).contains("<feed", title);
        assertThat(page.locator("pre[aria-label$=' JSON Feed']").textContent()).contains("\"items\"", title);
        String payload = page.locator("pre[aria-label^='推送接口']").textContent();
        assertThat(json(payload).path("type").asString()).isEqualTo("item.published");
        assertThat(json(payload).path("data").path("title").asString()).isEqualTo(title);
        for (String orientation : List.of("横屏", "竖屏")) {
            FrameLocator screen = page.frameLocator("iframe[title='大厅显示屏" + orientation + "预览']");
            screen.locator("#title").getByText(title).waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                    .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
            assertThat(screen.locator("body").getAttribute("class"))
                    .contains(orientation.equals("横屏") ? "landscape" : "portrait");
        }
        assertThat(axe(page)).as("preview page").isEmpty();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("生成审阅链接（72 小时有效，只读）")).click();
        String link = page.getByLabel("审阅链接", new Page.GetByLabelOptions().setExact(false)).inputValue();
        assertThat(link).startsWith("/console/shared-preview/");
        assertThat(errors).as("errors the browser reported").isEmpty();

        Page reviewer = newContext().newPage();
        List<String> sharedErrors = consoleErrors(reviewer);
        Response opened = reviewer.navigate(url(link));
        assertThat(opened.status()).isEqualTo(200);
        assertThat(reviewer.locator("h1").textContent()).contains(title);
        assertThat(reviewer.frameLocator("iframe[title='网站页面预览']").locator("h1").textContent()).isEqualTo(title);
        assertThat(reviewer.locator("form").count()).as("read-only: no form, not even sign-out").isZero();
        assertThat(sharedErrors).isEmpty();

        Response forged = reviewer.navigate(url(link.substring(0, link.length() - 2) + "xx"));
        assertThat(forged.status()).isEqualTo(404);
        assertThat(reviewer.locator("h1").textContent()).isEqualTo("预览链接无效");
        Response expired = reviewer.navigate(url("/console/shared-preview/" + links.sign(id, 1, Instant.now().minusSeconds(60))));
        assertThat(expired.status()).isEqualTo(410);
        assertThat(reviewer.locator("h1").textContent()).isEqualTo("预览链接已过期");
    }

    private static tools.jackson.databind.JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
