package org.tongfa.console.report;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.tongfa.console.ConsoleTestSupport;

/**
 * The annual report's console page in Chromium: the home page's reminder, the form refusing a sum in
 * Chinese naming the cell, saving, the charts drawn, publication, the Word export, and a reviewer's
 * read-only view; axe-core finds nothing on each state.
 */
class AnnualReportChromiumTest extends ConsoleTestSupport {

    @Test
    void theSignerIsRemindedEntersIsRefusedInChineseSavesAndPublishes() throws IOException {
        Page page = signIn(SIGNER);
        List<String> errors = consoleErrors(page);
        page.reload();
        // The machine's year has begun, and last year's report is published by no test.
        Locator reminder = page.locator("#home-annual-report");
        int due = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).getYear() - 1;
        assertThat(reminder.textContent()).contains(due + "年政府信息公开工作年度报告尚未公开", (due + 1) + "年1月31日前");
        assertThat(axe(page)).isEmpty();

        page.navigate(url("/console/reports/annual/2018"));
        assertThat(page.locator("h1").textContent()).isEqualTo("2018年政府信息公开工作年度报告");
        page.getByLabel("一、总体情况", new Page.GetByLabelOptions().setExact(true)).fill("本年度，本局坚持以公开为常态。");
        Locator total = page.locator("[id='requests.3.7.total']");
        total.fill("5");
        Response refused = page.waitForResponse(r -> r.request().method().equals("POST"),
                () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("保存")).click());
        assertThat(refused.status()).isEqualTo(422);
        Locator summary = page.locator("#form-errors");
        assertThat(summary.textContent()).contains("处填写有误，未保存", "“（七）总计”行“总计”列填写为 5，应为（一）至（六）各项之和 0");
        total = page.locator("[id='requests.3.7.total']");
        assertThat(total.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(total.inputValue()).isEqualTo("5");
        assertThat(page.getByLabel("一、总体情况", new Page.GetByLabelOptions().setExact(true)).inputValue()).isEqualTo("本年度，本局坚持以公开为常态。");
        assertThat(axe(page)).isEmpty();

        total.fill("");
        page.locator("[id='requests.1.naturalPerson']").fill("3");
        page.locator("[id='requests.1.total']").fill("3");
        page.locator("[id='requests.3.1.naturalPerson']").fill("2");
        page.locator("[id='requests.3.1.total']").fill("2");
        page.locator("[id='requests.3.7.naturalPerson']").fill("2");
        page.locator("[id='requests.3.7.total']").fill("2");
        page.locator("[id='requests.4.naturalPerson']").fill("1");
        page.locator("[id='requests.4.total']").fill("1");
        page.getByLabel("第二十条第（五）项 行政许可 本年处理决定数量").fill("7");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("保存")).click();
        assertThat(page.locator(".message.success")).containsText("已保存");
        assertThat(page.locator("[id='requests.3.7.total']").inputValue()).isEqualTo("2");
        page.locator("#chart-months[data-drawn=true]").waitFor();
        page.locator("#chart-channels[data-drawn=true]").waitFor();
        assertThat(page.locator("#chart-months canvas").count()).isEqualTo(1);
        assertThat(axe(page)).isEmpty();

        APIResponse docx = page.request().get(url("/console/reports/annual/2018/docx"));
        assertThat(docx.status()).isEqualTo(200);
        try (XWPFDocument document = new XWPFDocument(new ByteArrayInputStream(docx.body()))) {
            assertThat(document.getTables().get(3).getRow(1).getCell(1).getText()).isEqualTo("7");
        }

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("公开报告（固定数字）")).click();
        // The save's message stays on the page until the release's answer replaces it: wait for the new words.
        assertThat(page.locator(".message.success")).containsText("已公开");
        assertThat(page.locator("#report-state").textContent()).contains("以下数字已固定");
        assertThat(page.locator("[id='requests.1.total']").isDisabled()).isTrue();
        assertThat(axe(page)).isEmpty();
        // The refused form's page is answered 422, which Chromium logs; nothing else went wrong.
        assertThat(errors).containsExactly("Failed to load resource: the server responded with a status of 422 ()");
    }

    @Test
    void aReviewerReadsTheReportButHasNoForm() {
        Page page = signIn(REVIEWER);
        List<String> errors = consoleErrors(page);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("年报").setExact(true)).click();
        page.waitForURL(url("/console/reports/annual/" + (java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"))
                .getYear() - 1)));
        assertThat(page.locator("[id='requests.1.total']").isDisabled()).isTrue();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("保存")).count()).isZero();
        assertThat(page.locator("body").textContent()).contains("仅签发人和管理员可以填报");
        APIResponse post = page.request().post(url("/console/reports/annual/2017"));
        assertThat(post.status()).isEqualTo(403);
        APIResponse future = page.request().get(url("/console/reports/annual/2999"));
        assertThat(future.status()).isEqualTo(404);
        assertThat(future.text()).contains("没有这一年度的报告", "年度应在 2008 至");
        assertThat(axe(page)).isEmpty();
        assertThat(errors).isEmpty();
    }
}
