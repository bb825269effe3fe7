package org.tongfa.console.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tongfa.console.ConsoleTestSupport;
import org.tongfa.item.ReviewDesk;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;

/**
 * The review chain in the console, in a real Chromium: the inbox lists what waits for the person's step,
 * a reviewer returns an item with an opinion the history shows, a page left open on an old version is
 * refused in Chinese, the office approves the new version and the signer signs it; a policy's
 * confidentiality step asks its own checks. The history, diff, review and inbox pages pass axe-core.
 */
class ReviewChromiumTest extends ConsoleTestSupport {

    @Autowired
    ReviewDesk desk;

    static String item(String column, String title, String body) {
        return """
                {"title":"%s","summary":"摘要。","body":"%s","author":"王五","department":"办公室","column":"%s",
                 "disclosure":{"type":"PROACTIVE"},"indexNumber":"11440000-2026-%s","documentNumber":"示工信〔2026〕%s号",
                 "tags":["测试"]}"""
                .formatted(title, body, column, UUID.randomUUID().toString().substring(0, 8), Math.abs(title.hashCode()) % 1000);
    }

    static String create(String json) {
        HttpResponse<String> created = api("POST", "/api/v1/items", json);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).path("id").asString();
    }

    static void edit(String id, String json) {
        HttpResponse<String> saved = api("PUT", "/api/v1/items/" + id, json);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    }

    static void submit(String id) {
        HttpResponse<String> submitted = api("POST", "/api/v1/items/" + id + "/submit", null);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
    }

    private static void click(Page page, String button) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(button).setExact(true)).click();
    }

    @Test
    void aReviewerReturnsWithAnOpinionAStaleDecisionIsRefusedTheOfficeApprovesAndTheSignerSigns() {
        String title = "关于开展冬季安全检查的通知" + UUID.randomUUID().toString().substring(0, 4);
        String id = create(item("news", title, "<p>各单位要开展安全检查。</p>"));
        submit(id);

        Page reviewer = signIn(REVIEWER);
        List<String> errors = consoleErrors(reviewer);
        reviewer.navigate(url("/console/review"));
        assertThat(reviewer.locator("main").textContent()).contains("办公室审核", title, "第 1 版");
        assertThat(axe(reviewer)).as("inbox").isEmpty();
        reviewer.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(title)).click();
        reviewer.waitForURL(url("/console/items/" + id + "/review"));
        assertThat(reviewer.locator("main").textContent()).contains("首次送审", "各单位要开展安全检查");
        click(reviewer, "退回修改");
        assertThat(reviewer.locator("#opinion-error").textContent()).contains("退回时必须填写意见");
        reviewer.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("意见")).fill("请写明检查的时间和范围。");
        click(reviewer, "退回修改");
        reviewer.waitForURL(url("/console/items/" + id + "/review?done=returned"));
        assertThat(reviewer.locator(".review-history").textContent()).contains("退回", "王审核", "请写明检查的时间和范围。");
        assertThat(axe(reviewer)).as("review page after a return").isEmpty();

        edit(id, item("news", title, "<p>各单位要在十二月开展全面安全检查。</p>"));
        submit(id);
        reviewer.navigate(url("/console/items/" + id + "/review"));
        // The drafter saves again while the page is open: the decision names version 2 and is refused.
        edit(id, item("news", title, "<p>各单位要在十二月上旬开展全面安全检查。</p>"));
        submit(id);
        click(reviewer, "通过");
        assertThat(reviewer.getByRole(AriaRole.ALERT).textContent()).contains("稿件已改到第 3 版，您看的是第 2 版");
        reviewer.navigate(url("/console/items/" + id + "/review"));
        click(reviewer, "通过");
        reviewer.waitForURL(url("/console/items/" + id + "/review?done=approved"));
        assertThat(reviewer.locator(".chain").textContent()).contains("办公室审核：通过", "签发：待审核");

        Page signer = signIn(SIGNER);
        List<String> signerErrors = consoleErrors(signer);
        signer.navigate(url("/console/review"));
        signer.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(title)).click();
        click(signer, "签发");
        signer.waitForURL(url("/console/items/" + id + "/review?done=signed"));
        assertThat(signer.locator(".item-facts").textContent()).contains("已签发");

        signer.navigate(url("/console/items/" + id + "/history"));
        assertThat(signer.locator("table.versions tbody tr").count()).isEqualTo(3);
        assertThat(axe(signer)).as("history").isEmpty();
        signer.getByLabel("从第 1 版").check();
        signer.getByLabel("到第 3 版").check();
        click(signer, "比较所选版本");
        signer.waitForURL(u -> u.contains("/console/items/" + id + "/history/diff?") && u.contains("from=1")
                && u.contains("to=3"));
        assertThat(signer.locator(".body-diff ins").first().textContent()).isEqualTo("新增：在十二月上旬");
        assertThat(signer.locator(".body-diff ins").allTextContents()).contains("新增：全面");
        assertThat(axe(signer)).as("diff").isEmpty();
        assertThat(errors).isEmpty();
        assertThat(signerErrors).isEmpty();
    }

    @Test
    void theReviewPageListsThePrePublishChecksAndAnApprovalWithWarningsNeedsANote() {
        String title = "关于报送年度统计数据的通知" + UUID.randomUUID().toString().substring(0, 4);
        // A deadline years ahead of the release: the date check warns (提示), it does not block.
        String id = create(item("news", title, "<p>请各单位于2099年12月31日前报送统计数据。</p>"));
        submit(id);

        Page reviewer = signIn(REVIEWER);
        List<String> errors = consoleErrors(reviewer);
        reviewer.navigate(url("/console/items/" + id + "/review"));
        Locator finding = reviewer.locator("table.findings tbody tr").first();
        assertThat(finding.textContent()).contains("提示", "日期", "正文", "2099");
        assertThat(axe(reviewer)).as("review page with a finding").isEmpty();
        click(reviewer, "通过");
        assertThat(reviewer.locator("#acknowledgement-error").textContent()).contains("须填写确认说明");
        assertThat(reviewer.locator(".chain").textContent()).as("nothing approved").contains("办公室审核：待审核");
        assertThat(axe(reviewer)).as("the note's error").isEmpty();
        reviewer.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("对检查提示的确认说明"))
                .fill("截止日期为通知所定，无误。");
        click(reviewer, "通过");
        reviewer.waitForURL(url("/console/items/" + id + "/review?done=approved"));
        assertThat(reviewer.locator(".chain").textContent()).contains("办公室审核：通过");
        HttpResponse<String> trail = api("GET", "/api/v1/audit?item=" + id, null);
        assertThat(trail.body()).as("the note is in the audit trail").contains("截止日期为通知所定，无误。");
        assertThat(errors).isEmpty();
    }

    @Test
    void theConfidentialityStepConfirmsEachCheckBeforeApprovingAPolicy() {
        String title = "关于印发数据管理办法的通知" + UUID.randomUUID().toString().substring(0, 4);
        String id = create(item("policies", title, "<p>第一条 为规范数据管理，制定本办法。</p>"));
        submit(id);
        desk.decide(id, new ReviewDesk.Decide(ReviewDesk.Verdict.APPROVE, "office", 1, null, null, null, null),
                Caller.everywhere(REVIEWER, "王审核", Set.of(Role.REVIEWER)));

        Page secrecy = signIn(SECRECY);
        List<String> errors = consoleErrors(secrecy);
        secrecy.navigate(url("/console/items/" + id + "/review"));
        assertThat(secrecy.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("保密审查")).isVisible()).isTrue();
        secrecy.getByLabel("不涉及国家秘密").check();
        click(secrecy, "通过");
        assertThat(secrecy.locator("#secrecy-error").textContent()).contains("须确认以上各项均不涉及");
        assertThat(secrecy.getByLabel("不涉及国家秘密").isChecked()).as("what was ticked is kept").isTrue();
        assertThat(axe(secrecy)).as("the confidentiality form with its error").isEmpty();
        secrecy.getByLabel("不涉及工作秘密").check();
        secrecy.getByLabel("不涉及个人隐私和商业秘密").check();
        secrecy.getByLabel("审查依据").fill("本单位保密事项范围");
        click(secrecy, "通过");
        secrecy.waitForURL(url("/console/items/" + id + "/review?done=approved"));
        assertThat(secrecy.locator(".review-history").textContent())
                .contains("不涉密：不涉及国家秘密；不涉及工作秘密；不涉及个人隐私和商业秘密。审查依据：本单位保密事项范围");
        assertThat(errors).isEmpty();
    }
}
