package org.tongfa.console.admin;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.tongfa.channel.display.ScreenMonitor;
import org.tongfa.delivery.ChannelOverview;
import org.tongfa.item.ColumnController;

/**
 * The admin overview (管理), and the two pages operators read too: 渠道与栏目 (each channel's state and
 * backlog as {@code GET /api/v1/channels} gives it, each column's channels and review chain as
 * {@code GET /api/v1/columns}) and 屏幕 (each lobby screen as {@code GET /api/v1/screens}).
 */
@Controller
class AdminPages {

    private final ChannelOverview channels;
    private final ColumnController columns;
    private final ScreenMonitor screens;

    AdminPages(ChannelOverview channels, ColumnController columns, ScreenMonitor screens) {
        this.channels = channels;
        this.columns = columns;
        this.screens = screens;
    }

    @GetMapping({"/console/admin", "/console/admin/"})
    String overview() {
        return "console/admin/overview";
    }

    @GetMapping("/console/admin/channels")
    String channels(Model model) {
        model.addAttribute("channels", channels.all());
        model.addAttribute("columns", columns.columns());
        return "console/admin/channels";
    }

    @GetMapping("/console/admin/screens")
    String screens(Model model) {
        model.addAttribute("screens", screens.list());
        return "console/admin/screens";
    }
}
