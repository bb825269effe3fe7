package org.tongfa.console.report;

import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.tongfa.report.ReportService;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;

/**
 * The console home page's reminder (年报提醒): from 1 January until last year's report is published,
 * shown to those who read the report. Called from the template ({@code @annualReportReminder.dueFor(me)}),
 * so the home page needs one include line and nothing in its controller.
 */
@Component("annualReportReminder")
public class AnnualReportReminder {

    /** Who reads the report (as AccessRules lets them), and so is reminded of it. */
    static final Set<Role> READERS = EnumSet.of(Role.REVIEWER, Role.SIGNER, Role.OPERATOR, Role.ADMIN);

    private final ReportService reports;

    AnnualReportReminder(ReportService reports) {
        this.reports = reports;
    }

    /** The year whose report is due and unpublished, when {@code me} reads reports; else {@code null}. */
    public Integer dueFor(Caller me) {
        if (me == null || READERS.stream().noneMatch(me::holds)) {
            return null;
        }
        return reports.due().orElse(null);
    }
}
