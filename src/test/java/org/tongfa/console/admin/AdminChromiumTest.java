package org.tongfa.console.admin;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tongfa.console.ConsoleTestSupport;

/**
 * The admin pages in a real Chromium: an administrator creates a drafter limited to one column (after a
 * bad login name and a weak password are refused next to their fields, with the rest kept), the new person
 * signs in and sees only what the role gives, a token is shown once, works on the API and stops working
 * once revoked, an account switched off cannot sign in, and the audit trail lists and filters all of it;
 * an operator reads channels and screens but not accounts. Every page passes axe-core with its data on it.
 */
class AdminChromiumTest extends ConsoleTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anAdministratorManagesAnAccountItsTokenAndFindsItAllInTheAuditTrail() {
        String login = "drafter-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        Page page = signIn(ADMIN);
        List<String> errors = consoleErrors(page);
        page.navigate(url("/console/admin"));
        assertThat(axe(page)).as("overview").isEmpty();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("账号与角色").setExact(true)).first().click();
        page.waitForURL(url("/console/admin/accounts"));
        assertThat(page.locator("table.accounts").textContent()).contains(DRAFTER, "拟稿人（全部栏目）");

        // A bad login name: refused next to it, in Chinese, with the rest as typed.
        page.getByLabel("登录名", new Page.GetByLabelOptions().setExact(true)).fill("Bad Login!");
        page.getByLabel("姓名", new Page.GetByLabelOptions().setExact(true)).fill("孙新人");
        page.getByLabel("部门", new Page.GetByLabelOptions().setExact(true)).fill("办公室");
        page.getByLabel("初始密码").fill("short");
        Locator drafter = page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("拟稿人").setExact(true));
        drafter.getByLabel("授予“拟稿人”").check();
        drafter.getByLabel("仅以下栏目").check();
        drafter.getByLabel("工作动态").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("新建账号")).click();
        assertThat(page.locator("#login-error").textContent()).contains("小写字母开头");
        assertThat(page.locator("#login").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#displayName").inputValue()).isEqualTo("孙新人");
        assertThat(page.locator("#department").inputValue()).isEqualTo("办公室");
        assertThat(page.locator("#password").inputValue()).as("a password is never sent back").isEmpty();
        assertThat(drafter.getByLabel("工作动态").isChecked()).isTrue();
        assertThat(axe(page)).as("accounts page with a refused form").isEmpty();

        // A weak password: refused next to it.
        page.getByLabel("登录名", new Page.GetByLabelOptions().setExact(true)).fill(login);
        page.getByLabel("初始密码").fill("short");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("新建账号")).click();
        // The first refusal's page had a password error too: wait until the login's error has gone.
        assertThat(page.locator("#login-error")).hasCount(0);
        assertThat(page.locator("#password-error").textContent()).contains("密码至少 12 个字符");
        assertThat(page.locator("#login").inputValue()).isEqualTo(login);

        page.getByLabel("初始密码").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("新建账号")).click();
        page.waitForURL(url("/console/admin/accounts/" + login));
        assertThat(page.getByRole(AriaRole.STATUS).first().textContent()).contains("已新建账号 " + login);
        assertThat(page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("拟稿人").setExact(true))
                .getByLabel("工作动态").isChecked()).isTrue();
        assertThat(axe(page)).as("account page").isEmpty();

        // The new person signs in through the form and sees what a drafter sees, and no more.
        Page person = personSignsIn(login);
        assertThat(person.url()).isEqualTo(url("/console/"));
        var nav = person.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("主导航"));
        assertThat(nav.textContent()).contains("稿件").doesNotContain("管理", "待我审核", "渠道与屏幕");
        Response refused = person.navigate(url("/console/admin/accounts"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(person.textContent("main")).contains("无权访问");

        // A token: shown once, not cached, accepted by the API, then revoked and refused.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("API 令牌").setExact(true)).click();
        page.waitForURL(url("/console/admin/accounts/" + login + "/tokens"));
        page.getByLabel("用途名称").fill("cms-import");
        Response created = page.waitForResponse(r -> r.url().endsWith("/tokens") && r.request().method().equals("POST"),
                () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("新建令牌")).click());
        assertThat(created.headers().get("cache-control")).isEqualTo("no-store");
        String secret = page.locator("#token-secret").inputValue();
        assertThat(secret).hasSizeGreaterThan(30);
        assertThat(page.textContent("main")).contains("只显示这一次");
        assertThat(axe(page)).as("new token page").isEmpty();
        assertThat(bearer(secret).statusCode()).isEqualTo(200);
        assertThat(bearer(secret).body()).contains("\"login\":\"" + login + "\"");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("我已保存，返回令牌列表")).click();
        // The list is at the same address as the page that showed the secret: wait for its table, then look.
        assertThat(page.locator("table.tokens")).containsText("cms-import");
        assertThat(page.content()).doesNotContain(secret);
        assertThat(page.locator("table.tokens").textContent()).contains("cms-import", "有效");
        assertThat(axe(page)).as("tokens page").isEmpty();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("吊销令牌 cms-import")).click();
        // The answer comes back to this same address, whose empty notice area is a status too: wait for the words.
        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("已吊销令牌“cms-import”");
        assertThat(page.locator("table.tokens").textContent()).contains("已吊销");
        assertThat(bearer(secret).statusCode()).isEqualTo(401);

        // Switched off: the open session ends and signing in again is refused.
        page.navigate(url("/console/admin/accounts/" + login));
        page.getByLabel("启用（停用后不能登录，其令牌立即失效）").uncheck();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("保存修改")).click();
        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("已保存");
        person.navigate(url("/console/"));
        assertThat(person.url()).isEqualTo(url("/console/login"));
        assertThat(personSignsIn(login).url()).isEqualTo(url("/console/login?error=disabled"));

        // The audit trail: every change above, by its actor; and the chain checks out.
        page.navigate(url("/console/admin/audit"));
        page.getByLabel("操作人（登录名）").fill(ADMIN);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("筛选")).click();
        page.waitForURL(u -> u.contains("actor=" + ADMIN));
        String trail = page.locator("table.audit").textContent();
        assertThat(trail).contains("新建账号", "新建 API 令牌", "吊销 API 令牌", "修改账号", login, "cms-import");
        assertThat(page.locator("table.audit tbody tr td:nth-child(4)").allTextContents()).containsOnly(ADMIN);
        assertThat(axe(page)).as("audit page").isEmpty();
        page.getByLabel("操作人（登录名）").fill(login);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("筛选")).click();
        page.waitForURL(u -> u.contains("actor=" + login));
        assertThat(page.locator("table.audit tbody tr td:nth-child(4)").allTextContents()).allMatch(login::equals);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("校验哈希链")).click();
        page.waitForURL(u -> u.startsWith(url("/console/admin/audit/verify")));
        assertThat(page.getByRole(AriaRole.STATUS).first().textContent()).contains("哈希链完整");
        assertThat(axe(page)).as("verification page").isEmpty();
        // The two refused forms answer 400 on purpose, which Chromium logs; nothing else may show (a CSP refusal would).
        assertThat(errors).as("errors the browser reported")
                .containsExactly("Failed to load resource: the server responded with a status of 400 ()",
                        "Failed to load resource: the server responded with a status of 400 ()");
    }

    @Test
    void anOperatorReadsChannelsAndScreensButNotAccounts() {
        Page page = signIn(OPERATOR);
        List<String> errors = consoleErrors(page);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("渠道与屏幕")).click();
        page.waitForURL(url("/console/admin/channels"));
        assertThat(page.textContent("main")).contains("nanfang", "Webhook 推送", "正常", "工作动态", "办公室审核 → 签发",
                "办公室审核 → 保密审查 → 签发");
        assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("管理栏目")).textContent())
                .doesNotContain("账号与角色", "审计日志");
        assertThat(axe(page)).as("channels page").isEmpty();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("屏幕").setExact(true)).click();
        page.waitForURL(url("/console/admin/screens"));
        assertThat(page.textContent("main")).contains("一楼办事大厅", "离线");
        assertThat(axe(page)).as("screens page").isEmpty();
        assertThat(errors).as("errors the browser reported").isEmpty();
        Response refused = page.navigate(url("/console/admin/accounts"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(page.textContent("main")).contains("无权访问", "管理员");
    }

    private Page personSignsIn(String login) {
        Page person = newContext().newPage();
        person.navigate(url("/console/login"));
        person.getByLabel("登录名").fill(login);
        person.getByLabel("密码").fill(PASSWORD);
        person.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
        person.waitForLoadState();
        return person;
    }

    private static HttpResponse<String> bearer(String secret) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/v1/me")))
                    .header("Authorization", "Bearer " + secret).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
