package org.tongfa.console.delivery;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.security.web.csrf.CsrfToken;
import org.tongfa.delivery.Delivery;
import org.tongfa.delivery.DeliveryDesk;
import org.tongfa.delivery.DeliveryLedger;
import org.tongfa.item.ItemAgenda;
import org.tongfa.item.ItemRefusal;
import org.tongfa.item.ItemView;
import org.tongfa.security.Caller;
import org.tongfa.security.Roles;

/**
 * 发布情况, the delivery matrix: items (the latest first, a page at a time) by channels, each cell where the
 * channel stands with the item, live through {@code /console/deliveries/events}. Operators retry a cell,
 * retry a channel's FAILED and DEAD deliveries, have an unknown outcome checked and re-enable a channel
 * the partner had closed (410), through the same {@link DeliveryDesk} as the REST API; editors see the
 * matrix without the buttons (and are refused the POSTs by the access rules).
 */
@Controller
class DeliveryMatrixController {

    static final int PAGE_SIZE = 20;
    /** The most items one stream follows (a page shows {@link #PAGE_SIZE}). */
    private static final int MAX_WATCHED = 100;

    /** One row: an item and its cells, one per channel shown. */
    public record Row(String itemId, String title, String status, List<MatrixCell> cells) {
    }

    private final DeliveryLedger ledger;
    private final DeliveryDesk desk;
    private final MatrixCells cells;
    private final DeliveryStream stream;
    private final ItemAgenda items;

    DeliveryMatrixController(DeliveryLedger ledger, DeliveryDesk desk, MatrixCells cells, DeliveryStream stream,
            ItemAgenda items) {
        this.ledger = ledger;
        this.desk = desk;
        this.cells = cells;
        this.stream = stream;
        this.items = items;
    }

    @GetMapping("/console/deliveries")
    String matrix(@RequestParam(required = false) String item, @RequestParam(required = false) String channel,
            @RequestParam(defaultValue = "1") int page, HttpServletRequest request, Model model) {
        String only = channel == null || channel.isBlank() ? null : channel;
        Page shown = page(item, only, Math.max(1, page), PAGE_SIZE);
        model.addAttribute("channels", shown.channels());
        model.addAttribute("allChannels", shown.allChannels());
        model.addAttribute("rows", shown.rows());
        model.addAttribute("channel", only);
        model.addAttribute("item", item);
        model.addAttribute("page", shown.page());
        model.addAttribute("pages", shown.pages());
        model.addAttribute("events", eventsUrl(shown.rows().stream().map(Row::itemId).toList(), only));
        viewer(request, model, shown.rows());
        return "console/delivery/matrix";
    }

    /**
     * What one page of the matrix shows, read in a fixed number of queries whatever {@code size} is: the
     * channels' state (one), the page of item ids and their count (two), the rows' items (one) and all
     * their cells (one).
     *
     * @param item the one item to show, or {@code null} for the latest items a page at a time
     * @param channel the one channel to show, or {@code null} for all
     * @param page the page, from 1
     * @throws org.tongfa.item.ItemRefusal NOT_FOUND when {@code item} names no item
     */
    Page page(String item, String channel, int page, int size) {
        List<DeliveryDesk.ChannelState> all = desk.channels();
        List<DeliveryDesk.ChannelState> channels = all.stream()
                .filter(c -> channel == null || c.id().equals(channel)).toList();
        List<String> ids;
        long total;
        if (item != null && !item.isBlank()) {
            ids = List.of(item);
            total = 1;
        } else {
            ids = ledger.recentItems(channel, (page - 1) * size, size);
            total = ledger.countItems(channel);
        }
        return new Page(channels, all, rows(ids, channels), page, Math.max(1, (total + size - 1) / size));
    }

    /** One page of the matrix: the channels shown (of all configured), its rows, its number of the count. */
    record Page(List<DeliveryDesk.ChannelState> channels, List<DeliveryDesk.ChannelState> allChannels, List<Row> rows,
            int page, long pages) {
    }

    /** The rows of these items with a cell for each channel shown (empty where the item never went). */
    List<Row> rows(List<String> ids, List<DeliveryDesk.ChannelState> channels) {
        Map<String, Map<String, MatrixCell>> byItem = new LinkedHashMap<>();
        cells.latest(ids).forEach(c -> byItem.computeIfAbsent(c.itemId(), k -> new LinkedHashMap<>()).put(c.channel(), c));
        Map<String, ItemView.Summary> found = items.summaries(ids);
        List<Row> rows = new ArrayList<>();
        for (String id : ids) {
            ItemView.Summary view = found.get(id);
            if (view == null) {
                throw ItemRefusal.notFound("no item " + id);
            }
            Map<String, MatrixCell> own = byItem.getOrDefault(id, Map.of());
            rows.add(new Row(id, view.title(), view.status().name(), channels.stream()
                    .map(c -> own.getOrDefault(c.id(), MatrixCell.empty(id, c.id()))).toList()));
        }
        return rows;
    }

    static String eventsUrl(List<String> ids, String channel) {
        return "/console/deliveries/events?items=" + String.join(",", ids) + (channel == null ? "" : "&channel=" + channel);
    }

    /**
     * Adds what the page needs about the viewer: its rows' cells as written for it ({@code cellsHtml}, by
     * item), and for the channels' own forms {@code canAct}, the CSRF field's name and token.
     */
    static CellRenderer.Viewer viewer(HttpServletRequest request, Model model, List<Row> rows) {
        CellRenderer.Viewer viewer = viewer(request);
        Map<String, String> cellsHtml = new HashMap<>();
        rows.forEach(r -> cellsHtml.put(r.itemId(), CellRenderer.write(r.cells(), viewer)));
        model.addAttribute("cellsHtml", cellsHtml);
        model.addAttribute("canAct", viewer.canAct());
        model.addAttribute("csrfParam", viewer.csrfParam());
        model.addAttribute("csrfToken", viewer.csrfToken());
        return viewer;
    }

    static CellRenderer.Viewer viewer(HttpServletRequest request) {
        boolean operator = Caller.current().map(c -> Roles.OPERATIONS.stream().anyMatch(c::holds)).orElse(false);
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return new CellRenderer.Viewer(operator, token == null ? "_csrf" : token.getParameterName(),
                token == null ? "" : token.getToken());
    }

    /** The live stream of an open matrix: the cells of {@code items}, pushed when the ledger changes. */
    @GetMapping(path = "/console/deliveries/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter events(@RequestParam(defaultValue = "") String items, @RequestParam(required = false) String channel,
            HttpServletRequest request) {
        List<String> watched = Arrays.stream(items.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .distinct().limit(MAX_WATCHED).toList();
        if (watched.isEmpty()) {
            // Nothing to follow (a page with no rows): the stream ends at once rather than idling open.
            SseEmitter none = new SseEmitter(0L);
            none.complete();
            return none;
        }
        return stream.subscribe(watched, channel == null || channel.isBlank() ? null : channel, viewer(request));
    }

    /**
     * Retries one cell: a FAILED or DEAD delivery as {@code POST /api/v1/deliveries/{id}/retry} does; one
     * waiting for its next scheduled attempt after a failure is tried now instead (same key, fresh schedule kept).
     */
    @PostMapping("/console/deliveries/{id}/retry")
    String retry(@PathVariable long id, HttpServletRequest request, Model model, RedirectAttributes flash) {
        try {
            Delivery d = desk.retryOrAttemptNow(id, login());
            return answer(request, model, flash, "已重新排队：" + d.channel() + " 将立即重试。", null);
        } catch (DeliveryDesk.Refused refused) {
            return answer(request, model, flash, null, retryRefusal(refused));
        }
    }

    @PostMapping("/console/deliveries/channel/{channel}/retry-failed")
    String retryFailed(@PathVariable String channel, HttpServletRequest request, Model model, RedirectAttributes flash) {
        try {
            List<Delivery> requeued = desk.retryFailed(channel, login());
            return requeued.isEmpty()
                    ? answer(request, model, flash, null, "渠道 " + channel + " 没有可重试的失败或已放弃的投递。")
                    : answer(request, model, flash, "渠道 " + channel + " 的 " + requeued.size() + " 条失败投递已重新排队。", null);
        } catch (DeliveryDesk.Refused refused) {
            return answer(request, model, flash, null, "没有正在运行的渠道 " + channel + "。");
        }
    }

    @PostMapping("/console/deliveries/{id}/check")
    String check(@PathVariable long id, HttpServletRequest request, Model model, RedirectAttributes flash) {
        try {
            Delivery d = desk.checkRemote(id);
            return answer(request, model, flash, "已请 " + d.channel() + " 立即核对对方状态（同一幂等键，不会重复发布）。", null);
        } catch (DeliveryDesk.Refused refused) {
            return answer(request, model, flash, null, refused.refusal() == DeliveryDesk.Refusal.NOT_FOUND
                    ? "没有这条投递记录。" : "只有“结果未知”的投递才需要核对对方状态。");
        }
    }

    @PostMapping("/console/deliveries/channel/{channel}/enable")
    String enable(@PathVariable String channel, HttpServletRequest request, Model model, RedirectAttributes flash) {
        try {
            desk.enable(channel, login());
            return answer(request, model, flash, "渠道 " + channel + " 已重新启用。", null);
        } catch (DeliveryDesk.Refused refused) {
            return answer(request, model, flash, null, "没有正在运行的渠道 " + channel + "。");
        }
    }

    /**
     * An action's answer: to htmx (the page stays, its cells follow live) the line for the notice area; to a
     * plain form post a redirect back to the page, with the line as a flash attribute.
     */
    private static String answer(HttpServletRequest request, Model model, RedirectAttributes flash, String message,
            String refusal) {
        if ("true".equals(request.getHeader("HX-Request"))) {
            model.addAttribute("message", message);
            model.addAttribute("refusal", refusal);
            return "console/delivery/notice";
        }
        flash.addFlashAttribute("message", message);
        flash.addFlashAttribute("refusal", refusal);
        return redirect(request);
    }

    /** A retry refusal in Chinese, as the API's 404 and 409 say it. */
    static String retryRefusal(DeliveryDesk.Refused refused) {
        switch (refused.refusal()) {
            case NOT_FOUND:
                return "没有这条投递记录。";
            case REPLACED:
                Delivery later = refused.successor().orElseThrow();
                return "这条投递已被同一稿件在此渠道上更新的操作（第 " + later.id() + " 号投递）取代，再发送会撤销它，因此不能重试。";
            default:
                return "只有失败、已放弃或失败待重试的投递可以手动重试。";
        }
    }

    private static String login() {
        return Caller.current().map(Caller::login).orElse(null);
    }

    /** Back to the console page the form was on (its path and query, from the Referer), else the matrix. */
    private static String redirect(HttpServletRequest request) {
        String back = "/console/deliveries";
        String referer = request.getHeader("Referer");
        if (referer != null) {
            try {
                java.net.URI uri = new java.net.URI(referer);
                if (uri.getRawPath() != null && uri.getRawPath().startsWith("/console/")) {
                    back = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                }
            } catch (java.net.URISyntaxException e) {
                // not a URL: back to the matrix
            }
        }
        return "redirect:" + back;
    }
}
