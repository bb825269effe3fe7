package org.tongfa.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signing in and out of the console in a real Chromium: the sign-in page and the frame of every page pass
 * axe-core with no violation, load no inline script or style the policy would refuse (the browser
 * reports no error), a wrong password is told in Chinese, and the navigation shows what the person's
 * roles open.
 */
class ConsoleSignInChromiumTest extends ConsoleTestSupport {

    @Test
    void aPersonSignsInSeesTheirSectionsAndSignsOutWithNoViolationAndNoRefusedResource() {
        Page page = newContext().newPage();
        List<String> errors = consoleErrors(page);
        page.navigate(url("/console/"));
        assertThat(page.url()).isEqualTo(url("/console/login"));
        assertThat(axe(page)).as("sign-in page").isEmpty();
        page.getByLabel("登录名").fill(DRAFTER);
        page.getByLabel("密码").fill("not the password");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
        page.waitForURL(url("/console/login?error=wrong"));
        assertThat(page.getByRole(AriaRole.ALERT).textContent()).contains("登录名或密码错误");
        assertThat(axe(page)).as("sign-in page with its error").isEmpty();
        page.getByLabel("登录名").fill(DRAFTER);
        page.getByLabel("密码").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
        page.waitForURL(url("/console/"));
        assertThat(page.title()).isEqualTo("工作台 - 统发编辑工作台");
        var nav = page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("主导航"));
        assertThat(nav.textContent()).contains("工作台", "稿件", "日历").doesNotContain("待我审核", "管理");
        assertThat(page.locator("a[aria-current=page]").textContent()).isEqualTo("工作台");
        assertThat(axe(page)).as("home page").isEmpty();
        assertThat(page.evaluate("() => typeof htmx")).as("htmx loaded from its WebJar").isEqualTo("object");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("退出")).click();
        page.waitForURL(url("/console/login?signedOut"));
        assertThat(page.getByRole(AriaRole.STATUS).first().textContent()).contains("您已退出登录");
        assertThat(errors).as("errors the browser reported (a refused inline script or style shows here)").isEmpty();
    }

    @Test
    void theAdministratorSeesTheAdminSection() {
        Page page = signIn(ADMIN);
        var nav = page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("主导航"));
        assertThat(nav.textContent()).contains("管理").doesNotContain("稿件");
    }
}
