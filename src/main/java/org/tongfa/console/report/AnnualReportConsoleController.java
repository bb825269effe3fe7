package org.tongfa.console.report;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tongfa.report.AnnualReport;
import org.tongfa.report.ReportEntries;
import org.tongfa.report.Format2021;
import org.tongfa.report.KnownFigures;
import org.tongfa.report.ReportController;
import org.tongfa.report.ReportExports;
import org.tongfa.report.ReportRefusal;
import org.tongfa.report.ReportService;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;
import tools.jackson.databind.json.JsonMapper;

/**
 * The annual report's console page (年报): the figures Tongfa counted with their charts, the form for
 * what it cannot count (the template's checks refuse in Chinese, naming the cell), publication and the
 * exports. Readers are reviewers, signers, operators and administrators; the form is the signer's
 * and the administrator's ({@code AccessRules}).
 */
@Controller
class AnnualReportConsoleController {

    private static final EnumSet<Role> EDITORS = EnumSet.of(Role.SIGNER, Role.ADMIN);

    private final ReportService reports;
    private final ReportExports exports;
    private final JsonMapper json;

    AnnualReportConsoleController(ReportService reports, ReportExports exports, JsonMapper json) {
        this.reports = reports;
        this.exports = exports;
        this.json = json;
    }

    @GetMapping("/console/reports/annual")
    String latest() {
        return "redirect:/console/reports/annual/" + reports.due().orElse(reports.currentYear() - 1);
    }

    @GetMapping("/console/reports/annual/{year}")
    String page(@PathVariable int year, Model model) {
        AnnualReport report = reports.report(year);
        return render(report, ReportForm.of(report.entriesOrEmpty()), model);
    }

    @PostMapping("/console/reports/annual/{year}")
    String save(@PathVariable int year, @RequestParam Map<String, String> params, Model model,
            RedirectAttributes redirect, HttpServletResponse response) {
        ReportForm form = ReportForm.posted(params);
        ReportEntries entries = form.entries();
        if (form.errors().isEmpty()) {
            try {
                reports.save(year, entries, Caller.current().orElseThrow().login());
                redirect.addFlashAttribute("done", "已保存。");
                return "redirect:/console/reports/annual/" + year;
            } catch (ReportRefusal e) {
                if (e.kind() == ReportRefusal.Kind.NOT_ALLOWED) {
                    model.addAttribute("refused", e.problems().get(0).chinese());
                    response.setStatus(HttpStatus.CONFLICT.value());
                } else {
                    form.addErrors(e.chinese());
                    model.addAttribute("failure", e.problems().size() + " 处填写有误，未保存：");
                    response.setStatus(e.kind() == ReportRefusal.Kind.SUMS_DISAGREE
                            ? HttpStatus.UNPROCESSABLE_CONTENT.value() : HttpStatus.BAD_REQUEST.value());
                }
                return render(reports.report(year), form, model);
            }
        }
        model.addAttribute("failure", form.errors().size() + " 处填写有误，未保存：");
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        return render(reports.report(year), form, model);
    }

    @PostMapping("/console/reports/annual/{year}/publish")
    String publish(@PathVariable int year, RedirectAttributes redirect) {
        try {
            reports.publish(year, Caller.current().orElseThrow().login());
            redirect.addFlashAttribute("done", "已公开：本年度报告的数字已固定，不再随稿件变化。");
        } catch (ReportRefusal e) {
            redirect.addFlashAttribute("refused", e.problems().get(0).chinese());
        }
        return "redirect:/console/reports/annual/" + year;
    }

    @GetMapping("/console/reports/annual/{year}/docx")
    ResponseEntity<byte[]> docx(@PathVariable int year) {
        return ReportController.download(exports.docx(year));
    }

    @GetMapping("/console/reports/annual/{year}/html")
    ResponseEntity<byte[]> html(@PathVariable int year, @RequestParam(required = false) String body) {
        return ReportController.download(exports.html(year, body != null));
    }

    /** A year no report can cover (before 2008, or not begun), in a page's or an export's address: 404. */
    @ExceptionHandler(ReportRefusal.class)
    String noSuchYear(ReportRefusal e, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        model.addAttribute("reason", e.problems().isEmpty() ? "" : e.problems().get(0).chinese());
        return "console/report/missing";
    }

    private String render(AnnualReport report, ReportForm form, Model model) {
        Caller me = Caller.current().orElseThrow();
        boolean editor = EDITORS.stream().anyMatch(me::holds);
        model.addAttribute("report", report);
        model.addAttribute("form", form);
        model.addAttribute("editable", editor && !report.published());
        model.addAttribute("canPublish", editor && !report.published() && report.entries() != null);
        model.addAttribute("requestRows", Format2021.REQUEST_ROWS);
        model.addAttribute("requestColumns", Format2021.REQUEST_COLUMNS);
        model.addAttribute("appealGroups", Format2021.APPEAL_GROUPS);
        model.addAttribute("appealColumns", Format2021.APPEAL_COLUMNS);
        model.addAttribute("sections", Format2021.SECTIONS);
        List<Integer> years = new ArrayList<>();
        for (int y = reports.currentYear(); y >= Math.max(2008, reports.currentYear() - 5); y--) {
            years.add(y);
        }
        model.addAttribute("years", years);
        model.addAttribute("monthChart", json.writeValueAsString(monthChart(report.figures())));
        model.addAttribute("channelChart", json.writeValueAsString(report.figures().channels()));
        return "console/report/annual";
    }

    private static Map<String, Object> monthChart(KnownFigures figures) {
        return Map.of("months", figures.monthTotals(), "columns", figures.columns());
    }
}
