package org.tongfa.check.dates;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tongfa.check.CheckSubject;
import org.tongfa.check.Finding;
import org.tongfa.check.ItemCheck;
import org.tongfa.check.Verdict;
import org.tongfa.common.BeijingTime;

/**
 * Dates in an item (日期核查), as days in Beijing. A date written in the body
 * ({@code 2026年12月1日}, {@code 2026-12-01}, {@code 2026.12.01}, {@code 2026/12/01}) that lies after
 * the release day warns: a notice may name a later day, but a slip of the year is common. The
 * backdating rule blocks: no date shown as the publication date (the item's own publication time, or a
 * {@code 发布日期}/{@code 发布时间} written in the body) may precede the server-recorded first publication
 * (or, for an item never published, the release itself).
 */
@Component
@Order(30)
public class DateCheck implements ItemCheck {

    static final String NAME = "dates";
    private static final Pattern DATE = Pattern.compile(
            "(?<![0-9０-９])(\\d{4})(?:年(\\d{1,2})月(\\d{1,2})日|-(\\d{1,2})-(\\d{1,2})|\\.(\\d{1,2})\\.(\\d{1,2})"
                    + "|/(\\d{1,2})/(\\d{1,2}))(?![0-9])");
    /** A label that presents the date after it as the publication date. */
    private static final Pattern PUBLICATION_LABEL = Pattern.compile("(发布日期|发布时间|发布于|发文日期)[:：\\s]*$");
    private static final int EXCERPT = 10;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(CheckSubject subject) {
        List<Finding> findings = new ArrayList<>();
        LocalDate releaseDay = day(subject.releaseAt());
        Instant firstShown = subject.firstPublishedAt() != null ? subject.firstPublishedAt() : subject.releaseAt();
        LocalDate firstDay = day(firstShown);
        if (subject.displayedPublishAt() != null && day(subject.displayedPublishAt()).isBefore(firstDay)) {
            findings.add(Finding.about(NAME, Verdict.BLOCK, "publishAt", "显示的发布时间 "
                    + day(subject.displayedPublishAt()) + " 早于服务器记录的首次发布时间 " + firstDay + "，不得倒签"));
        }
        String text = subject.bodyText();
        Matcher m = DATE.matcher(text);
        while (m.find()) {
            LocalDate date = date(m);
            if (date == null) {
                continue;
            }
            String excerpt = excerpt(text, m.start(), m.end());
            boolean labelled = PUBLICATION_LABEL.matcher(text.substring(Math.max(0, m.start() - 8), m.start())).find();
            if (labelled && date.isBefore(firstDay)) {
                findings.add(new Finding(NAME, Verdict.BLOCK, "body", m.start(), excerpt, "正文所示发布日期 " + date
                        + " 早于服务器记录的首次发布时间 " + firstDay + "，不得倒签", firstDay.toString()));
            } else if (date.isAfter(releaseDay)) {
                findings.add(new Finding(NAME, Verdict.WARN, "body", m.start(), excerpt, "正文中的日期 " + date
                        + " 晚于发布日期 " + releaseDay + "，请核对", null));
            }
        }
        return findings;
    }

    /** The written date, or null when it is no calendar date (2026年2月30日). */
    private static LocalDate date(Matcher m) {
        int year = Integer.parseInt(m.group(1));
        for (int g = 2; g <= 8; g += 2) {
            if (m.group(g) != null) {
                try {
                    return LocalDate.of(year, Integer.parseInt(m.group(g)), Integer.parseInt(m.group(g + 1)));
                } catch (DateTimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, BeijingTime.ZONE);
    }

    private static String excerpt(String text, int start, int end) {
        return text.substring(Math.max(0, start - EXCERPT), Math.min(text.length(), end + EXCERPT));
    }
}
