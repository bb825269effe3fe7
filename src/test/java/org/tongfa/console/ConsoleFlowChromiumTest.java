package org.tongfa.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The acceptance flow in a real Chromium, through the console only: a drafter writes a news item
 * with an image and submits it, the office returns it with an opinion, the drafter reads the opinion on the
 * home page, fixes it and resubmits, the office approves, the signer signs, the drafter publishes; the
 * operator's open delivery matrix turns each cell to 已送达 live, the failing webhook partner's error shows
 * in Chinese and the operator's retry delivers once it recovers. Then the same steps with the keyboard only.
 * Every page visited is checked with axe (with its data) and no page reports a browser error.
 */
class ConsoleFlowChromiumTest extends ConsoleTestSupport {

    private static final Pattern ID = Pattern.compile(".*/console/items/([0-9a-f-]{36})\\?saved");
    private static final LocatorAssertions.HasTextOptions LIVE = new LocatorAssertions.HasTextOptions().setTimeout(10_000);

    /** Every page's browser errors, checked at the end. */
    private final List<List<String>> errors = new ArrayList<>();

    private Page person(String login) {
        Page page = signIn(login);
        errors.add(consoleErrors(page));
        return page;
    }

    private static void accessible(Page page) {
        assertThat(axe(page)).as("axe on " + page.url()).isEmpty();
    }

    private static void press(Page page, String button) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(button).setExact(true)).first().click();
    }

    private static Locator cell(Page matrix, String channel) {
        return matrix.locator("td.cell[id$='-" + channel + "']");
    }

    private static byte[] png() {
        BufferedImage image = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anItemGoesFromDraftThroughReturnReviewAndSignOffToEveryChannelAndARetryDeliversTheFailedOne() {
        String title = "全市冬季供暖工作启动";
        Page drafter = person(DRAFTER);
        accessible(drafter);
        drafter.navigate(url("/console/items/new"));
        drafter.getByLabel("标题", new Page.GetByLabelOptions().setExact(true)).fill(title);
        drafter.getByLabel("摘要", new Page.GetByLabelOptions().setExact(true)).fill("11 月 15 日起全市集中供暖。");
        drafter.locator(".ql-editor").click();
        drafter.keyboard().type("供暖期为 11 月 15 日至次年 3 月 15 日。");
        drafter.locator("#image-file").setInputFiles(new FilePayload("heating.png", "image/png", png()));
        drafter.getByLabel("替代文字（必填）").fill("供暖管网示意图");
        press(drafter, "上传并插入正文");
        assertThat(drafter.locator(".ql-editor img[alt='供暖管网示意图']")).hasCount(1);
        drafter.getByLabel("栏目").selectOption("news");
        drafter.getByLabel("发布机构").fill("市城市管理局");
        drafter.getByLabel("索引号").fill("FLOW-2026-1");
        accessible(drafter);
        press(drafter, "保存");
        drafter.waitForURL(ID);
        String id = ID.matcher(drafter.url()).replaceAll("$1");
        assertThat(json(api("GET", "/api/v1/items/" + id, null)).path("body").asString())
                .containsPattern("<img[^>]+alt=\"供暖管网示意图\"");
        accessible(drafter);
        press(drafter, "提交审核");
        drafter.waitForURL(url("/console/items/" + id + "?submitted"));
        accessible(drafter);

        // The office returns it with an opinion.
        Page reviewer = person(REVIEWER);
        reviewer.navigate(url("/console/review"));
        accessible(reviewer);
        reviewer.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(title)).click();
        reviewer.waitForURL(url("/console/items/" + id + "/review"));
        accessible(reviewer);
        reviewer.getByLabel("意见", new Page.GetByLabelOptions().setExact(true)).fill("请写明供暖热线电话。");
        press(reviewer, "退回修改");
        reviewer.waitForURL(url("/console/items/" + id + "/review?done=returned"));
        accessible(reviewer);

        // The drafter reads the opinion on the home page, fixes the item and resubmits it.
        drafter.navigate(url("/console/"));
        Locator returned = drafter.locator("#home-returned tr", new Page.LocatorOptions().setHasText(title));
        assertThat(returned).containsText("请写明供暖热线电话。");
        assertThat(returned).containsText("王审核");
        accessible(drafter);
        drafter.navigate(url("/console/items/" + id));
        drafter.locator(".ql-editor p").last().click();
        drafter.keyboard().press("End");
        drafter.keyboard().type("供暖热线：12345。");
        press(drafter, "保存");
        drafter.waitForURL(url("/console/items/" + id + "?saved"));
        assertThat(drafter.locator(".editor-meta")).containsText("第 2 版");
        press(drafter, "提交审核");
        drafter.waitForURL(url("/console/items/" + id + "?submitted"));

        // The office approves, the signer signs.
        reviewer.navigate(url("/console/items/" + id + "/review"));
        accessible(reviewer);
        press(reviewer, "通过");
        reviewer.waitForURL(url("/console/items/" + id + "/review?done=approved"));
        accessible(reviewer);
        Page signer = person(SIGNER);
        signer.navigate(url("/console/review"));
        signer.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(title)).click();
        signer.waitForURL(url("/console/items/" + id + "/review"));
        accessible(signer);
        press(signer, "签发");
        signer.waitForURL(url("/console/items/" + id + "/review?done=signed"));
        accessible(signer);

        // The operator watches the matrix while the drafter publishes; the partner fails first.
        partner.stubFor(post("/nanfang").willReturn(aResponse().withStatus(500)));
        Page operator = person(OPERATOR);
        String matrix = url("/console/deliveries?item=" + id);
        operator.navigate(matrix);
        // The news column's channels (ConsoleTestSupport): each cell waits for its first delivery.
        List<String> channels = List.of("archive", "website", "feeds", "display", "nanfang");
        channels.forEach(channel -> assertThat(cell(operator, channel).locator(".status")).hasText("未投放"));
        accessible(operator);
        drafter.navigate(url("/console/items/" + id));
        accessible(drafter);
        press(drafter, "发布");
        drafter.waitForURL(url("/console/items/" + id + "?published"));
        accessible(drafter);
        for (String channel : channels) {
            if (!channel.equals("nanfang")) {
                assertThat(cell(operator, channel).locator(".status")).hasText("已送达", LIVE);
            }
        }
        assertThat(cell(operator, "nanfang")).containsText("对方服务器出错（HTTP 500）",
                new LocatorAssertions.ContainsTextOptions().setTimeout(10_000));
        accessible(operator);

        partner.resetAll();
        partner.stubFor(post("/nanfang").willReturn(aResponse().withStatus(200)));
        cell(operator, "nanfang").getByRole(AriaRole.BUTTON).click();
        assertThat(cell(operator, "nanfang").locator(".status")).hasText("已送达", LIVE);
        assertThat(operator.url()).as("no reload").isEqualTo(matrix);
        accessible(operator);
        errors.forEach(e -> assertThat(e).isEmpty());
    }

    /** Presses {@code key} (Tab or Shift+Tab) until the focused element matches the CSS selector {@code target}. */
    private static void focus(Page page, String key, String target) {
        String test = "document.activeElement && document.activeElement.matches(\"" + target + "\")";
        for (int i = 0; i < 200; i++) {
            if (Boolean.TRUE.equals(page.evaluate(test))) {
                return;
            }
            page.keyboard().press(key);
        }
        throw new AssertionError(key + " never reached " + target + " on " + page.url());
    }

    private static void tabTo(Page page, String target) {
        focus(page, "Tab", target);
    }

    /** Backwards: from a page just loaded (nothing focused) Shift+Tab starts at its end. */
    private static void backTo(Page page, String target) {
        focus(page, "Shift+Tab", target);
    }

    private Page keyboardSignIn(String login) {
        Page page = newContext().newPage();
        errors.add(consoleErrors(page));
        page.navigate(url("/console/login"));
        tabTo(page, "#login");
        page.keyboard().type(login);
        page.keyboard().press("Tab");
        page.keyboard().type(PASSWORD);
        page.keyboard().press("Enter");
        page.waitForURL(url("/console/"));
        return page;
    }

    /** Follows the link {@code selector} with Tab and Enter, and waits for the page it leads to. */
    private static void follow(Page page, String selector, String expected) {
        tabTo(page, selector);
        page.keyboard().press("Enter");
        page.waitForURL(url(expected));
        accessible(page);
    }

    @Test
    void theSameFlowWorksWithTheKeyboardOnly() {
        String title = "键盘完成的春节假期通知";
        Page drafter = keyboardSignIn(DRAFTER);
        follow(drafter, "nav a[href='/console/items']", "/console/items");
        follow(drafter, "#new-item", "/console/items/new");
        // Walking back from the end of the page (Shift+Tab), as a person correcting from the bottom would.
        backTo(drafter, "#f-indexNumber");
        drafter.keyboard().type("KEY-FLOW-1");
        backTo(drafter, "#f-department");
        drafter.keyboard().type("市政府办公室");
        backTo(drafter, "#f-column");
        drafter.keyboard().press("ArrowDown");
        backTo(drafter, ".ql-editor");
        drafter.keyboard().type("春节假期为 7 天。");
        backTo(drafter, "#f-title");
        drafter.keyboard().type(title);
        drafter.keyboard().press("Enter");
        drafter.waitForURL(ID);
        String id = ID.matcher(drafter.url()).replaceAll("$1");
        JsonNode item = json(api("GET", "/api/v1/items/" + id, null));
        assertThat(item.path("title").asString()).isEqualTo(title);
        assertThat(item.path("body").asString()).contains("春节假期为 7 天。");
        assertThat(item.path("column").asString()).isEqualTo("news");
        accessible(drafter);
        backTo(drafter, "form[action$='/submit'] button");
        drafter.keyboard().press("Enter");
        drafter.waitForURL(url("/console/items/" + id + "?submitted"));

        Page reviewer = keyboardSignIn(REVIEWER);
        follow(reviewer, "nav a[href='/console/review']", "/console/review");
        follow(reviewer, "a[href='/console/items/" + id + "/review']", "/console/items/" + id + "/review");
        tabTo(reviewer, "button[value='APPROVE']");
        reviewer.keyboard().press("Space");
        reviewer.waitForURL(url("/console/items/" + id + "/review?done=approved"));
        accessible(reviewer);

        Page signer = keyboardSignIn(SIGNER);
        follow(signer, "nav a[href='/console/review']", "/console/review");
        follow(signer, "a[href='/console/items/" + id + "/review']", "/console/items/" + id + "/review");
        tabTo(signer, "button[value='APPROVE']");
        assertThat(signer.locator("button[value='APPROVE']")).hasText("签发");
        signer.keyboard().press("Enter");
        signer.waitForURL(url("/console/items/" + id + "/review?done=signed"));
        accessible(signer);

        follow(drafter, "nav a[href='/console/items']", "/console/items");
        follow(drafter, "a[href='/console/items/" + id + "']", "/console/items/" + id);
        backTo(drafter, "form[action$='/publish'] button");
        drafter.keyboard().press("Enter");
        drafter.waitForURL(url("/console/items/" + id + "?published"));
        accessible(drafter);
        assertThat(json(api("GET", "/api/v1/items/" + id, null)).path("status").asString()).isEqualTo("PUBLISHED");
        errors.forEach(e -> assertThat(e).isEmpty());
    }

}
