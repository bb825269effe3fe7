package org.tongfa.console.preview;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tongfa.channel.display.DisplayPreview;
import org.tongfa.channel.wechat.WeChatPreview;
import org.tongfa.console.ConsoleTimes;
import org.tongfa.delivery.ChannelPreview;
import org.tongfa.delivery.ChannelRegistry;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.SnapshotSource;
import org.tongfa.item.ItemRefusal;
import org.tongfa.item.ItemService;
import org.tongfa.item.ItemView;
import org.tongfa.security.Caller;
import org.tongfa.security.PreviewPolicies;

/**
 * The preview page (预览) of an item version, its frames, and the shared read-only preview. Every
 * rendering comes from the channel's own code: the website's item page and elder mode
 * ({@link ChannelPreview} of the website channel), the feeds' entries and the webhook's payload (theirs),
 * the WeChat article ({@link WeChatPreview}) and the lobby screen (the real player, {@link DisplayPreview},
 * fed with this one item). Each frame sets the policy the real page would be served with.
 */
@Controller
class PreviewPages {

    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

    private final ItemService items;
    private final SnapshotSource snapshots;
    private final ChannelRegistry channels;
    private final WeChatPreview wechat;
    private final DisplayPreview display;
    private final PreviewPolicies policies;
    private final PreviewLinks links;
    private final ConsoleTimes times;
    private final Clock clock;

    PreviewPages(ItemService items, SnapshotSource snapshots, ChannelRegistry channels, WeChatPreview wechat,
            DisplayPreview display, PreviewPolicies policies, PreviewLinks links, ConsoleTimes times, Clock clock) {
        this.items = items;
        this.snapshots = snapshots;
        this.channels = channels;
        this.wechat = wechat;
        this.display = display;
        this.policies = policies;
        this.links = links;
        this.times = times;
        this.clock = clock;
    }

    /** One channel's column on the preview page. */
    public record ChannelView(String id, String label, String type, List<ChannelPreview.Rendering> renderings) {
    }

    @GetMapping("/console/items/{id}/preview")
    String preview(@PathVariable String id, @RequestParam(required = false) Integer version, Model model) {
        ItemView item = item(id, version);
        fill(model, item, "/console/items/" + id + "/preview/");
        model.addAttribute("shared", false);
        return "console/preview/preview";
    }

    /** A read-only link to this version for a reviewer, valid {@link PreviewLinks#VALIDITY}. */
    @PostMapping("/console/items/{id}/preview-link")
    String link(@PathVariable String id, @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        ItemView item = item(id, version);
        redirect.addFlashAttribute("sharedLink", "/console/shared-preview/" + links.issue(id, item.version()));
        redirect.addFlashAttribute("sharedUntil", times.minute(clock.instant().plus(PreviewLinks.VALIDITY)));
        return "redirect:/console/items/" + id + "/preview?version=" + item.version();
    }

    @GetMapping("/console/shared-preview/{token}")
    String shared(@PathVariable String token, Model model, HttpServletResponse response) {
        PreviewLinks.Checked checked = links.check(token);
        if (checked.link() == null) {
            boolean expired = checked.refusal() == PreviewLinks.Refusal.EXPIRED;
            response.setStatus(expired ? HttpStatus.GONE.value() : HttpStatus.NOT_FOUND.value());
            model.addAttribute("expired", expired);
            return "console/preview/link-refused";
        }
        ItemView item = items.get(checked.link().itemId(), checked.link().version());
        fill(model, item, "/console/shared-preview/" + token + "/");
        model.addAttribute("shared", true);
        model.addAttribute("expiresAt", checked.link().expiresAt());
        return "console/preview/preview";
    }

    private void fill(Model model, ItemView item, String frames) {
        model.addAttribute("item", item);
        model.addAttribute("frames", frames);
        model.addAttribute("frameQuery", "?version=" + item.version());
        List<ChannelView> views = new ArrayList<>();
        boolean screens = false;
        String website = null;
        for (String channelId : item.channels()) {
            if (!channels.enabledIds().contains(channelId)) {
                continue;
            }
            String type = channels.type(channelId);
            if (type.equals("display")) {
                screens = true;
                continue;
            }
            var channel = channels.channel(channelId).orElse(null);
            if (channel instanceof ChannelPreview preview) {
                if (type.equals("website")) {
                    website = channelId;
                }
                views.add(new ChannelView(channelId, label(type) + "（" + channelId + "）", type,
                        type.equals("website") ? List.of() : preview.preview(snapshot(item, channelId))));
            }
        }
        model.addAttribute("channels", views);
        model.addAttribute("website", website);
        model.addAttribute("screens", screens);
        boolean wechatChosen = item.channels().stream().anyMatch(c -> "wechat".equals(typeOf(c)));
        model.addAttribute("wechatChosen", wechatChosen);
        model.addAttribute("wechat", wechat.preview(snapshot(item, wechatChannel(item))));
    }

    // ---- frames ---------------------------------------------------------------------------------

    @GetMapping("/console/items/{id}/preview/website")
    ResponseEntity<String> website(@PathVariable String id, @RequestParam(required = false) Integer version,
            @RequestParam(defaultValue = "page") String mode) {
        return websiteFrame(item(id, version), mode);
    }

    @GetMapping("/console/shared-preview/{token}/website")
    ResponseEntity<String> sharedWebsite(@PathVariable String token, @RequestParam(defaultValue = "page") String mode) {
        return websiteFrame(sharedItem(token), mode);
    }

    @GetMapping("/console/items/{id}/preview/wechat")
    ResponseEntity<String> wechat(@PathVariable String id, @RequestParam(required = false) Integer version) {
        return wechatFrame(item(id, version));
    }

    @GetMapping("/console/shared-preview/{token}/wechat")
    ResponseEntity<String> sharedWechat(@PathVariable String token) {
        return wechatFrame(sharedItem(token));
    }

    private ResponseEntity<String> websiteFrame(ItemView item, String mode) {
        String channelId = item.channels().stream().filter(c -> "website".equals(typeOf(c))).findFirst()
                .orElseThrow(() -> ItemRefusal.notFound("item " + item.id() + " does not go to the website"));
        ChannelPreview preview = (ChannelPreview) channels.channel(channelId).orElseThrow();
        List<ChannelPreview.Rendering> renderings = preview.preview(snapshot(item, channelId));
        String body = renderings.get(mode.equals("elder") && renderings.size() > 1 ? 1 : 0).body();
        return frame(body, policies.site());
    }

    private ResponseEntity<String> wechatFrame(ItemView item) {
        ChannelPreview.Rendering article = wechat.preview(snapshot(item, wechatChannel(item)));
        String page = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>公众号文章预览</title>"
                + "<link rel=\"stylesheet\" href=\"/console/assets/preview.css\"></head><body class=\"wechat-phone\"><main aria-label=\"公众号文章\">"
                + article.body() + "</main></body></html>";
        return frame(page, policies.article());
    }

    /** The real player page; it loads {@code ../player.js}, {@code ../player.css} and polls {@code <path>/feed.json}. */
    @GetMapping("/console/items/{id}/preview/display/{screen}")
    ResponseEntity<byte[]> player(@PathVariable String id, @PathVariable String screen) {
        screenItem(id, screen);
        return ResponseEntity.ok().contentType(HTML).cacheControl(CacheControl.noStore())
                .header(PreviewPolicies.HEADER, policies.player()).body(display.player());
    }

    @GetMapping("/console/items/{id}/preview/player.js")
    ResponseEntity<byte[]> playerScript(@PathVariable String id) {
        return ResponseEntity.ok().contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache()).body(display.script());
    }

    @GetMapping("/console/items/{id}/preview/player.css")
    ResponseEntity<byte[]> playerStyle(@PathVariable String id) {
        return ResponseEntity.ok().contentType(new MediaType("text", "css", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache()).body(display.style());
    }

    /** The preview screen's feed: this one item, as a screen of that orientation showing its column gets it. */
    @GetMapping("/console/items/{id}/preview/display/{screen}/feed.json")
    ResponseEntity<byte[]> feed(@PathVariable String id, @PathVariable String screen) {
        ItemView item = screenItem(id, screen);
        String orientation = screen.substring(0, screen.indexOf('-'));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore())
                .body(display.feed(snapshot(item, screenChannel(item)), orientation));
    }

    /** A preview screen's heartbeat: answered as a screen's is, recorded nowhere. */
    @PostMapping("/console/items/{id}/preview/display/{screen}/heartbeat")
    ResponseEntity<Void> heartbeat(@PathVariable String id, @PathVariable String screen) {
        return ResponseEntity.noContent().build();
    }

    /** The push stream's token: the preview screen's stream carries nothing, so it keeps polling its one feed. */
    @PostMapping("/console/items/{id}/preview/display/{screen}/stream-token")
    ResponseEntity<Map<String, Object>> streamToken(@PathVariable String id, @PathVariable String screen) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(Map.of("token", "preview", "expiresInSeconds", 60));
    }

    @GetMapping("/console/items/{id}/preview/display/{screen}/events")
    ResponseEntity<String> events(@PathVariable String id, @PathVariable String screen) {
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).cacheControl(CacheControl.noStore())
                .body(": preview\n\n");
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** {@code landscape-3}: a screen in that orientation, showing version 3. */
    private ItemView screenItem(String id, String screen) {
        int dash = screen.indexOf('-');
        if (dash < 0 || !DisplayPreview.isOrientation(screen.substring(0, dash))
                || !screen.substring(dash + 1).matches("\\d{1,9}")) {
            throw ItemRefusal.notFound("no preview screen " + screen);
        }
        return item(id, Integer.valueOf(screen.substring(dash + 1)));
    }

    private ItemView item(String id, Integer version) {
        if (!id.matches("[0-9a-f-]{36}")) {
            throw ItemRefusal.notFound("no item " + id);
        }
        return version == null ? items.get(id) : items.get(id, version);
    }

    private ItemView sharedItem(String token) {
        PreviewLinks.Link link = links.valid(token).orElseThrow(() -> ItemRefusal.notFound("no preview " + token));
        return items.get(link.itemId(), link.version());
    }

    /**
     * The version as {@code channelId} would receive it (its overrides applied); a version never
     * published shows the time of the preview as its publication time.
     */
    private ItemSnapshot snapshot(ItemView item, String channelId) {
        ItemSnapshot s = snapshots.snapshot(item.id(), item.version(), channelId);
        java.time.Instant now = clock.instant();
        java.time.Instant published = s.publishedAt() == null ? now : s.publishedAt();
        return new ItemSnapshot(s.itemId(), s.version(), s.title(), s.summary(), s.bodyHtml(), s.author(),
                s.department(), s.column(), s.columnName(), s.disclosureType(), s.indexNumber(), s.documentNumber(),
                s.cover(), s.images(), s.tags(), s.priority(), published, s.updatedAt() == null ? published
                        : s.updatedAt(), s.expireAt(), s.related(), s.signedOn(), s.validity(), s.topic(), s.reviewers());
    }

    private String wechatChannel(ItemView item) {
        return item.channels().stream().filter(c -> "wechat".equals(typeOf(c))).findFirst().orElse("wechat");
    }

    private String screenChannel(ItemView item) {
        return item.channels().stream().filter(c -> "display".equals(typeOf(c))).findFirst().orElse("display");
    }

    /** The type of an enabled channel, or {@code null}. */
    private String typeOf(String channelId) {
        return channels.enabledIds().contains(channelId) ? channels.type(channelId) : null;
    }

    private static ResponseEntity<String> frame(String html, String policy) {
        return ResponseEntity.ok().contentType(HTML).cacheControl(CacheControl.noStore())
                .header(PreviewPolicies.HEADER, policy).body(html);
    }

    static String label(String type) {
        return switch (type) {
            case "website" -> "网站";
            case "feed" -> "订阅源（RSS/Atom/JSON）";
            case "webhook" -> "推送接口";
            case "wechat" -> "微信公众号";
            case "display" -> "大厅显示屏";
            case "folder" -> "归档目录";
            default -> type;
        };
    }

    /** No such item, version or preview: a Chinese page, 404. */
    @ExceptionHandler(ItemRefusal.class)
    String refused(ItemRefusal refusal, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        model.addAttribute("me", Caller.current().orElse(null));
        model.addAttribute("message", "没有这篇稿件、这个版本或这个预览。");
        return "console/review/refused";
    }
}
