package org.tongfa.compliance;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The freshness monitor's settings under {@code tongfa.compliance}, bound and validated at start-up by the
 * {@code SettingsBinder}. The defaults are the national indicators' (国办秘函〔2019〕19号); local rules are
 * often stricter (an update every 10 days), hence every window is a setting.
 *
 * @param windows how long each kind of subject may go without a new item
 * @param leadTime how long before its window closes a subject turns WARN
 * @param vetoes the site-level counts that make a single veto (单项否决)
 * @param schedule the daily assessment's Quartz cron expression, in {@code time-zone}
 * @param timeZone the zone the schedule and calendar windows (months, years) are counted in
 * @param alerts where warnings go
 * @param gaugeRefresh how often each node assesses again for its own Prometheus gauges (read-only: no
 *     transition, no alert)
 */
record ComplianceProperties(
        @Valid @DefaultValue Windows windows,
        @NotNull @DefaultValue("4d") Period leadTime,
        @Valid @DefaultValue Vetoes vetoes,
        @NotBlank @DefaultValue("0 0 8 * * ?") String schedule,
        @NotNull @DefaultValue("Asia/Shanghai") java.time.ZoneId timeZone,
        @Valid @DefaultValue Alerts alerts,
        @NotNull @DefaultValue("5m") Duration gaugeRefresh) {

    /**
     * @param dynamic 动态、要闻 columns
     * @param noticePolicy 通知公告、政策文件 columns
     * @param planningPersonnel 规划计划、人事 columns
     * @param homePage the website's home page
     * @param wechat each WeChat official account (政务新媒体)
     */
    record Windows(
            @NotNull @DefaultValue("14d") Period dynamic,
            @NotNull @DefaultValue("6m") Period noticePolicy,
            @NotNull @DefaultValue("1y") Period planningPersonnel,
            @NotNull @DefaultValue("14d") Period homePage,
            @NotNull @DefaultValue("14d") Period wechat) {

        Period of(Inspection inspection) {
            return switch (inspection) {
                case DYNAMIC -> dynamic;
                case NOTICE_POLICY -> noticePolicy;
                case PLANNING_PERSONNEL -> planningPersonnel;
                case EXEMPT -> throw new IllegalArgumentException("an exempt column has no window");
            };
        }
    }

    /**
     * "超过（含）": a count at or above the threshold vetoes.
     *
     * @param overdueColumns 动态、要闻 and 通知公告、政策文件 columns past their window
     * @param longStaleColumns 规划计划、人事 columns past their window
     * @param blankColumns columns with no live item (空白栏目)
     */
    record Vetoes(
            @Min(1) @DefaultValue("5") int overdueColumns,
            @Min(1) @DefaultValue("10") int longStaleColumns,
            @Min(1) @DefaultValue("5") int blankColumns) {
    }

    /**
     * @param webhookUrl a JSON POST per transition; blank for none. May carry a token: from the environment
     * @param mailTo addresses e-mailed per transition (needs {@code spring.mail.host}); empty for none
     * @param mailFrom the sender address
     * @param timeout one webhook call's limit
     * @param retryDelay the wait after a failed send, doubled each time up to {@code max-retry-delay}
     * @param maxRetryDelay the longest wait between two tries; a send is never given up
     * @param retryInterval how often a node looks for alerts still owed
     */
    record Alerts(
            URI webhookUrl,
            @NotNull @DefaultValue List<@NotBlank String> mailTo,
            @NotBlank @DefaultValue("tongfa@localhost") String mailFrom,
            @NotNull @DefaultValue("10s") Duration timeout,
            @NotNull @DefaultValue("1m") Duration retryDelay,
            @NotNull @DefaultValue("1h") Duration maxRetryDelay,
            @NotNull @DefaultValue("1m") Duration retryInterval) {

        boolean webhook() {
            return webhookUrl != null && !webhookUrl.toString().isBlank();
        }

        boolean mail() {
            return !mailTo.isEmpty();
        }

        @Override
        public String toString() {
            return "Alerts[webhookUrl=" + (webhook() ? "(set)" : "(none)") + ", mailTo=" + mailTo + ", mailFrom=" + mailFrom
                    + ", timeout=" + timeout + ", retryDelay=" + retryDelay + ", maxRetryDelay=" + maxRetryDelay
                    + ", retryInterval=" + retryInterval + "]";
        }
    }
}
