package org.tongfa.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tongfa.common.BeijingTime;

/** The home page (工作台), the calendar (日历) and my account (我的账号) in Chromium, with data made through the API. */
class ConsoleHomeChromiumTest extends AgendaTestSupport {

    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private static Locator part(Page page, String id) {
        return page.locator("#" + id);
    }

    @Test
    void theDraftersHomeShowsTheirDraftsReturnsAndTodaysReleasesAndTheChannels() {
        String mine = unique("我的草稿稿件");
        String mineId = draft(DRAFTER, "news", mine);
        String others = unique("别人的草稿");
        draftOfNobody("news", others);
        String returned = unique("被退回稿件");
        String returnedId = draft(DRAFTER, "news", returned);
        submit(DRAFTER, returnedId);
        giveBack(REVIEWER, returnedId, "office", "请核实第二段的数据来源");
        Instant soon = Instant.now().plus(Duration.ofMinutes(30));
        String scheduled = unique("今日定时稿件");
        scheduled(scheduled, soon);

        Page page = signIn(DRAFTER);
        List<String> errors = consoleErrors(page);
        page.reload();

        Locator drafts = part(page, "home-drafts");
        assertThat(drafts.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(mine))
                .getAttribute("href")).isEqualTo("/console/items/" + mineId);
        assertThat(drafts.textContent()).doesNotContain(others).doesNotContain(returned);
        Locator back = part(page, "home-returned").locator("tr", new Locator.LocatorOptions().setHasText(returned));
        assertThat(back.textContent()).contains("请核实第二段的数据来源", "王审核", "办公室审核");
        if (LocalDate.ofInstant(soon, BeijingTime.ZONE).equals(LocalDate.now(BeijingTime.ZONE))) {
            Locator today = part(page, "home-scheduled").locator("table[aria-labelledby=home-scheduled-today]");
            assertThat(today.textContent()).contains(scheduled, LocalDateTime.ofInstant(soon, BeijingTime.ZONE)
                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        }
        assertThat(page.locator("#home-inbox").count()).isZero();
        Locator nanfang = part(page, "home-channels").locator("tr", new Locator.LocatorOptions().setHasText("nanfang"));
        assertThat(nanfang.locator(".status").first().textContent()).isEqualTo("正常");
        assertThat(part(page, "home-compliance").textContent()).contains("合规提醒", "暂无");
        assertThat(page.locator("#home-channels").getAttribute("hx-get")).isEqualTo("/console/home/channels");
        assertThat(page.request().get(url("/console/home/drafts")).text()).contains(mine).doesNotContain("<html");
        assertThat(axe(page)).isEmpty();
        assertThat(errors).isEmpty();
    }

    @Test
    void theReviewersHomeShowsTheInboxByStepAndNoDrafts() {
        String title = unique("待审稿件");
        String id = draft(DRAFTER, "news", title);
        submit(DRAFTER, id);

        Page page = signIn(REVIEWER);
        List<String> errors = consoleErrors(page);
        page.reload();

        Locator inbox = part(page, "home-inbox");
        assertThat(inbox.locator("h3#home-inbox-office").textContent()).startsWith("办公室审核");
        assertThat(inbox.locator("table[aria-labelledby=home-inbox-office]")
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(title)).getAttribute("href"))
                .isEqualTo("/console/items/" + id + "/review");
        assertThat(page.locator("#home-drafts").count()).isZero();
        // A reviewer chases stale columns: the freshness monitor's 合规提醒 (the drafter's slot says 暂无).
        Locator compliance = part(page, "home-compliance");
        assertThat(compliance.textContent()).contains("合规提醒", "栏目更新监测").doesNotContain("暂无");
        assertThat(compliance.getAttribute("hx-get")).isEqualTo("/console/home/compliance");
        assertThat(page.request().get(url("/console/home/compliance")).text()).contains("栏目更新监测").doesNotContain("<html");
        assertThat(axe(page)).isEmpty();
        assertThat(errors).isEmpty();
    }

    @Test
    void theCalendarReschedulesRefusesAPastTimeInChineseAndUnschedules() {
        // A Wednesday morning in Beijing three to nine days ahead: moved two hours later, it stays in the week
        // shown (three days ahead at 22:00 on a Thursday is a Sunday, and two hours later the next week).
        Instant at = LocalDate.now(BeijingTime.ZONE).plusDays(7).with(java.time.DayOfWeek.WEDNESDAY).atTime(10, 0)
                .atZone(BeijingTime.ZONE).toInstant();
        String title = unique("日历定时稿件");
        String id = scheduled(title, at);
        LocalDate day = LocalDate.ofInstant(at, BeijingTime.ZONE);

        Page page = signIn(DRAFTER);
        List<String> errors = consoleErrors(page);
        page.navigate(url("/console/calendar?view=week&week=" + day));
        assertThat(page.locator(".calendar-grid").getByRole(AriaRole.LINK,
                new Locator.GetByRoleOptions().setName(title)).count()).isEqualTo(1);

        Locator row = page.locator("#scheduled-" + id);
        String past = LocalDateTime.now(BeijingTime.ZONE).minusDays(1).format(INPUT);
        row.getByLabel("新的发布时间").fill(past);
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("改期")).click();
        row = page.locator("#scheduled-" + id);
        assertThat(row.locator("#publishAt-" + id + "-error").textContent()).contains("发布时间不能倒填");
        assertThat(row.getByLabel("新的发布时间").inputValue()).isEqualTo(past);
        assertThat(row.getByLabel("新的发布时间").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(axe(page)).isEmpty();

        LocalDateTime later = LocalDateTime.ofInstant(at, BeijingTime.ZONE).plusHours(2).withSecond(0).withNano(0);
        row.getByLabel("新的发布时间").fill(later.format(INPUT));
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("改期")).click();
        assertThat(page.locator(".message.success")).containsText("改为");
        assertThat(page.locator(".message.success").textContent()).contains(title, "改为");
        assertThat(json(api("GET", "/api/v1/items/" + id, null)).get("scheduledAt").asString())
                .isEqualTo(later.atZone(BeijingTime.ZONE).toInstant().toString());

        page.locator("#scheduled-" + id).getByRole(AriaRole.BUTTON).filter(new Locator.FilterOptions()
                .setHasText("取消定时")).click();
        // The page still shows the reschedule's message until the cancel's answer arrives: wait for the new words.
        assertThat(page.locator(".message.success")).containsText("已取消");
        assertThat(page.locator(".message.success").textContent()).contains("已取消", title);
        assertThat(page.locator("#scheduled-" + id).count()).isZero();
        assertThat(json(api("GET", "/api/v1/items/" + id, null)).get("status").asString()).isEqualTo("APPROVED");
        assertThat(errors).isEmpty();
    }

    @Test
    void myAccountShowsMyRolesAndChangesMyPasswordRefusingAWrongCurrentOne() {
        String login = "me" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = api("POST", "/api/v1/accounts", ("{\"login\":\"%s\",\"displayName\":\"孙账号\","
                + "\"department\":\"办公室\",\"roles\":{\"DRAFTER\":[\"news\"],\"REVIEWER\":[]},\"password\":\"%s\"}")
                .formatted(login, PASSWORD));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        Page page = signIn(login);
        List<String> errors = consoleErrors(page);
        page.navigate(url("/console/me"));
        assertThat(page.locator("dl.account").textContent()).contains(login, "孙账号", "办公室");
        Locator roles = page.locator("table[aria-labelledby=me-roles]");
        assertThat(roles.locator("tr", new Locator.LocatorOptions().setHasText("拟稿人")).textContent()).contains("工作动态");
        assertThat(roles.locator("tr", new Locator.LocatorOptions().setHasText("审核人")).textContent()).contains("全部栏目");

        String next = "Another-secret-42";
        page.getByLabel("当前密码").fill("not-my-password-1");
        page.getByLabel("新密码", new Page.GetByLabelOptions().setExact(true)).fill(next);
        page.getByLabel("再次输入新密码").fill(next);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("修改密码")).click();
        assertThat(page.locator("#currentPassword-error").textContent()).contains("当前密码不正确");
        assertThat(page.getByLabel("当前密码").getAttribute("aria-describedby")).isEqualTo("currentPassword-error");
        assertThat(axe(page)).isEmpty();

        page.getByLabel("当前密码").fill(PASSWORD);
        page.getByLabel("新密码", new Page.GetByLabelOptions().setExact(true)).fill("short1!");
        page.getByLabel("再次输入新密码").fill("short1!");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("修改密码")).click();
        assertThat(page.locator("#password-error").textContent()).isEqualTo("密码至少 12 个字符");

        page.getByLabel("当前密码").fill(PASSWORD);
        page.getByLabel("新密码", new Page.GetByLabelOptions().setExact(true)).fill(next);
        page.getByLabel("再次输入新密码").fill(next);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("修改密码")).click();
        assertThat(page.locator(".message.success")).containsText("密码已修改");
        assertThat(api("POST", "/api/v1/sign-in", "{\"login\":\"%s\",\"password\":\"%s\"}".formatted(login, next))
                .statusCode()).isEqualTo(200);
        assertThat(errors).isEmpty();
    }
}
