package org.tongfa.console.delivery;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tongfa.console.FormErrors;
import org.tongfa.delivery.DeliveryDesk;
import org.tongfa.item.ItemRefusal;
import org.tongfa.item.ItemService;
import org.tongfa.item.ItemStatus;
import org.tongfa.item.ItemView;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;

/**
 * 撤回: the retraction form (a reason is required) and each channel's result as it arrives, live through the
 * delivery matrix's stream. The form posts to {@link ItemService#retract}, the same call as
 * {@code POST /api/v1/items/{id}/retract}; only a signer of the item's column sees the button.
 */
@Controller
class RetractController {

    private final ItemService items;
    private final DeliveryDesk desk;
    private final DeliveryMatrixController matrix;

    RetractController(ItemService items, DeliveryDesk desk, DeliveryMatrixController matrix) {
        this.items = items;
        this.desk = desk;
        this.matrix = matrix;
    }

    @GetMapping("/console/items/{id}/retract")
    String form(@PathVariable String id, HttpServletRequest request, Model model) {
        return page(id, null, FormErrors.none(), request, model);
    }

    @PostMapping("/console/items/{id}/retract")
    String retract(@PathVariable String id, @RequestParam(required = false) String reason, HttpServletRequest request,
            Model model, RedirectAttributes flash) {
        try {
            items.retract(id, reason, Caller.current().orElseThrow());
        } catch (ItemRefusal refusal) {
            if (refusal.kind() == ItemRefusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            return page(id, reason, errors(refusal), request, model);
        }
        flash.addFlashAttribute("message", "已提交撤回，各渠道的撤回结果会在下方陆续显示。");
        return "redirect:/console/items/" + id + "/retract";
    }

    private String page(String id, String reason, FormErrors errors, HttpServletRequest request, Model model) {
        ItemView item = items.get(id);
        Caller me = Caller.current().orElseThrow();
        List<DeliveryDesk.ChannelState> channels = desk.channels().stream()
                .filter(c -> item.channels().contains(c.id())).toList();
        model.addAttribute("item", item);
        model.addAttribute("reason", reason);
        model.addAttribute("errors", errors);
        boolean published = item.status() == ItemStatus.PUBLISHED;
        model.addAttribute("published", published);
        model.addAttribute("stateLabel", published ? "已发布" : item.status() == ItemStatus.RETRACTED ? "已撤回" : "未发布");
        model.addAttribute("mayRetract", me.holds(Role.SIGNER, item.column()) && published);
        model.addAttribute("channels", channels);
        List<DeliveryMatrixController.Row> rows = matrix.rows(List.of(id), channels);
        model.addAttribute("rows", rows);
        model.addAttribute("events", DeliveryMatrixController.eventsUrl(List.of(id), null));
        DeliveryMatrixController.viewer(request, model, rows);
        return "console/delivery/retract";
    }

    /** The service's refusal as the form shows it, in Chinese. */
    private static FormErrors errors(ItemRefusal refusal) {
        FormErrors errors = FormErrors.none();
        refusal.fields().forEach(f -> errors.add(f.field(), FormErrors.chinese(f.message())));
        if (refusal.fields().isEmpty()) {
            errors.addSummary(refusal.kind() == ItemRefusal.Kind.FORBIDDEN ? "您没有此栏目的签发权限，不能撤回。"
                    : FormErrors.chinese(refusal.getMessage()));
        }
        return errors;
    }
}
