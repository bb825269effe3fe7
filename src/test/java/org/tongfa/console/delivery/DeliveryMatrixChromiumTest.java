package org.tongfa.console.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.context.PayloadApplicationEvent;
import org.tongfa.delivery.DeliveryChanges;

/**
 * The delivery matrix and the retraction page in a real Chromium, with the page open while the ledger
 * changes: cells turn live (no reload), a failing partner's error is in Chinese, an operator's retry
 * delivers once the partner recovers, a signer's retraction shows each channel's result as it arrives.
 */
class DeliveryMatrixChromiumTest extends DeliveryConsoleSupport {

    @Autowired
    ConfigurableApplicationContext context;

    private static Locator cell(Page page, String item, String channel) {
        return page.locator("#" + MatrixCell.domId(item, channel));
    }

    @Test
    void cellsTurnDeliveredLiveAFailingPartnerIsExplainedInChineseAndTheOperatorsRetryDeliversIt() {
        partner.stubFor(post("/nanfang").willReturn(aResponse().withStatus(500)));
        String id = approvedNewsItem("实时投递测试", "archive", "website", "nanfang");
        Page page = signIn(OPERATOR);
        List<String> errors = consoleErrors(page);
        page.navigate(url("/console/deliveries?item=" + id));
        assertThat(cell(page, id, "nanfang").textContent()).contains("未投放");
        // When the ledger announces the nanfang row delivered (after its commit), by the server's clock.
        List<Long> announced = new java.util.concurrent.CopyOnWriteArrayList<>();
        ApplicationListener<PayloadApplicationEvent<DeliveryChanges.Changed>> listener =
                event -> announced.add(System.currentTimeMillis());
        ApplicationEventMulticaster multicaster = context.getBean(ApplicationEventMulticaster.class);
        multicaster.addApplicationListener(listener);
        ok(api("POST", "/api/v1/items/" + id + "/publish", "{}"));

        cell(page, id, "archive").getByText("已送达").waitFor();
        cell(page, id, "website").getByText("已送达").waitFor();
        cell(page, id, "nanfang").getByText("失败待重试").waitFor();
        assertThat(cell(page, id, "nanfang").textContent()).contains("对方服务器出错（HTTP 500）").contains("下次尝试");
        assertThat(cell(page, id, "website").locator("a.remote").getAttribute("href")).startsWith("http://localhost:");
        assertThat(axe(page)).as("matrix with data").isEmpty();

        partner.resetAll();
        partner.stubFor(post("/nanfang").willReturn(aResponse().withStatus(200)));
        page.evaluate("""
                (id) => { window.turned = 0; const td = () => document.getElementById(id);
                  new MutationObserver(() => { if (!window.turned && td() && td().textContent.includes('已送达')) window.turned = Date.now(); })
                    .observe(document.querySelector('table.matrix'), {subtree: true, childList: true, characterData: true}); }""",
                MatrixCell.domId(id, "nanfang"));
        cell(page, id, "nanfang").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).click();
        cell(page, id, "nanfang").getByText("已送达").waitFor();
        assertThat(page.locator("#notice").textContent()).contains("将立即重试");
        multicaster.removeApplicationListener(listener);
        long turned = ((Number) page.evaluate("() => window.turned")).longValue();
        long change = announced.stream().filter(t -> t <= turned).max(Long::compare).orElse(0L);
        System.out.println("[measure] ledger change (after commit) to cell update in the browser: "
                + (turned - change) + " ms");
        assertThat(page.url()).as("no reload").isEqualTo(url("/console/deliveries?item=" + id));
        assertThat(partner.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/nanfang")))).hasSize(1);
        assertThat(errors).isEmpty();
    }

    @Test
    void aSignersRetractionShowsEachChannelsResultLiveAndEditorsSeeNoActionButtons() {
        partner.stubFor(post("/nanfang").willReturn(aResponse().withStatus(400).withBody("bad")));
        String id = approvedNewsItem("撤回测试", "archive", "nanfang");
        ok(api("POST", "/api/v1/items/" + id + "/publish", "{}"));

        Page editor = signIn(DRAFTER);
        List<String> editorErrors = consoleErrors(editor);
        editor.navigate(url("/console/deliveries?item=" + id));
        cell(editor, id, "nanfang").getByText("失败", new Locator.GetByTextOptions().setExact(true)).waitFor();
        assertThat(editor.locator("main form.act").count()).isZero();
        assertThat(editor.locator("main button", new Page.LocatorOptions().setHasText("重试")).count()).isZero();
        assertThat(axe(editor)).isEmpty();

        Page signer = signIn(SIGNER);
        List<String> errors = consoleErrors(signer);
        signer.navigate(url("/console/items/" + id + "/retract"));
        cell(signer, id, "archive").getByText("已送达").waitFor();
        partner.resetAll();
        partner.stubFor(post("/nanfang").willReturn(aResponse().withStatus(200)));
        signer.getByLabel("撤回原因（必填）").fill("信息有误");
        signer.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("从所有渠道撤回")).click();
        signer.getByText("已提交撤回").waitFor();
        cell(signer, id, "archive").getByText("已撤回").waitFor();
        cell(signer, id, "nanfang").getByText("已撤回").waitFor();
        // The editor's open matrix follows too.
        cell(editor, id, "archive").getByText("已撤回").waitFor();
        assertThat(axe(signer)).isEmpty();
        assertThat(errors).isEmpty();
        assertThat(editorErrors).isEmpty();
    }
}
