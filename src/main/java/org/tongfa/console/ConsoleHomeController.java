package org.tongfa.console;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.tongfa.channel.wechat.WeChatQuotas;
import org.tongfa.common.BeijingTime;
import org.tongfa.compliance.FreshnessService;
import org.tongfa.delivery.ChannelOverview;
import org.tongfa.item.ItemAgenda;
import org.tongfa.item.ReviewStep;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;
import org.tongfa.security.Roles;

/**
 * The home page (工作台): what the signed-in person's roles put on their desk, each part also served alone
 * at {@code /console/home/<part>} so that htmx refreshes it in place. A part the roles do not open is not
 * shown on the page; asked for alone, it answers empty.
 */
@Controller
class ConsoleHomeController {

    /** Enough to work from; the full lists are the items and review pages. */
    private static final int LIMIT = 20;

    private final ItemAgenda agenda;
    private final ChannelOverview channels;
    private final WeChatQuotas quotas;
    private final FreshnessService freshness;
    private final Clock clock;

    /** Who sees the compliance warnings (合规提醒): as GET /api/v1/compliance/freshness. */
    private static final Set<Role> COMPLIANCE_READERS = EnumSet.of(Role.REVIEWER, Role.OPERATOR, Role.ADMIN);

    ConsoleHomeController(ItemAgenda agenda, ChannelOverview channels, WeChatQuotas quotas, FreshnessService freshness,
            Clock clock) {
        this.agenda = agenda;
        this.channels = channels;
        this.quotas = quotas;
        this.freshness = freshness;
        this.clock = clock;
    }

    @GetMapping({"/console", "/console/"})
    String home(Model model) {
        Caller me = Caller.current().orElseThrow();
        boolean drafter = me.holds(Role.DRAFTER);
        boolean reviewer = Roles.REVIEWING.stream().anyMatch(me::holds);
        boolean editorial = Roles.EDITORIAL.stream().anyMatch(me::holds);
        model.addAttribute("showDrafts", drafter);
        model.addAttribute("showInbox", reviewer);
        model.addAttribute("showScheduled", editorial);
        if (drafter) {
            drafts(model);
            returned(model);
        }
        if (reviewer) {
            inbox(model);
        }
        if (editorial) {
            scheduled(model);
        }
        channels(model);
        compliance(model);
        model.addAttribute("today", LocalDate.now(clock.withZone(BeijingTime.ZONE)).toString());
        return "console/home/home";
    }

    @GetMapping("/console/home/drafts")
    String drafts(Model model) {
        model.addAttribute("drafts", agenda.drafts(Caller.current().orElseThrow(), LIMIT));
        return "console/home/sections :: drafts";
    }

    @GetMapping("/console/home/returned")
    String returned(Model model) {
        model.addAttribute("returned", agenda.returned(Caller.current().orElseThrow(), LIMIT));
        return "console/home/sections :: returned";
    }

    @GetMapping("/console/home/inbox")
    String inbox(Model model) {
        // By step, in the chain's order: office, confidentiality, signer.
        Map<String, List<ItemAgenda.Waiting>> byStep = new LinkedHashMap<>();
        for (ReviewStep step : ReviewStep.values()) {
            byStep.put(step.key(), new ArrayList<>());
        }
        for (ItemAgenda.Waiting waiting : agenda.inbox(Caller.current().orElseThrow(), LIMIT)) {
            byStep.computeIfAbsent(waiting.step(), s -> new ArrayList<>()).add(waiting);
        }
        byStep.values().removeIf(List::isEmpty);
        model.addAttribute("inbox", byStep);
        return "console/home/sections :: inbox";
    }

    @GetMapping("/console/home/scheduled")
    String scheduled(Model model) {
        Caller me = Caller.current().orElseThrow();
        boolean editorial = Roles.EDITORIAL.stream().anyMatch(me::holds);
        LocalDate today = LocalDate.now(clock.withZone(BeijingTime.ZONE));
        Instant startOfToday = start(today);
        Instant tomorrow = start(today.plusDays(1));
        Instant nextWeek = start(today.with(TemporalAdjusters.next(DayOfWeek.MONDAY)));
        model.addAttribute("scheduledToday", editorial ? agenda.scheduled(startOfToday, tomorrow, LIMIT) : List.of());
        model.addAttribute("scheduledWeek", editorial && nextWeek.isAfter(tomorrow)
                ? agenda.scheduled(tomorrow, nextWeek, LIMIT) : List.of());
        return "console/home/sections :: scheduled";
    }

    @GetMapping("/console/home/channels")
    String channels(Model model) {
        model.addAttribute("channels", channels.all());
        model.addAttribute("quotas", quotas.today());
        model.addAttribute("checkedAt", clock.instant());
        return "console/home/sections :: channels";
    }

    @GetMapping("/console/home/compliance")
    String compliance(Model model) {
        Caller me = Caller.current().orElseThrow();
        boolean reader = COMPLIANCE_READERS.stream().anyMatch(me::holds);
        model.addAttribute("showCompliance", reader);
        model.addAttribute("freshness", reader ? freshness.current() : null);
        return "console/home/sections :: compliance";
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(BeijingTime.ZONE).toInstant();
    }
}
