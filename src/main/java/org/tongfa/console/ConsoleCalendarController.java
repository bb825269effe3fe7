package org.tongfa.console;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;
import org.tongfa.common.BeijingTime;
import org.tongfa.item.ItemAgenda;
import org.tongfa.item.ItemRefusal;
import org.tongfa.item.ItemService;
import org.tongfa.item.ItemStatus;
import org.tongfa.item.ItemView;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;

/**
 * 日历: the items scheduled and published in a month ({@code ?month=2026-12}, the default this month) or a
 * week ({@code ?view=week&week=2026-11-30}, any day of it), by day and column, with reschedule and
 * unschedule forms for the scheduled ones. Both go through {@link ItemService} as the API's
 * {@code POST /api/v1/items/{id}/publish} (with {@code publishAt}) and {@code .../unschedule} do, so the
 * same roles and rules apply (a publication time is never in the past); a refusal is shown in Chinese next
 * to the item's time field, with the time as it was typed.
 */
@Controller
class ConsoleCalendarController {

    /** More than a month of a busy office; the rest would not fit on the page either. */
    private static final int LIMIT = 500;

    private final ItemAgenda agenda;
    private final ItemService items;
    private final ConsoleTimes times;
    private final Clock clock;

    ConsoleCalendarController(ItemAgenda agenda, ItemService items, ConsoleTimes times, Clock clock) {
        this.agenda = agenda;
        this.items = items;
        this.times = times;
        this.clock = clock;
    }

    /** One item on a day: released (or to be) at {@code at}. */
    public record Entry(ItemView.Summary item, Instant at) {

        public boolean scheduled() {
            return item.status() == ItemStatus.SCHEDULED;
        }
    }

    /** A day of the grid; {@code outside} when it belongs to the month before or after. */
    public record Day(LocalDate date, boolean outside, boolean today, List<Entry> entries) {
    }

    /** A reschedule refused: which item, the time as typed, and why. */
    public record Refused(String itemId, String typed, FormErrors errors) {
    }

    @GetMapping("/console/calendar")
    String calendar(@RequestParam(defaultValue = "month") String view, @RequestParam(required = false) String month,
            @RequestParam(required = false) String week, Model model) {
        return page(view, month, week, null, model);
    }

    @PostMapping("/console/calendar/{id}/reschedule")
    String reschedule(@PathVariable String id, @RequestParam(defaultValue = "") String publishAt,
            @RequestParam(defaultValue = "month") String view, @RequestParam(required = false) String month,
            @RequestParam(required = false) String week, Model model, RedirectAttributes redirect) {
        FormErrors errors = FormErrors.none();
        Instant at = null;
        if (publishAt.isBlank()) {
            errors.add("publishAt", "请填写新的发布时间（北京时间）");
        } else {
            try {
                at = LocalDateTime.parse(publishAt).atZone(BeijingTime.ZONE).toInstant();
            } catch (DateTimeParseException e) {
                errors.add("publishAt", "无法识别“" + publishAt + "”，请按 年-月-日 时:分 填写");
            }
        }
        if (at != null) {
            try {
                ItemView item = items.publish(id, at, Caller.current().orElseThrow()).item();
                redirect.addFlashAttribute("done", "已将《" + item.title() + "》改为 "
                        + times.minute(item.scheduledAt()) + " 发布。");
                return "redirect:" + back(view, month, week);
            } catch (ItemRefusal refusal) {
                errors = errors(refusal);
            }
        }
        return page(view, month, week, new Refused(id, publishAt, errors), model);
    }

    @PostMapping("/console/calendar/{id}/unschedule")
    String unschedule(@PathVariable String id, @RequestParam(defaultValue = "month") String view,
            @RequestParam(required = false) String month, @RequestParam(required = false) String week, Model model,
            RedirectAttributes redirect) {
        try {
            ItemView item = items.unschedule(id, Caller.current().orElseThrow());
            redirect.addFlashAttribute("done", "已取消《" + item.title() + "》的定时发布，稿件回到“"
                    + item.status().label() + "”。");
            return "redirect:" + back(view, month, week);
        } catch (ItemRefusal refusal) {
            return page(view, month, week, new Refused(id, null, errors(refusal)), model);
        }
    }

    private String page(String view, String month, String week, Refused refused, Model model) {
        LocalDate today = LocalDate.now(clock.withZone(BeijingTime.ZONE));
        boolean weekly = "week".equals(view);
        YearMonth shown = weekly ? null : parseMonth(month, YearMonth.from(today));
        LocalDate first;
        LocalDate last;
        if (weekly) {
            LocalDate day = parseDay(week, today);
            first = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            last = first.plusDays(6);
            model.addAttribute("heading", first + " 至 " + last);
            model.addAttribute("prev", "/console/calendar?view=week&week=" + first.minusWeeks(1));
            model.addAttribute("next", "/console/calendar?view=week&week=" + first.plusWeeks(1));
            model.addAttribute("current", "/console/calendar?view=week");
            model.addAttribute("other", "/console/calendar?month=" + YearMonth.from(first));
            model.addAttribute("week", first.toString());
        } else {
            first = shown.atDay(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            last = shown.atEndOfMonth().with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
            model.addAttribute("heading", shown.getYear() + " 年 " + shown.getMonthValue() + " 月");
            model.addAttribute("prev", "/console/calendar?month=" + shown.minusMonths(1));
            model.addAttribute("next", "/console/calendar?month=" + shown.plusMonths(1));
            model.addAttribute("current", "/console/calendar");
            model.addAttribute("other", "/console/calendar?view=week&week="
                    + (YearMonth.from(today).equals(shown) ? today : shown.atDay(1)));
            model.addAttribute("month", shown.toString());
        }
        List<Entry> entries = agenda.calendar(start(first), start(last.plusDays(1)), LIMIT).stream()
                .map(item -> new Entry(item, item.status() == ItemStatus.SCHEDULED ? item.scheduledAt()
                        : item.firstPublishedAt()))
                .toList();
        Map<LocalDate, List<Entry>> byDay = new TreeMap<>();
        for (Entry entry : entries) {
            byDay.computeIfAbsent(LocalDate.ofInstant(entry.at(), BeijingTime.ZONE), d -> new ArrayList<>()).add(entry);
        }
        List<List<Day>> weeks = new ArrayList<>();
        for (LocalDate monday = first; !monday.isAfter(last); monday = monday.plusWeeks(1)) {
            List<Day> days = new ArrayList<>();
            for (LocalDate day = monday; day.isBefore(monday.plusWeeks(1)); day = day.plusDays(1)) {
                boolean outside = shown != null && !YearMonth.from(day).equals(shown);
                days.add(new Day(day, outside, day.equals(today), byDay.getOrDefault(day, List.of())));
            }
            weeks.add(days);
        }
        model.addAttribute("weekly", weekly);
        model.addAttribute("weeks", weeks);
        List<Entry> scheduled = entries.stream().filter(Entry::scheduled).toList();
        Caller me = Caller.current().orElseThrow();
        model.addAttribute("scheduled", scheduled);
        // The forms are offered where the API would let this person act: DRAFTER on the item's column.
        model.addAttribute("mayChange", scheduled.stream().filter(e -> me.holds(Role.DRAFTER, e.item().column()))
                .map(e -> e.item().id()).collect(Collectors.toSet()));
        model.addAttribute("published", entries.stream().filter(e -> !e.scheduled()).count());
        model.addAttribute("refused", refused);
        model.addAttribute("view", weekly ? "week" : "month");
        return "console/calendar/calendar";
    }

    /** The calendar page the form was posted from (its month or week, read back as dates). */
    private String back(String view, String month, String week) {
        LocalDate today = LocalDate.now(clock.withZone(BeijingTime.ZONE));
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/console/calendar");
        if ("week".equals(view)) {
            uri.queryParam("view", "week").queryParam("week", parseDay(week, today));
        } else {
            uri.queryParam("month", parseMonth(month, YearMonth.from(today)));
        }
        return uri.build().toUriString();
    }

    private static LocalDate parseDay(String value, LocalDate otherwise) {
        try {
            return value == null ? otherwise : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return otherwise;
        }
    }

    private static YearMonth parseMonth(String value, YearMonth otherwise) {
        try {
            return value == null ? otherwise : YearMonth.parse(value);
        } catch (DateTimeParseException e) {
            return otherwise;
        }
    }

    /** The refusal's fields in Chinese, keyed as the API names them; its reason when it names none. */
    private static FormErrors errors(ItemRefusal refusal) {
        FormErrors errors = FormErrors.none();
        refusal.fields().forEach(field -> errors.add(field.field(), FormErrors.chinese(field.message())));
        if (refusal.fields().isEmpty()) {
            errors.addSummary(FormErrors.chinese(refusal.getMessage()));
        }
        return errors;
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(BeijingTime.ZONE).toInstant();
    }
}
