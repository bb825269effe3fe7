package org.tongfa.console.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.tongfa.audit.AuditTrail;
import org.tongfa.common.AuditEvent;
import org.tongfa.common.BeijingTime;
import org.tongfa.console.FormErrors;

/**
 * 审计日志: the trail read as {@code GET /api/v1/audit} reads it (newest first, filtered by actor, action,
 * item and Beijing dates, {@value #SIZE} rows a page), and the full hash-chain check of
 * {@code GET /api/v1/audit/verify}. Read only, as the API is.
 */
@Controller
class AuditPages {

    static final int SIZE = 50;

    private final AuditTrail trail;

    AuditPages(AuditTrail trail) {
        this.trail = trail;
    }

    /** The filter as typed, kept on the page; dates are Beijing days, both included. */
    public record Query(String actor, String action, String item, String from, String to) {

        /** The query string of this filter, for the paging links. */
        public String params() {
            return "actor=" + encode(actor) + "&action=" + encode(action) + "&item=" + encode(item) + "&from="
                    + encode(from) + "&to=" + encode(to);
        }

        private static String encode(String value) {
            return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @GetMapping("/console/admin/audit")
    String list(@RequestParam(defaultValue = "") String actor, @RequestParam(defaultValue = "") String action,
            @RequestParam(defaultValue = "") String item, @RequestParam(defaultValue = "") String from,
            @RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "0") int page, Model model) {
        Query query = new Query(actor.strip(), action, item.strip(), from, to);
        FormErrors errors = FormErrors.none();
        AuditEvent.Action chosen = null;
        if (!action.isBlank()) {
            try {
                chosen = AuditEvent.Action.valueOf(action);
            } catch (IllegalArgumentException unknown) {
                errors.add("action", "没有这种操作");
            }
        }
        Instant start = day(from, "from", errors);
        Instant endDay = day(to, "to", errors);
        Instant end = endDay == null ? null : endDay.plus(java.time.Duration.ofDays(1));
        if (start != null && end != null && !start.isBefore(end)) {
            errors.add("to", "结束日期不能早于开始日期");
        }
        model.addAttribute("query", query);
        model.addAttribute("errors", errors);
        if (errors.isEmpty()) {
            AuditTrail.Page rows = trail.page(new AuditTrail.Filter(blankToNull(query.item()), blankToNull(query.actor()),
                    chosen, start, end), Math.max(0, page), SIZE);
            model.addAttribute("rows", rows);
            model.addAttribute("pages", Math.max(1, (rows.total() + SIZE - 1) / SIZE));
        }
        return "console/admin/audit";
    }

    @GetMapping("/console/admin/audit/verify")
    String verify(Model model) {
        model.addAttribute("verification", trail.verify());
        return "console/admin/audit-verify";
    }

    /** The start of a Beijing day typed as {@code 2026-12-01}, or {@code null} when none was typed. */
    private static Instant day(String typed, String field, FormErrors errors) {
        if (typed.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(typed.strip()).atStartOfDay(BeijingTime.ZONE).toInstant();
        } catch (DateTimeParseException unreadable) {
            errors.add(field, "无法识别的日期，请按 2026-12-01 的格式填写");
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value.isBlank() ? null : value;
    }
}
