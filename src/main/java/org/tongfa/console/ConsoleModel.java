package org.tongfa.console;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;
import org.tongfa.security.Roles;

/**
 * What every console page's frame needs, added to the model of every controller in this package and its
 * sub-packages: {@code me} (the signed-in {@link Caller}, or {@code null} on the sign-in page),
 * {@code nav} (the sections this person's roles open, each with {@code current} set for the page's own
 * section) and {@code path} (the request's path; Thymeleaf 3.1 no longer exposes the request).
 */
@ControllerAdvice(basePackages = "org.tongfa.console")
class ConsoleModel {

    /** One section of the navigation. */
    public record NavEntry(String href, String label, boolean current) {
    }

    private record Section(String href, String label, Set<Role> roles) {
    }

    private static final List<Section> SECTIONS = List.of(
            new Section("/console/", "工作台", Roles.EDITORIAL_AND_OPERATIONS),
            new Section("/console/items", "稿件", Roles.EDITORIAL),
            new Section("/console/review", "待我审核", Roles.REVIEWING),
            new Section("/console/deliveries", "发布情况", Roles.EDITORIAL_AND_OPERATIONS),
            new Section("/console/calendar", "日历", Roles.EDITORIAL),
            new Section("/console/reports/annual", "年报", Set.of(Role.REVIEWER, Role.SIGNER, Role.OPERATOR, Role.ADMIN)),
            new Section("/console/admin/channels", "渠道与屏幕", Set.of(Role.OPERATOR)),
            new Section("/console/admin", "管理", Set.of(Role.ADMIN)));

    @ModelAttribute("me")
    Caller me() {
        return Caller.current().orElse(null);
    }

    @ModelAttribute("path")
    String path(HttpServletRequest request) {
        return request.getRequestURI();
    }

    @ModelAttribute("nav")
    List<NavEntry> nav(HttpServletRequest request) {
        Caller caller = Caller.current().orElse(null);
        List<NavEntry> entries = new ArrayList<>();
        if (caller == null) {
            return entries;
        }
        String path = request.getRequestURI();
        String current = null;
        for (Section section : SECTIONS) {
            boolean prefix = section.href().equals("/console/") ? path.equals("/console/") || path.equals("/console")
                    : path.equals(section.href()) || path.startsWith(section.href() + "/");
            if (prefix && (current == null || section.href().length() > current.length())) {
                current = section.href();
            }
        }
        for (Section section : SECTIONS) {
            if (section.roles().stream().anyMatch(caller::holds)) {
                entries.add(new NavEntry(section.href(), section.label(), section.href().equals(current)));
            }
        }
        return entries;
    }
}
