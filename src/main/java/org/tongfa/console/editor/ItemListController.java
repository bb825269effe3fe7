package org.tongfa.console.editor;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.tongfa.console.ConsoleLabels;
import org.tongfa.config.TongfaProperties;
import org.tongfa.item.ItemService;
import org.tongfa.item.ItemStatus;
import org.tongfa.item.ItemView;
import org.tongfa.security.Caller;
import org.tongfa.security.SessionCallers;

/**
 * The item list (稿件, {@code GET /console/items}): newest change first, 50 a page, filtered by column,
 * state and words of the title; and the editor's related-item picker ({@code GET /console/items/picker?q=}),
 * an htmx fragment of the items whose title has the words.
 */
@Controller
class ItemListController {

    static final int PAGE_SIZE = 50;
    private static final int PICKER_SIZE = 10;

    private final ItemService items;
    private final TongfaProperties properties;
    private final SessionCallers people;
    private final ConsoleLabels labels;

    ItemListController(ItemService items, TongfaProperties properties, SessionCallers people, ConsoleLabels labels) {
        this.items = items;
        this.properties = properties;
        this.people = people;
        this.labels = labels;
    }

    /** One line of the list, as shown. */
    record Row(String id, String title, String column, String state, String stateCss, String drafter,
            java.time.Instant updatedAt) {
    }

    @GetMapping("/console/items")
    String list(@RequestParam(required = false) String column, @RequestParam(required = false) String status,
            @RequestParam(required = false) String q, @RequestParam(defaultValue = "1") String page, Model model) {
        String columnKey = column == null || !properties.columns().containsKey(column) ? null : column;
        ItemStatus state = parse(status);
        int number = pageNumber(page);
        ItemView.Page found = items.list(columnKey, state, q, number - 1, PAGE_SIZE);
        Map<String, String> names = new HashMap<>();
        List<Row> rows = found.items().stream().map(s -> new Row(s.id(), s.title(), labels.column(s.column()),
                s.status().label(), ConsoleLabels.css(s.status()),
                names.computeIfAbsent(s.createdBy(), this::displayName), s.updatedAt())).toList();
        long pages = Math.max(1, (found.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        model.addAttribute("rows", rows);
        model.addAttribute("total", found.total());
        model.addAttribute("page", number);
        model.addAttribute("pages", pages);
        model.addAttribute("column", columnKey);
        model.addAttribute("status", state == null ? null : state.name());
        model.addAttribute("q", q == null ? "" : q);
        Map<String, String> columns = new LinkedHashMap<>();
        properties.columns().forEach((key, c) -> columns.put(key, c.name()));
        model.addAttribute("columns", columns);
        Map<String, String> states = new LinkedHashMap<>();
        for (ItemStatus s : ItemStatus.values()) {
            states.put(s.name(), s.label());
        }
        model.addAttribute("states", states);
        model.addAttribute("query", query(columnKey, state, q));
        model.addAttribute("canDraft", Caller.current().map(c -> c.holds(org.tongfa.security.Role.DRAFTER)).orElse(false));
        return "console/editor/list";
    }

    @GetMapping("/console/items/picker")
    String picker(@RequestParam(required = false) String q, Model model) {
        List<Row> rows = q == null || q.isBlank() ? List.of()
                : items.list(null, null, q, 0, PICKER_SIZE).items().stream().map(s -> new Row(s.id(), s.title(),
                        labels.column(s.column()), s.status().label(), ConsoleLabels.css(s.status()), null,
                        s.updatedAt())).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("q", q == null ? "" : q.strip());
        return "console/editor/picker :: results";
    }

    private String displayName(String login) {
        return people.current(login).map(Caller::displayName).orElse(login);
    }

    private static ItemStatus parse(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return ItemStatus.valueOf(status);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    private static int pageNumber(String page) {
        try {
            return Math.max(1, Math.min(1_000_000, Integer.parseInt(page.strip())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** The filter's part of a page link: {@code column=news&status=DRAFT&q=...&}. */
    private static String query(String column, ItemStatus status, String q) {
        StringBuilder query = new StringBuilder();
        if (column != null) {
            query.append("column=").append(column).append('&');
        }
        if (status != null) {
            query.append("status=").append(status.name()).append('&');
        }
        if (q != null && !q.isBlank()) {
            query.append("q=").append(java.net.URLEncoder.encode(q.strip(), java.nio.charset.StandardCharsets.UTF_8))
                    .append('&');
        }
        return query.toString();
    }
}
